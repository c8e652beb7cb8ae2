import django_tables2 as tables
from django.urls import reverse

from staffing.tables import NOWRAP, Number

from .models import PayrollFinding, PayrollRun
from .reconcile import type_text


def user_name(user) -> str:
    return user.get_full_name() or user.username


class PayrollRunTable(tables.Table):
    month = tables.DateColumn(
        format="Y年n月",
        verbose_name="工资月份",
        linkify=lambda record: reverse("payroll:run_detail", args=[record.pk]),
        attrs=NOWRAP,
    )
    region = tables.Column(verbose_name="核对区划", order_by="region__code")
    file_name = tables.Column(verbose_name="工资表文件")
    user = tables.Column(verbose_name="上传人", order_by="user__username")
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    rows = Number(verbose_name="工资表人数")
    registry_count = Number(verbose_name="在编人数")
    finding_count = Number(verbose_name="不符条数")
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="上传时间", attrs=NOWRAP)

    class Meta:
        model = PayrollRun
        fields = [
            "month", "region", "file_name", "user", "status", "rows", "registry_count",
            "finding_count", "created_at",
        ]  # fmt: skip
        empty_text = "还没有工资统发核对"

    def render_user(self, value):
        return user_name(value)


class PayrollFindingTable(tables.Table):
    month = tables.DateColumn(
        accessor="run__month", format="Y年n月", verbose_name="工资月份", attrs=NOWRAP,
        order_by="run__month",
    )  # fmt: skip
    kind = tables.Column(
        verbose_name="不符类型",
        linkify=lambda record: reverse("payroll:finding_detail", args=[record.pk]),
        attrs=NOWRAP,
    )
    row_number = Number(verbose_name="行号", default="—")
    name = tables.Column(verbose_name="姓名", attrs=NOWRAP)
    id_number_masked = tables.Column(verbose_name="身份证号", orderable=False, attrs=NOWRAP)
    paid_unit = tables.Column(verbose_name="发放单位", default="—")
    paid_type = tables.Column(
        verbose_name="工资表编制类型", accessor="paid_category", default="—", orderable=False
    )
    institution = tables.Column(
        verbose_name="在编单位", accessor="institution__full_name", default="—"
    )
    registry_type = tables.Column(
        verbose_name="在编编制类型", accessor="establishment_type", default="—", orderable=False
    )
    amount = tables.Column(verbose_name="发放金额", default="—", attrs=NOWRAP)
    detail = tables.Column(verbose_name="说明", orderable=False)
    problem = tables.Column(verbose_name="问题", default="—", orderable=False, attrs=NOWRAP)

    class Meta:
        model = PayrollFinding
        fields = [
            "month", "kind", "row_number", "name", "id_number_masked", "paid_unit", "paid_type",
            "institution", "registry_type", "amount", "detail", "problem",
        ]  # fmt: skip
        empty_text = "没有不符的记录"

    def render_paid_type(self, record):
        text = record.paid_category
        return f"{text}（{record.paid_funding}）" if record.paid_funding else text

    def render_registry_type(self, record):
        return type_text(record.establishment_type, record.funding_form)

    def render_problem(self, record):
        return "已登记" if record.problem_id else "—"
