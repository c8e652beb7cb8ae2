from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bianzhi.help import HelpView
from bianzhi.pickers import SearchSelectView
from bianzhi.rules import RulesView

admin.site.site_header = "机构编制实名制管理 · 系统管理"
admin.site.site_title = "机构编制实名制管理"
admin.site.index_title = "系统管理"


def _superusers_only(request) -> bool:
    """The Django admin is the system operator's (superusers); an office admin manages
    accounts in the application (/accounts/), never here."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.auth_urls")),
    path("rules/", RulesView.as_view(), name="rules"),
    path("help/", HelpView.as_view(), name="help"),
    path("help/<slug:role>/", HelpView.as_view(), name="help_role"),
    path("pick/", SearchSelectView.as_view(), name="pick"),
    path("", include("orgs.urls")),
    path("staffing/", include("staffing.urls")),
    path("people/", include("people.urls")),
    path("schools/", include("schools.urls")),
    path("hospitals/", include("hospitals.urls")),
    path("plans/", include("plans.urls")),
    path("reclaims/", include("reclaims.urls")),
    path("confirmations/", include("confirmations.urls")),
    path("funding/", include("funding.urls")),
    path("certificates/", include("certificates.urls")),
    path("checks/", include("checks.urls")),
    path("cases/", include("cases.urls")),
    path("payroll/", include("payroll.urls")),
    path("oversight/", include("oversight.urls")),
    path("assessments/", include("assessments.urls")),
    path("followups/", include("followups.urls")),
    path("search/", include("search.urls")),
    path("exports/", include("bianzhi.export_urls")),
    path("imports/", include("bianzhi.import_urls")),
    path("attachments/", include("attachments.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("api.urls")),
    path("exchange/", include("exchange.urls")),
    path("admin/", admin.site.urls),
]
