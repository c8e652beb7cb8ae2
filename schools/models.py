"""Teacher quotas by standard (中小学教职工编制, seed 003 "根据…学生数量", rule 28): each school's
stages, its students per school year, the region's staffing standard, and the reallocations the
education bureau makes among its schools."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Institution, Region
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import Adjustment

from .choices import NATIONAL_RATIOS, Stage

NO_STAGE = "学校至少要设一个学段（高中、初中或小学）。"
NOT_A_PUBLIC_INSTITUTION = "“%(name)s”不是事业单位，不能登记为中小学校。"
BAD_SCHOOL_YEAR = "学年应写作“2026-2027”：前后两个年份相连。"
STAGE_NOT_OFFERED = "“%(school)s”未设%(stage)s学段，不能登记%(stage)s学生数。"

SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
# Who records schools and their students: the office, and the education bureau's reviewer for
# its own schools (scoped by bianzhi.access to its subtree).
SCHOOL_WRITERS = OFFICE_ROLES | {Role.REVIEWER}
SCHOOL_READERS = OFFICE_ROLES | {Role.REVIEWER}


def check_school_year(value: str) -> None:
    match = SCHOOL_YEAR.match(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(BAD_SCHOOL_YEAR, code="school_year")


class SchoolProfile(models.Model):
    """学校学段情况: which stages a school offers (a 完全中学 or 九年一贯制学校 offers several),
    and whether it is a boarding (寄宿制) or township (乡镇) school, which earn additions."""

    institution = models.OneToOneField(
        Institution, verbose_name="学校", on_delete=models.PROTECT, related_name="school_profile"
    )
    senior = models.BooleanField("设高中", default=False)
    junior = models.BooleanField("设初中", default=False)
    primary = models.BooleanField("设小学", default=False)
    boarding = models.BooleanField("寄宿制学校", default=False)
    township = models.BooleanField("乡镇学校", default=False)

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")
    access_rules = {
        Action.VIEW: SCHOOL_READERS,
        Action.ADD: SCHOOL_WRITERS,
        Action.CHANGE: SCHOOL_WRITERS,
        Action.ABOLISH: frozenset(),
        Action.EXPORT: SCHOOL_READERS,
    }

    class Meta:
        verbose_name = "中小学校"
        verbose_name_plural = "中小学校"
        ordering = ["institution__sort_order", "institution__full_name"]

    def __str__(self):
        return self.institution.full_name

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.pk])

    @property
    def stages(self) -> list[str]:
        return [stage for stage in Stage if getattr(self, stage.value)]

    @property
    def stages_label(self) -> str:
        return stages_label(self.senior, self.junior, self.primary)

    def clean(self):
        if not (self.senior or self.junior or self.primary):
            raise ValidationError(NO_STAGE)
        if self.institution_id and not self.institution.is_public_institution:
            raise ValidationError(
                {"institution": NOT_A_PUBLIC_INSTITUTION % {"name": self.institution.full_name}}
            )


def stages_label(senior: bool, junior: bool, primary: bool) -> str:
    """学段 as the pages name it: 完全中学 (高中+初中), 九年一贯制 (初中+小学), 十二年一贯制."""
    offered = (senior, junior, primary)
    named = {
        (True, True, True): "十二年一贯制",
        (True, True, False): "完全中学",
        (False, True, True): "九年一贯制",
    }
    if offered in named:
        return named[offered]
    return "、".join(stage.label for stage, on in zip(Stage, offered, strict=True) if on)


class StudentCount(models.Model):
    """学生数: a school's students of one stage in one school year (学年, e.g. 2026-2027)."""

    school = models.ForeignKey(
        SchoolProfile, verbose_name="学校", on_delete=models.PROTECT, related_name="student_counts"
    )
    school_year = models.CharField("学年", max_length=9, validators=[check_school_year])
    stage = models.CharField("学段", max_length=10, choices=Stage.choices)
    students = models.PositiveIntegerField("学生数")

    history = tracked_history()
    scoping = Scoping(region="school__institution__region", institution="school__institution")
    access_rules = SchoolProfile.access_rules

    class Meta:
        verbose_name = "学生数"
        verbose_name_plural = "学生数"
        ordering = ["school_id", "-school_year", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "stage"],
                name="student_count_unique",
                violation_error_message="该学校该学年该学段已登记学生数。",
            )
        ]

    def __str__(self):
        return f"{self.school} {self.school_year} {self.get_stage_display()} {self.students} 人"

    def clean(self):
        if self.school_id and self.stage and not getattr(self.school, self.stage):
            raise ValidationError(
                {
                    "stage": STAGE_NOT_OFFERED
                    % {"school": self.school, "stage": Stage(self.stage).label}
                }
            )


