"""The indicator engine (评估指标体系, rules 36–39): a scheme is a versioned tree of indicators
with points, scoring rules and evidence; an evaluation scores one institution on one scheme,
alone or within a round (评估/考核批次) that follows its use's procedure.

One engine serves 机构编制评估, 事业单位绩效考核 and 跟踪问效 (``SchemeUse``): the forms are
generated from the indicators, never written per scheme."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi import access
from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution, Region

from .choices import (
    PROCEDURES,
    EvaluationStatus,
    Grade,
    IndicatorKind,
    IndicatorPart,
    IndicatorSource,
    QuantRule,
    RoundStage,
    SchemeUse,
    stage_label,
)

POINTS = {"max_digits": 6, "decimal_places": 2}
THRESHOLDS_MALFORMED = "分档应为若干行“界值, 得分”，界值和得分均为数字。"
RULE_NEEDED = "定量指标须选择计分方式（分档或公式）。"
FORMULA_NEEDED = "公式计分须填写公式。"
THRESHOLDS_NEEDED = "分档计分须至少填写一档。"
METRIC_NEEDED = "系统计算的指标须选择计算口径。"
METRIC_UNKNOWN = "没有名为“%(metric)s”的计算口径。"
RANGE_INVERTED = "定性指标的最低分不能高于分值。"
PARENT_NOT_GROUP = "上级指标须为指标类别。"
PARENT_OTHER_SCHEME = "上级指标须属于同一指标体系。"
GRADES_INVERTED = "A 等分数线须高于 B 等分数线。"


class Scheme(models.Model):
    """指标体系: one region's indicators for one use and year (一年一调整: next year's scheme is
    a copy, ``based_on``, adjusted), with the grade lines and the A quota of rule 38."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="schemes"
    )
    use = models.CharField("用途", max_length=12, choices=SchemeUse.choices)
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=100)
    based_on = models.ForeignKey(
        "self",
        verbose_name="调整自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade_a_min = models.DecimalField("A 等分数线", default=Decimal(90), **POINTS)
    grade_b_min = models.DecimalField("B 等分数线", default=Decimal(60), **POINTS)
    a_quota_percent = models.PositiveSmallIntegerField(
        "A 等比例上限（%）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="同一批次同一类别中 A 等不超过的比例；不限则留空",
    )
    note = models.TextField("说明", blank=True)

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)
    access_rules = {access.Action.VIEW: access.REGION_ROLES}

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["-year", "use", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "use", "year", "version"],
                name="scheme_unique_version",
                violation_error_message="该区划该年度已有同一用途、同一版本的指标体系。",
            )
        ]

    def __str__(self):
        return f"{self.year}年{self.name}（第{self.version}版）"

    def get_absolute_url(self):
        return reverse("assessments:scheme_detail", args=[self.pk])

    def clean(self):
        a_min, b_min = self.grade_a_min, self.grade_b_min
        if a_min is not None and b_min is not None and a_min <= b_min:
            raise ValidationError({"grade_a_min": GRADES_INVERTED})

    @property
    def procedure(self) -> tuple[str, ...]:
        return PROCEDURES[self.use]


