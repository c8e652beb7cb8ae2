"""公立医院人员控制总量备案 (rule 29): the hospitals under 备案管理, their operating figures per
year, the office's staffing standard per region, the filed control totals and the people
registered under them as 备案制 (counted apart from 编制)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from bianzhi.access import Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Institution, Region
from people.choices import EndReason, PostCategory, RecordStatus
from people.models import Person

from .choices import (
    DEFAULT_FULL_USE_RATE,
    DEFAULT_STAFF_PER_ADDITION,
    DEFAULT_VISITS_PER_ADDITION,
    HospitalCategory,
)

OVER_STANDARD_NEEDS_REASON = (
    "备案的人员控制总量高于按标准测算的总量，须填写超出标准的理由（规则 29）。"
)
FILED_END_FIELDS_REQUIRED = "终止备案须填写终止日期和终止原因。"
ONE_ACTIVE_FILING = "此人已登记为备案制人员，同一人只能登记一次（规则 7、29）。"


class Hospital(models.Model):
    """公立医院: an institution of the health sector under 人员控制总量备案管理."""

    institution = models.OneToOneField(
        Institution, verbose_name="医院", on_delete=models.PROTECT, related_name="hospital"
    )
    category = models.CharField("医院类别", max_length=15, choices=HospitalCategory.choices)
    registered_on = models.DateField("纳入备案管理日期")

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    class Meta:
        verbose_name = "公立医院"
        verbose_name_plural = "公立医院"
        ordering = ["institution__sort_order", "institution__full_name", "pk"]

    def __str__(self):
        return self.institution.full_name

    def get_absolute_url(self):
        return reverse("hospitals:hospital_detail", args=[self.pk])


class HospitalFigures(models.Model):
    """医院运行数据: one hospital's beds, bed use and outpatient visits of one year."""

    hospital = models.ForeignKey(
        Hospital, verbose_name="医院", on_delete=models.PROTECT, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1949), MaxValueValidator(2999)]
    )
    approved_beds = models.PositiveIntegerField("编制床位")
    open_beds = models.PositiveIntegerField("实际开放床位")
    bed_use_rate = models.DecimalField(
        "床位使用率（%）",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    outpatient_visits = models.PositiveIntegerField("年门急诊人次")

    history = tracked_history()
    scoping = Scoping(region="hospital__institution__region", institution="hospital__institution")

    class Meta:
        verbose_name = "医院运行数据"
        verbose_name_plural = "医院运行数据"
        ordering = ["hospital", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["hospital", "year"], name="one_figures_per_year")
        ]

    def __str__(self):
        return f"{self.hospital} {self.year}年"


class StaffingStandard(models.Model):
    """人员控制总量标准: how a region's office computes a hospital's standard (rule 29)."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("医院类别", max_length=15, choices=HospitalCategory.choices)
    staff_per_bed = models.DecimalField(
        "床人比（每床人员数）",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text="如县级综合医院 1:1.3–1.5，填 1.40",
    )
    full_use_rate = models.DecimalField(
        "足额床位使用率（%）",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_FULL_USE_RATE,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="床位使用率低于此值时，床人比按比例折减",
    )
    visits_per_addition = models.PositiveIntegerField(
        "门急诊增人基数（人次）",
        default=DEFAULT_VISITS_PER_ADDITION,
        validators=[MinValueValidator(1)],
        help_text="年门急诊每满此人次增加人员",
    )
    staff_per_addition = models.PositiveIntegerField(
        "每满基数增加人数", default=DEFAULT_STAFF_PER_ADDITION
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)
    access_rules = {"add": frozenset({Role.OFFICE_ADMIN}), "change": frozenset({Role.OFFICE_ADMIN})}

    class Meta:
        verbose_name = "人员控制总量标准"
        verbose_name_plural = "人员控制总量标准"
        ordering = ["region__code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["region", "category"], name="one_standard_per_category")
        ]

    def __str__(self):
        return f"{self.region} {self.get_category_display()}"


class ControlTotal(models.Model):
    """人员控制总量备案: the total of 编制 and 备案制 people the office files for a hospital, with
    the standard computed at filing; the latest filing on or before a day is in force."""

    hospital = models.ForeignKey(
        Hospital, verbose_name="医院", on_delete=models.PROTECT, related_name="control_totals"
    )
    total = models.PositiveIntegerField("人员控制总量")
    standard = models.PositiveIntegerField("备案时测算标准")
    figures_year = models.PositiveSmallIntegerField("测算所据运行数据年度")
    document = models.ForeignKey(
        ApprovalDocument, verbose_name="备案文号", on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField("备案日期")
    over_standard_reason = models.CharField("超出标准理由", max_length=200, blank=True)

    history = tracked_history()
    scoping = Scoping(region="hospital__institution__region", institution="hospital__institution")

    class Meta:
        verbose_name = "人员控制总量备案"
        verbose_name_plural = "人员控制总量备案"
        ordering = ["hospital", "-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__lte=F("standard")) | ~Q(over_standard_reason=""),
                name="over_standard_has_reason",
                violation_error_message=OVER_STANDARD_NEEDS_REASON,
            )
        ]

    def __str__(self):
        return f"{self.hospital} 人员控制总量 {self.total}"

    def get_absolute_url(self):
        return self.hospital.get_absolute_url()


class FiledStaffRecord(models.Model):
    """备案制人员记录: a person employed under a hospital's control total, not on 编制.

    One person, one establishment (rule 7): at most one active record per person here, and
    none while the person holds an active 编制 record (checked both ways by the services)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="filed_records"
    )
    hospital = models.ForeignKey(
        Hospital, verbose_name="医院", on_delete=models.PROTECT, related_name="filed_records"
    )
    post_category = models.CharField("岗位类别", max_length=15, choices=PostCategory.choices)
    job_title = models.CharField("岗位（职务）", max_length=50, blank=True)
    entry_on = models.DateField("备案入职时间")
    entry_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="备案文号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=20, choices=EndReason.choices, blank=True)

    history = tracked_history()
    scoping = Scoping(region="hospital__institution__region", institution="hospital__institution")

    class Meta:
        verbose_name = "备案制人员"
        verbose_name_plural = "备案制人员"
        ordering = ["hospital", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=RecordStatus.ACTIVE),
                name="one_active_filing_per_person",
                violation_error_message=ONE_ACTIVE_FILING,
            ),
            models.CheckConstraint(
                condition=Q(status=RecordStatus.ACTIVE)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_filing_has_date_and_reason",
                violation_error_message=FILED_END_FIELDS_REQUIRED,
            ),
        ]

    def __str__(self):
        return f"{self.person.name}（{self.hospital}）"

    def get_absolute_url(self):
        return reverse("hospitals:filedstaff_list") + f"?hospital={self.hospital_id}"

    @property
    def active(self) -> bool:
        return self.status == RecordStatus.ACTIVE