def _ratio(stage: str, verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=NATIONAL_RATIOS[stage],
        validators=[MinValueValidator(Decimal("1"))],
        help_text=f"一名教职工对应的学生数；国家标准 1:{NATIONAL_RATIOS[stage].normalize()}",
    )


def _percent(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="按学生数核算的编制数上浮的百分比，如 5 表示上浮 5%",
    )


class StaffingStandard(models.Model):
    """中小学教职工编制标准 of a region: the 师生比 per stage (the national values unless the
    county sets its own) and the additions for boarding and township schools (rule 28)."""

    region = models.OneToOneField(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="school_standard"
    )
    senior_ratio = _ratio(Stage.SENIOR, "高中师生比 1:")
    junior_ratio = _ratio(Stage.JUNIOR, "初中师生比 1:")
    primary_ratio = _ratio(Stage.PRIMARY, "小学师生比 1:")
    boarding_percent = _percent("寄宿制学校上浮（%）")
    boarding_per_school = models.PositiveIntegerField(
        "寄宿制学校每校增加（名）", default=0, help_text="每所寄宿制学校另加的编制数"
    )
    township_percent = _percent("乡镇学校上浮（%）")
    township_per_school = models.PositiveIntegerField(
        "乡镇学校每校增加（名）", default=0, help_text="每所乡镇学校另加的编制数"
    )
    document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="依据文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)
    access_rules = {
        Action.VIEW: OFFICE_ROLES,
        Action.ADD: frozenset({Role.OFFICE_ADMIN}),
        Action.CHANGE: frozenset({Role.OFFICE_ADMIN}),
        Action.ABOLISH: frozenset(),
        Action.EXPORT: OFFICE_ROLES,
    }

    class Meta:
        verbose_name = "中小学教职工编制标准"
        verbose_name_plural = "中小学教职工编制标准"

    def __str__(self):
        return f"{self.region} 中小学教职工编制标准"

    def ratio(self, stage: str):
        return getattr(self, f"{stage}_ratio")


class Reallocation(models.Model):
    """编制调剂: the education bureau's reviewer moves quota from one of its schools to another
    (a 编制划转 adjustment), never raising the bureau's total (rule 28)."""

    adjustment = models.OneToOneField(
        Adjustment,
        verbose_name="编制调整",
        on_delete=models.PROTECT,
        related_name="school_reallocation",
    )
    bureau = models.ForeignKey(
        Institution, verbose_name="教育主管部门", on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        Institution, verbose_name="调出学校", on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        Institution, verbose_name="调入学校", on_delete=models.PROTECT, related_name="+"
    )
    establishment_type = models.CharField(
        "编制类型", max_length=20, choices=EstablishmentType.choices
    )
    funding_form = models.CharField(
        "经费形式", max_length=10, choices=FundingForm.choices, blank=True
    )
    count = models.PositiveIntegerField("调剂数")

    history = tracked_history()
    scoping = Scoping(region="bureau__region", institution="bureau")
    access_rules = {
        Action.VIEW: SCHOOL_READERS,
        Action.ADD: frozenset({Role.REVIEWER}),
        Action.CHANGE: frozenset(),
        Action.ABOLISH: frozenset(),
        Action.EXPORT: SCHOOL_READERS,
    }

    class Meta:
        verbose_name = "中小学编制调剂"
        verbose_name_plural = "中小学编制调剂"
        ordering = ["-adjustment__effective_on", "-pk"]

    def __str__(self):
        return f"{self.source} → {self.target} {self.count} 名"

    def get_absolute_url(self):
        return reverse("staffing:adjustment_detail", args=[self.adjustment_id])
