"""The read-only endpoints under /api/v1/ (数据共享接口). Thin: scope, as-of day and masking come
from api.base, figures from api.figures, the feed from api.feed."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from certificates.models import Certificate
from funding import figures as funding_figures
from funding import filters as funding_filters
from funding import selectors as funding_selectors
from orgs.models import Institution, Region
from people.asof_effective import appointment_running_on
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import LeadershipQuota, QuotaLine
from staffing.occupancy import record_held_on

from . import feed, filters
from .base import DATE_PARAMETER, PartnerBase, PartnerViewSet
from .figures import lines_on
from .serializers import (
    CertificateSerializer,
    FundingRowSerializer,
    InstitutionSerializer,
    LeadershipQuotaSerializer,
    PersonSerializer,
    QuotaLineSerializer,
)

DAY_VIEWS = extend_schema_view(
    list=extend_schema(parameters=[DATE_PARAMETER]),
    retrieve=extend_schema(parameters=[DATE_PARAMETER]),
)


class InstitutionViewSet(PartnerViewSet):
    """机构：名称、区划、类型、规格、状态。"""

    queryset = Institution.objects.none()  # the model, for the schema
    serializer_class = InstitutionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.InstitutionFilter

    def get_queryset(self):
        return self.scoped(Institution.objects.select_related("region"))


@DAY_VIEWS
class QuotaLineViewSet(PartnerViewSet):
    """编制：每个机构每种编制类型（经费形式）的核定数、实有人数、已核准未使用数、空编、超编，按 ?date= 当日计算。"""

    queryset = QuotaLine.objects.none()  # the model, for the schema
    serializer_class = QuotaLineSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.QuotaLineFilter
    region_lookup = "institution__region"

    def get_queryset(self):
        lines = self.scoped(QuotaLine.objects.select_related("institution"))
        return lines_on(lines, self.day())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "day": self.day()}


@DAY_VIEWS
class LeadershipQuotaViewSet(PartnerViewSet):
    """领导职数：核定职数、实配和当日在任人员。"""

    queryset = LeadershipQuota.objects.none()  # the model, for the schema
    serializer_class = LeadershipQuotaSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.LeadershipQuotaFilter
    region_lookup = "institution__region"

    def get_queryset(self):
        holders = LeadershipAppointment.objects.filter(
            appointment_running_on(self.day())
        ).select_related("person")
        return self.scoped(
            LeadershipQuota.objects.select_related("institution", "department").prefetch_related(
                Prefetch("appointments", queryset=holders, to_attr="holders_on_day")
            )
        )


@DAY_VIEWS
class PersonViewSet(PartnerViewSet):
    """实名人员：?date= 当日在编的人员及其占编记录；身份证号按令牌的脱敏策略显示。"""

    queryset = Person.objects.none()  # the model, for the schema
    serializer_class = PersonSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.PersonFilter
    shows_id_numbers = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        day = self.day()
        regions = self.token_regions()
        held = EstablishmentRecord.objects.filter(
            record_held_on(day), quota_line__institution__region__in=regions
        ).select_related("quota_line__institution")
        people = Person.objects.filter(
            pk__in=EstablishmentRecord.objects.filter(
                record_held_on(day), quota_line__institution__region__in=regions
            ).values("person")
        )
        return people.prefetch_related(Prefetch("records", queryset=held, to_attr="records_on_day"))


class CertificateViewSet(PartnerViewSet):
    """机构编制管理证：编号、版次、发证日期和状态（有效、已换发、已收回）。"""

    queryset = Certificate.objects.none()  # the model, for the schema
    serializer_class = CertificateSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.CertificateFilter
    region_lookup = "institution__region"

    def get_queryset(self):
        return self.scoped(Certificate.objects.select_related("institution"))


FEED_ENTRY = inline_serializer(
    "ChangeEntry",
    {
        "source": serializers.ChoiceField(choices=feed.SOURCES),
        "id": serializers.IntegerField(),
        "at": serializers.DateTimeField(),
        "kind": serializers.CharField(),
        "kind_label": serializers.CharField(),
        "summary": serializers.CharField(),
        "effective_on": serializers.DateField(),
        "document_number": serializers.CharField(),
        "institutions": serializers.ListField(child=serializers.IntegerField()),
        "lines": serializers.ListField(child=serializers.DictField()),
        "people": serializers.ListField(child=serializers.DictField()),
        "cursor": serializers.CharField(),
    },
)
FEED_PAGE = inline_serializer(
    "ChangePage",
    {
        "results": FEED_ENTRY.__class__(many=True),
        "next_cursor": serializers.CharField(),
        "has_more": serializers.BooleanField(),
    },
)


class ChangeFeedView(PartnerBase):
    """变动推送：已核准的编制调整、变动申报和编办直接登记的入编、出编，按（时间, 来源, 编号）排序；保存 next_cursor，下次从它继续。"""

    shows_id_numbers = True
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", OpenApiTypes.STR, description="上次返回的 next_cursor"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="每页条数（1–200）"),
        ],
        responses=FEED_PAGE,
    )
    def get(self, request):
        try:
            size = min(max(int(request.query_params.get("page_size", 50)), 1), 200)
        except ValueError as error:
            raise exceptions.ValidationError({"page_size": "应为整数。"}) from error
        try:
            found = feed.page(
                self.token_regions(),
                cursor=request.query_params.get("cursor"),
                size=size,
                policy=self.policy,
            )
        except feed.BadCursor as error:
            raise exceptions.ValidationError({"cursor": "游标无效。"}) from error
        return Response(
            {"results": found.entries, "next_cursor": found.next_cursor, "has_more": found.has_more}
        )


FUNDING_PAGE = inline_serializer(
    "FundingPage",
    {
        "year": serializers.IntegerField(),
        "count": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "previous": serializers.CharField(allow_null=True),
        "results": FundingRowSerializer(many=True),
    },
)


class FundingPagination(PageNumberPagination):
    """Pages of the year's rows in their fixed order (unit, type, funding form)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class FundingView(PartnerBase):
    """经费核定：预算年度内每个单位每种编制类型（经费形式）各月末的核定编制数和实有人数，人才专项编制人员单列（规则 46）。"""

    pagination_class = FundingPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="预算年度，默认今年"),
            OpenApiParameter("institution", OpenApiTypes.INT, description="机构 id（只含该机构）"),
            OpenApiParameter("region_code", OpenApiTypes.STR, description="区划代码（含下级区划）"),
            OpenApiParameter(
                "establishment_type",
                OpenApiTypes.STR,
                enum=EstablishmentType.values,
                description="编制类型",
            ),
            OpenApiParameter(
                "funding_form",
                OpenApiTypes.STR,
                enum=FundingForm.values,
                description="经费形式（财政口径，机关各类编制为 full）",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="页码"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="每页条数（1–200）"),
        ],
        responses=FUNDING_PAGE,
    )
    def get(self, request):
        params = request.query_params
        year = funding_filters.parse_year(params.get("year"))
        if year is None:
            raise exceptions.ValidationError({"year": funding_filters.bad_year_message()})
        for name, choices in (
            ("establishment_type", EstablishmentType.values),
            ("funding_form", FundingForm.values),
        ):
            if params.get(name) and params[name] not in choices:
                raise exceptions.ValidationError({name: "取值无效。"})
        regions = self.token_regions()
        region = None
        if params.get("region_code"):
            region = Region.objects.filter(code=params["region_code"], pk__in=regions).first()
            if region is None:
                raise exceptions.NotFound("令牌的数据范围内没有该区划。")
        year_figures = funding_figures.rows_for_scope(year, region_ids=tuple(sorted(regions)))
        rows = funding_filters.RowFilters(
            region=region,
            establishment_type=params.get("establishment_type", ""),
            funding_form=params.get("funding_form", ""),
        ).apply(year_figures)
        institution = params.get("institution")
        if institution:
            if not institution.isdigit():
                raise exceptions.ValidationError({"institution": "应为机构 id。"})
            rows = year_figures.select(institution_ids={int(institution)}, within=rows)
        page = self.paginate_queryset(rows)
        data = FundingRowSerializer(
            page, many=True, context={"month_ends": funding_selectors.month_ends(year)}
        ).data
        response = self.get_paginated_response(data)
        response.data = {"year": year, **response.data}
        return response
