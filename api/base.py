"""What every endpoint shares: the token's authentication, scope, masking, throttle, read-only
methods, and one access-log entry per call."""

import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, generics, mixins, permissions, viewsets
from rest_framework.pagination import CursorPagination

from bianzhi import access_log, privacy
from bianzhi.models import AccessAction, IdNumbers

from .authentication import PartnerTokenAuthentication
from .models import PartnerToken
from .throttling import PartnerTokenThrottle

DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    description="数据日期（YYYY-MM-DD），默认今天：按生效日期计算当日的核定数、实有人员等。",
)


class HasLiveToken(permissions.BasePermission):
    message = "请在 Authorization 头中提供有效的接口令牌。"

    def has_permission(self, request, view):
        return isinstance(request.auth, PartnerToken) and request.method in permissions.SAFE_METHODS


class IdCursorPagination(CursorPagination):
    """Stable pages by id: a consumer paging through sees each row once."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class PartnerBase(generics.GenericAPIView):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [HasLiveToken]
    throttle_classes = [PartnerTokenThrottle]
    pagination_class = IdCursorPagination
    lookup_value_regex = r"\d+"
    # The region lookup of the model (its Scoping.region) limits every row to the token's regions.
    region_lookup = "region"
    # What the access log says the call showed of ID numbers.
    shows_id_numbers = False

    @property
    def token(self) -> PartnerToken:
        return self.request.auth

    @property
    def policy(self) -> privacy.IdPolicy:
        return self.token.id_policy

    def scoped(self, queryset):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no token
            return queryset.none()
        return queryset.filter(**{f"{self.region_lookup}__in": self.token_regions()})

    def token_regions(self) -> frozenset[int]:
        return self.token.account.scope.region_ids()

    def day(self) -> datetime.date:
        raw = self.request.query_params.get("date")
        if not raw:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as error:
            raise exceptions.ValidationError({"date": "日期格式应为 YYYY-MM-DD。"}) from error

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if isinstance(self.request.auth, PartnerToken):
            context["policy"] = self.policy
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth
        if isinstance(token, PartnerToken):
            shown = IdNumbers.NONE
            if self.shows_id_numbers:
                shown = IdNumbers.FULL if token.id_policy.full else IdNumbers.MASKED
            access_log.record(
                request._request,
                action=AccessAction.API_CALL,
                label=f"{token.system}：{request.method} {request.path}（{response.status_code}）",
                scope=f"范围：{token.region}",
                id_numbers=shown,
                query=privacy.MASKED.text(request.META.get("QUERY_STRING", "")),
            )
        return response


class PartnerViewSet(
    viewsets.ViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, PartnerBase
):
    """A list and its rows by id."""
