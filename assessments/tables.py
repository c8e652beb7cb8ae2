import django_tables2 as tables

from staffing.tables import NOWRAP, Number

from .models import Evaluation, Round, Scheme


class SchemeTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="名称", accessor="name")
    use = tables.Column(verbose_name="用途", attrs=NOWRAP)
    year = tables.Column(verbose_name="年度", attrs=NOWRAP)
    version = tables.Column(verbose_name="版本", attrs=NOWRAP)
    grade_a_min = tables.Column(verbose_name="A 等分数线")
    grade_b_min = tables.Column(verbose_name="B 等分数线")
    a_quota_percent = tables.Column(verbose_name="A 等比例上限（%）", default="不限")

    class Meta:
        model = Scheme
        fields = ["name", "use", "year", "version", "grade_a_min", "grade_b_min", "a_quota_percent"]
        empty_text = "还没有指标体系"


class RoundTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name="批次名称")
    use = tables.Column(accessor="scheme__use", verbose_name="用途", attrs=NOWRAP)
    scheme = tables.Column(verbose_name="指标体系")
    stage = tables.Column(
        accessor="stage_label", verbose_name="阶段", order_by="stage", attrs=NOWRAP
    )
    started_on = tables.DateColumn(format="Y-m-d", verbose_name="开始日期", attrs=NOWRAP)
    self_due_on = tables.DateColumn(format="Y-m-d", verbose_name="自评截止", attrs=NOWRAP)
    published_on = tables.DateColumn(format="Y-m-d", verbose_name="公布日期", attrs=NOWRAP)

    class Meta:
        model = Round
        fields = ["name", "use", "scheme", "stage", "started_on", "self_due_on", "published_on"]
        empty_text = "还没有评估考核批次"

    def render_use(self, record):
        return record.scheme.get_use_display()


class EvaluationTable(tables.Table):
    institution = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name="单位",
        order_by="institution__sort_order",
    )
    use = tables.Column(accessor="scheme__use", verbose_name="用途", attrs=NOWRAP)
    round = tables.Column(verbose_name="批次", default="—")
    category = tables.Column(verbose_name="考评类别", default="—")
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    self_total = Number(verbose_name="自评得分", default="—")
    total = Number(verbose_name="评估得分", default="—")
    rank = Number(verbose_name="排名", default="—")
    grade = tables.Column(verbose_name="等次", default="—", attrs=NOWRAP)

    class Meta:
        model = Evaluation
        fields = [
            "institution",
            "use",
            "round",
            "category",
            "status",
            "self_total",
            "total",
            "rank",
            "grade",
        ]
        empty_text = "没有评估考核"

    def render_use(self, record):
        return record.scheme.get_use_display()
