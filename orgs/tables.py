import django_tables2 as tables

from .models import ApprovalDocument, Institution, InternalDepartment


class InstitutionTable(tables.Table):
    full_name = tables.Column(linkify=True, verbose_name="机构全称")
    parent = tables.Column(linkify=True, verbose_name="主管部门")
    region = tables.Column(verbose_name="行政区划")
    kind = tables.Column(
        accessor="kind_label", verbose_name="单位类型", order_by=("kind", "system")
    )
    system = tables.Column(verbose_name="系统类别")
    level = tables.Column(verbose_name="规格")
    sector = tables.Column(verbose_name="领域")
    status = tables.TemplateColumn(
        template_name="orgs/includes/status_badge.html", verbose_name="状态", order_by="status"
    )

    class Meta:
        model = Institution
        fields = ["full_name", "parent", "region", "kind", "system", "level", "sector", "status"]
        order_by = ("sort_order",)


class DepartmentTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="内设机构")
    institution = tables.Column(linkify=True, verbose_name="所属机构")
    level = tables.Column(verbose_name="规格")
    status = tables.TemplateColumn(
        template_name="orgs/includes/status_badge.html", verbose_name="状态", order_by="status"
    )

    class Meta:
        model = InternalDepartment
        fields = ["name", "institution", "level", "status"]


class DocumentTable(tables.Table):
    number = tables.Column(linkify=True, verbose_name="文号")
    title = tables.Column(verbose_name="文件标题")
    issuer = tables.Column(verbose_name="发文机关")
    issued_on = tables.DateColumn(format="Y-m-d", verbose_name="发文日期")
    region = tables.Column(verbose_name="所属区划")

    class Meta:
        model = ApprovalDocument
        fields = ["number", "title", "issuer", "issued_on", "region"]