class Category(models.Model):
    """考评类别 (分类考评、同类同考): units of one category share their 个性指标 and are ranked,
    and their A quota counted, among themselves; ``kpi``: 关键绩效指标 (KPI) 考评."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="指标体系", on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField("类别", max_length=50)
    kpi = models.BooleanField("KPI 考评", default=False)

    history = tracked_history()
    scoping = Scoping(region="scheme__region", institution=None)

    class Meta:
        verbose_name = "考评类别"
        verbose_name_plural = "考评类别"
        ordering = ["scheme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="category_unique_name")
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """评估指标: a node of the scheme's tree. Leaves are scored (rule 36); a group's points are
    the sum of its children's."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="指标体系", on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级指标",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField("编号", max_length=20)
    name = models.CharField("指标名称", max_length=100)
    part = models.CharField(
        "共性/个性", max_length=10, choices=IndicatorPart.choices, default=IndicatorPart.COMMON
    )
    category = models.ForeignKey(
        Category,
        verbose_name="考评类别",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text="个性指标所属类别；共性指标留空",
    )
    kind = models.CharField("指标类型", max_length=12, choices=IndicatorKind.choices)
    source = models.CharField(
        "评分来源",
        max_length=10,
        choices=IndicatorSource.choices,
        default=IndicatorSource.ASSESSED,
    )
    max_points = models.DecimalField("分值（权重）", **POINTS)
    min_points = models.DecimalField(
        "最低分", default=Decimal(0), help_text="定性指标的评分范围下限", **POINTS
    )
    rule = models.CharField("计分方式", max_length=10, choices=QuantRule.choices, blank=True)
    thresholds = models.JSONField(
        "分档",
        default=list,
        blank=True,
        help_text="[[界值, 得分], …]：数值越高越好时取不高于数值的最高一档，否则取不低于数值的最低一档",
    )
    higher_is_better = models.BooleanField("数值越高越好", default=True)
    formula = models.CharField(
        "公式",
        max_length=200,
        blank=True,
        help_text="以 value（数值）和 full（分值）计算得分，如 full - 2 * value；结果限于 0 至分值",
    )
    metric = models.CharField("计算口径", max_length=30, blank=True)
    unit = models.CharField("计量单位", max_length=10, blank=True)
    guidance = models.TextField("评估标准与方法", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    history = tracked_history()
    scoping = Scoping(region="scheme__region", institution=None)

    class Meta:
        verbose_name = "评估指标"
        verbose_name_plural = "评估指标"
        ordering = ["scheme", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="indicator_unique_code",
                violation_error_message="同一指标体系中指标编号不能重复。",
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="indicator_points_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_group(self) -> bool:
        return self.kind == IndicatorKind.GROUP

    @property
    def is_registry(self) -> bool:
        return self.source == IndicatorSource.REGISTRY

    @property
    def depth(self) -> int:
        return self.code.count(".")

    def clean(self):
        from .metrics import METRICS
        from .scoring import parse_thresholds

        errors = {}
        if self.parent_id is not None:
            if self.parent.kind != IndicatorKind.GROUP:
                errors["parent"] = PARENT_NOT_GROUP
            elif self.parent.scheme_id != self.scheme_id:
                errors["parent"] = PARENT_OTHER_SCHEME
        if self.kind == IndicatorKind.QUANTITATIVE:
            if not self.rule:
                errors["rule"] = RULE_NEEDED
            elif self.rule == QuantRule.FORMULA and not self.formula.strip():
                errors["formula"] = FORMULA_NEEDED
            elif self.rule == QuantRule.THRESHOLDS:
                try:
                    if not parse_thresholds(self.thresholds):
                        errors["thresholds"] = THRESHOLDS_NEEDED
                except ValueError:
                    errors["thresholds"] = THRESHOLDS_MALFORMED
        if self.kind == IndicatorKind.QUALITATIVE and self.min_points > self.max_points:
            errors["min_points"] = RANGE_INVERTED
        if self.source == IndicatorSource.REGISTRY:
            if not self.metric:
                errors["metric"] = METRIC_NEEDED
            elif self.metric not in METRICS:
                errors["metric"] = METRIC_UNKNOWN % {"metric": self.metric}
        if errors:
            raise ValidationError(errors)


class Round(models.Model):
    """评估/考核批次: the units assessed together on one scheme, and the stage of its
    procedure (rule 37); grades and ranks are set per round."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField("批次名称", max_length=100)
    stage = models.CharField(
        "阶段", max_length=10, choices=RoundStage.choices, default=RoundStage.SELF
    )
    started_on = models.DateField("开始日期")
    self_due_on = models.DateField("自评截止日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    history = tracked_history()
    scoping = Scoping(region="scheme__region", institution=None)
    access_rules = {access.Action.VIEW: access.REGION_ROLES}

    class Meta:
        verbose_name = "评估批次"
        verbose_name_plural = "评估批次"
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessments:round_detail", args=[self.pk])

    @property
    def stage_label(self) -> str:
        return stage_label(self.scheme.use, self.stage)

    @property
    def is_closed(self) -> bool:
        return self.stage == RoundStage.CLOSED

    def stages(self) -> list[dict]:
        """The procedure with where the round is: done, current or to come."""
        procedure = self.scheme.procedure
        here = procedure.index(self.stage) if self.stage in procedure else 0
        return [
            {"label": stage_label(self.scheme.use, stage), "done": i < here, "current": i == here}
            for i, stage in enumerate(procedure)
            if stage != RoundStage.CLOSED
        ]


class Evaluation(models.Model):
    """一个单位的评估/考核: one institution scored on one scheme: its self-assessment, the
    office's scores, the total, rank and grade (rules 36–38)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="evaluations"
    )
    round = models.ForeignKey(
        Round,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="evaluations"
    )
    category = models.ForeignKey(
        Category,
        verbose_name="考评类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.SELF_ASSESSING,
    )
    self_total = models.DecimalField("自评得分", null=True, blank=True, **POINTS)
    total = models.DecimalField("评估得分", null=True, blank=True, **POINTS)
    grade = models.CharField("等次", max_length=1, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    self_report = models.TextField("自评报告", blank=True)
    feedback = models.TextField("评估意见（反馈）", blank=True)
    submitted_on = models.DateField("自评提交日期", null=True, blank=True)
    finished_on = models.DateField("评分日期", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")
    # Units fill their self-assessment; the office scores (the services check which is which).
    access_rules = {
        access.Action.CHANGE: access.OFFICE_ROLES | {access.Role.CLERK, access.Role.REVIEWER}
    }

    class Meta:
        verbose_name = "评估考核"
        verbose_name_plural = "评估考核"
        ordering = ["round", "rank", "institution__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "institution"],
                name="evaluation_once_per_round",
                violation_error_message="该单位已在本批次中。",
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.institution.full_name} · {self.scheme.name}"

    def get_absolute_url(self):
        return reverse("assessments:evaluation_score", args=[self.pk])

    @property
    def is_self_assessing(self) -> bool:
        return self.status == EvaluationStatus.SELF_ASSESSING

    @property
    def is_open(self) -> bool:
        return self.status in (EvaluationStatus.SELF_ASSESSING, EvaluationStatus.SUBMITTED)

    def indicators(self) -> models.QuerySet:
        """The scheme's indicators that apply: the common ones and those of its category."""
        indicators = Indicator.objects.filter(scheme_id=self.scheme_id)
        return indicators.filter(Q(category__isnull=True) | Q(category_id=self.category_id))


class IndicatorScore(models.Model):
    """一项指标的得分: the unit's self-assessment (``self_*``) and the office's value, points and
    note; evidence is attached to it (attachments)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="评估考核", on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores"
    )
    self_value = models.DecimalField(
        "自评数值", null=True, blank=True, max_digits=12, decimal_places=2
    )
    self_points = models.DecimalField("自评得分", null=True, blank=True, **POINTS)
    self_note = models.TextField("自评说明", blank=True)
    value = models.DecimalField("数值", null=True, blank=True, max_digits=12, decimal_places=2)
    points = models.DecimalField("得分", null=True, blank=True, **POINTS)
    note = models.TextField("评分说明", blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_on = models.DateField("评分日期", null=True, blank=True)

    history = tracked_history()
    scoping = Scoping(
        region="evaluation__institution__region", institution="evaluation__institution"
    )

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["evaluation", "indicator__sort_order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="score_once_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.indicator}"

    def get_absolute_url(self):
        return self.evaluation.get_absolute_url()
