"""What partner systems read. Codes are the registry's values; each has its Chinese label beside
it (``*_label``). ID numbers and birth dates go through the token's masking policy (rule 14)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.models import Certificate
from orgs.models import Institution
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import LeadershipQuota, QuotaLine


class InstitutionSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "full_name",
            "short_name",
            "region_code",
            "region_name",
            "parent",
            "kind",
            "kind_label",
            "system",
            "category",
            "category_label",
            "level",
            "level_label",
            "credit_code",
            "established_on",
            "status",
            "status_label",
            "abolished_on",
        ]


class QuotaLineSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.full_name", read_only=True)
    establishment_type_label = serializers.CharField(
        source="get_establishment_type_display", read_only=True
    )
    funding_form_label = serializers.CharField(source="get_funding_form_display", read_only=True)
    approved = serializers.IntegerField(source="in_force", help_text="核定数 H（当日生效）")
    occupied = serializers.IntegerField(help_text="实有人数 A（当日在编，不含人才专项编制）")
    reserved = serializers.IntegerField(help_text="已核准未使用 R")
    vacancy = serializers.IntegerField(help_text="空编数")
    over = serializers.IntegerField(help_text="超编数")
    date = serializers.SerializerMethodField()

    class Meta:
        model = QuotaLine
        fields = [
            "id",
            "institution",
            "institution_name",
            "establishment_type",
            "establishment_type_label",
            "funding_form",
            "funding_form_label",
            "approved",
            "occupied",
            "reserved",
            "vacancy",
            "over",
            "date",
        ]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, line):
        return self.context["day"]


class HolderSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = LeadershipAppointment
        fields = ["person", "person_name", "title", "started_on", "counts_against_quota"]


class LeadershipQuotaSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.full_name", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True, default=None
    )
    post_kind_label = serializers.CharField(source="get_post_kind_display", read_only=True)
    filled = serializers.SerializerMethodField(help_text="实配（计入职数的在任人数）")
    holders = HolderSerializer(source="holders_on_day", many=True, read_only=True)

    class Meta:
        model = LeadershipQuota
        fields = [
            "id",
            "institution",
            "institution_name",
            "department",
            "department_name",
            "post_kind",
            "post_kind_label",
            "post_title",
            "approved",
            "filled",
            "holders",
        ]

    def get_filled(self, quota) -> int:
        return sum(1 for holder in quota.holders_on_day if holder.counts_against_quota)


class RecordSerializer(serializers.ModelSerializer):
    institution = serializers.IntegerField(source="quota_line.institution_id", read_only=True)
    institution_name = serializers.CharField(
        source="quota_line.institution.full_name", read_only=True
    )
    establishment_type = serializers.CharField(
        source="quota_line.establishment_type", read_only=True
    )
    funding_form = serializers.CharField(source="quota_line.funding_form", read_only=True)
    post_category_label = serializers.CharField(source="get_post_category_display", read_only=True)

    class Meta:
        model = EstablishmentRecord
        fields = [
            "id",
            "institution",
            "institution_name",
            "quota_line",
            "establishment_type",
            "funding_form",
            "post_category",
            "post_category_label",
            "job_title",
            "entry_on",
            "ended_on",
            "status",
        ]


class PersonSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField(help_text="身份证号：按令牌的脱敏策略显示")
    birth = serializers.SerializerMethodField(help_text="出生日期：脱敏时只显示年份（如 1990年）")
    records = RecordSerializer(source="records_on_day", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "sex", "id_number", "birth", "education", "records"]

    def get_id_number(self, person) -> str:
        policy = self.context["policy"]
        return person.id_number if policy.full else person.id_number_masked

    def get_birth(self, person) -> str:
        return self.context["policy"].birth_text(person.birth_date)


class CertificateSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.full_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "institution",
            "institution_name",
            "year",
            "edition",
            "issued_on",
            "issuing_office",
            "status",
            "status_label",
            "ended_on",
            "end_reason",
        ]


class FundingMonthSerializer(serializers.Serializer):
    month = serializers.IntegerField(help_text="月份（1–12）")
    date = serializers.DateField(help_text="月末日期：当月数字按这一天计算")
    approved = serializers.IntegerField(help_text="核定编制数 H（当日生效）")
    occupied = serializers.IntegerField(help_text="实有人数 A（当日在编，不含人才专项编制）")
    special = serializers.IntegerField(help_text="人才专项编制在编人数（单列，规则 27）")


class FundingRowSerializer(serializers.Serializer):
    """经费核定：一个单位一种编制类型（经费形式）在预算年度各月末的核定编制数和实有人数（规则 46）。"""

    institution = serializers.IntegerField(source="institution_id")
    institution_name = serializers.CharField()
    region_name = serializers.CharField()
    establishment_type = serializers.CharField()
    establishment_type_label = serializers.SerializerMethodField()
    funding_form = serializers.CharField(
        help_text="经费形式（财政口径）：事业编制按其经费形式，行政、政法专项、机关工勤编制为 full（全额拨款）"
    )
    funding_form_label = serializers.SerializerMethodField()
    months = serializers.SerializerMethodField()
    person_months = serializers.IntegerField(help_text="实有人月数：12 个月末实有人数之和")
    average = serializers.FloatField(help_text="年平均实有人数：实有人月数 ÷ 12，保留一位小数")
    special_months = serializers.IntegerField(help_text="人才专项编制在编人月数")

    def get_establishment_type_label(self, row) -> str:
        return EstablishmentType(row["establishment_type"]).label

    def get_funding_form_label(self, row) -> str:
        return FundingForm(row["funding_form"]).label

    @extend_schema_field(FundingMonthSerializer(many=True))
    def get_months(self, row):
        return [
            {
                "month": index + 1,
                "date": end,
                "approved": row["approved"][index],
                "occupied": row["occupied"][index],
                "special": row["special"][index],
            }
            for index, end in enumerate(self.context["month_ends"])
        ]
