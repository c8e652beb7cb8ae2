"""/api/: the read-only REST API for partner systems (v1), its OpenAPI 3 schema and its docs, and
the office admin's token pages under /api/tokens/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from . import token_views, views

router = SimpleRouter()
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("quota-lines", views.QuotaLineViewSet, basename="quota-line")
router.register("leadership-quotas", views.LeadershipQuotaViewSet, basename="leadership-quota")
router.register("people", views.PersonViewSet, basename="person")
router.register("certificates", views.CertificateViewSet, basename="certificate")

app_name = "api"

# Partner systems have no session: the API authenticates each call by its token.
for pattern in router.urls:
    login_not_required(pattern.callback)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/changes/", login_not_required(views.ChangeFeedView.as_view()), name="change-list"),
    path("v1/funding/", login_not_required(views.FundingView.as_view()), name="funding-list"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("tokens/", token_views.TokenListView.as_view(), name="token_list"),
    path("tokens/add/", token_views.TokenCreateView.as_view(), name="token_add"),
    path("tokens/<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token_revoke"),
]
