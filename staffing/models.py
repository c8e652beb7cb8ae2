"""Establishment quotas (编制): what each institution is approved, how it changes, the region's
total control and pool, leadership posts and usage permits (domain.md §2, rules 1–5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region

from .choices import (
    ALLOWED_TYPES,
    DEPARTMENT_POST_KINDS,
    AdjustmentKind,
    EstablishmentType,
    FundingForm,
    PermitPurpose,
    PermitStatus,
    PoolPurpose,
    PostKind,
    PushDownMode,
)

MIXED_ESTABLISHMENT = (
    "%(kind)s不能核定%(type)s（规则 6：行政编制、政法专项编制只用于党政机关和群团机关，"
    "事业编制只用于事业单位和参公单位，不得混编）。"
)
FUNDING_ONLY_FOR_PUBLIC = "只有事业编制区分经费形式；%(type)s不填经费形式。"
FUNDING_REQUIRED_FOR_PUBLIC = "事业编制须选择经费形式（全额拨款、差额拨款或自收自支）。"
DEPARTMENT_POST_NEEDS_DEPARTMENT = "内设机构领导职数须指定内设机构。"
UNIT_POST_WITHOUT_DEPARTMENT = "单位领导职数不能指定内设机构。"
DEPARTMENT_OF_OTHER_INSTITUTION = "所选内设机构不属于该机构。"
OTHER_POST_NEEDS_TITLE = "“其他职数”须填写职务名称（如纪检组长）。"
PERMIT_EXPIRY_BEFORE_ISSUE = "有效期至不能早于核准日期。"
SCHEDULED = "待生效"
IN_FORCE = "已生效"


def check_type_allowed(institution: Institution, establishment_type: str) -> None:
    """Rule 6: the establishment type must suit the institution's kind."""
    if establishment_type not in ALLOWED_TYPES.get(institution.kind, frozenset()):
        raise ValidationError(
            MIXED_ESTABLISHMENT
            % {
                "kind": institution.get_kind_display(),
                "type": EstablishmentType(establishment_type).label,
            },
            code="mixed_establishment",
        )


def check_funding(establishment_type: str, funding_form: str) -> None:
    if establishment_type == EstablishmentType.PUBLIC and not funding_form:
        raise ValidationError({"funding_form": FUNDING_REQUIRED_FOR_PUBLIC})
    if establishment_type != EstablishmentType.PUBLIC and funding_form:
        raise ValidationError(
            {
                "funding_form": FUNDING_ONLY_FOR_PUBLIC
                % {"type": EstablishmentType(establishment_type).label}
            }
        )


FUNDING_MATCHES_TYPE = Q(establishment_type=EstablishmentType.PUBLIC, funding_form__gt="") | (
    ~Q(establishment_type=EstablishmentType.PUBLIC) & Q(funding_form="")
)


class QuotaLine(models.Model):
    """编制: an institution's approved count of one establishment type and funding form (H).

    Never edited in place: ``approved`` changes only through an adjustment (rule 4). Occupancy,
    reservations and vacancies are computed by ``staffing.selectors`` (rule 1).
    """

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="quota_lines"
    )
    establishment_type = models.CharField(
        "编制类型", max_length=20, choices=EstablishmentType.choices
    )
    funding_form = models.CharField(
        "经费形式", max_length=10, choices=FundingForm.choices, blank=True
    )
    approved = models.PositiveIntegerField("核定数", default=0, editable=False)
    management_posts = models.PositiveIntegerField("其中管理岗位", null=True, blank=True)
    professional_posts = models.PositiveIntegerField("其中专业技术岗位", null=True, blank=True)
    worker_posts = models.PositiveIntegerField("其中工勤技能岗位", null=True, blank=True)
    over_establishment_reason = models.CharField(
        "超编原因", max_length=200, blank=True, editable=False
    )
    over_establishment_measures = models.CharField(
        "消化措施", max_length=200, blank=True, editable=False
    )
    over_establishment_deadline = models.DateField(
        "消化时限", null=True, blank=True, editable=False
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    class Meta:
        verbose_name = "编制"
        verbose_name_plural = "编制"
        ordering = ["institution_id", "establishment_type", "funding_form"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "establishment_type", "funding_form"],
                name="quota_line_unique",
                violation_error_message="该机构已有相同编制类型和经费形式的编制。",
            ),
            models.CheckConstraint(
                condition=FUNDING_MATCHES_TYPE,
                name="quota_line_funding_matches_type",
                violation_error_message=FUNDING_REQUIRED_FOR_PUBLIC,
            ),
        ]
        # The roster's order by 编制类型 read from the index (issue 21).
        indexes = [
            models.Index(
                fields=["establishment_type", "funding_form", "id"], name="quota_line_type_order"
            )
        ]

    def __str__(self):
        return f"{self.institution} · {self.type_label}"

    def get_absolute_url(self):
        return reverse("staffing:institution_establishment", args=[self.institution_id])

    @property
    def type_label(self) -> str:
        label = self.get_establishment_type_display()
        return f"{label}（{self.get_funding_form_display()}）" if self.funding_form else label

    def clean(self):
        if self.institution_id:
            check_type_allowed(self.institution, self.establishment_type)
        check_funding(self.establishment_type, self.funding_form)


class RegionTotal(models.Model):
    """总量控制: the total of one establishment type the upper level approved for a region."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="totals"
    )
    establishment_type = models.CharField(
        "编制类型", max_length=20, choices=EstablishmentType.choices
    )
    total = models.PositiveIntegerField("控制总数")
    document = models.ForeignKey(
        ApprovalDocument, verbose_name="批准文件", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)

    class Meta:
        verbose_name = "编制总量控制"
        verbose_name_plural = "编制总量控制"
        ordering = ["region__code", "establishment_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "establishment_type"],
                name="region_total_unique",
                violation_error_message="该区划已设定此类编制的控制总数。",
            )
        ]

    def __str__(self):
        return f"{self.region} · {self.get_establishment_type_display()} · {self.total}"


class PoolBalance(models.Model):
    """编制周转池: quotas of one type the office holds back at region level, one pool per
    purpose (rule 26): 统筹编制, 急需紧缺人才周转池 (lent out as borrowings), 行政编制储备."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="pool"
    )
    establishment_type = models.CharField(
        "编制类型", max_length=20, choices=EstablishmentType.choices
    )
    purpose = models.CharField(
        "用途", max_length=24, choices=PoolPurpose.choices, default=PoolPurpose.GENERAL
    )
    balance = models.PositiveIntegerField("周转池余额", default=0, editable=False)

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)

    class Meta:
        verbose_name = "编制周转池"
        verbose_name_plural = "编制周转池"
        ordering = ["region__code", "establishment_type", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "establishment_type", "purpose"], name="pool_balance_unique"
            )
        ]

    def __str__(self):
        return f"{self.region} · {self.get_establishment_type_display()} · {self.get_purpose_display()}"

    def get_absolute_url(self):
        return reverse("staffing:pool_detail", args=[self.pk])


class Adjustment(models.Model):
    """编制调整事项: one approved change of quotas, citing a document, with one or more lines.

    A transfer between units (划转) is one adjustment with a minus and a plus line; a reclaim into
    the pool (空编收回) has a minus line for the unit and a plus line for the pool.
    """

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="adjustments"
    )
    kind = models.CharField("事项类别", max_length=12, choices=AdjustmentKind.choices)
    summary = models.CharField("调整事项", max_length=200)
    document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="批准文件",
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    effective_on = models.DateField("生效日期")
    over_establishment_reason = models.CharField(
        "超编原因",
        max_length=200,
        blank=True,
        help_text="核减后核定数低于实有人数时必须说明（如机构合并），该单位将显示为超编直至自然减员消化",
    )
    over_establishment_measures = models.CharField(
        "消化措施",
        max_length=200,
        blank=True,
        help_text="超编时如何消化，如“退休自然减员，不再补充”",
    )
    over_establishment_deadline = models.DateField(
        "消化时限", null=True, blank=True, help_text="超编人员预计消化完毕的日期"
    )
    push_down = models.CharField(
        "编制下沉",
        max_length=16,
        choices=PushDownMode.choices,
        blank=True,
        help_text="划转到乡镇（街道）单位的编制下沉方式；不是下沉则不填（规则 23）",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("办理时间", default=timezone.now)

    history = tracked_history()
    scoping = Scoping(region="region", institution="lines__institution", distinct=True)

    class Meta:
        verbose_name = "编制调整"
        verbose_name_plural = "编制调整"
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return f"{self.document.number} {self.summary}"

    def get_absolute_url(self):
        return reverse("staffing:adjustment_detail", args=[self.pk])

    @property
    def is_scheduled(self) -> bool:
        """待生效: recorded, but its day has not come; until then no figure counts it (rule 15)."""
        return self.effective_on > timezone.localdate()

    @property
    def state_label(self) -> str:
        return SCHEDULED if self.is_scheduled else IN_FORCE


class AdjustmentLine(models.Model):
    """One line of an adjustment: an institution's quota line (or the pool) changed by ``delta``."""

    adjustment = models.ForeignKey(
        Adjustment, verbose_name="编制调整", on_delete=models.PROTECT, related_name="lines"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustment_lines",
        help_text="不填表示编制周转池",
    )
    establishment_type = models.CharField(
        "编制类型", max_length=20, choices=EstablishmentType.choices
    )
    funding_form = models.CharField(
        "经费形式", max_length=10, choices=FundingForm.choices, blank=True
    )
    pool_purpose = models.CharField(
        "周转池用途",
        max_length=24,
        choices=PoolPurpose.choices,
        blank=True,
        help_text="周转池明细所属的周转池（规则 26）；单位明细不填",
    )
    delta = models.IntegerField("调整数")
    approved_before = models.PositiveIntegerField("调整前")
    approved_after = models.PositiveIntegerField("调整后")

    history = tracked_history()
    scoping = Scoping(region="adjustment__region", institution="institution")

    class Meta:
        verbose_name = "编制调整明细"
        verbose_name_plural = "编制调整明细"
        ordering = ["adjustment_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="adjustment_line_delta_nonzero"),
            models.CheckConstraint(
                condition=Q(approved_after=models.F("approved_before") + models.F("delta")),
                name="adjustment_line_arithmetic",
            ),
            models.CheckConstraint(
                condition=Q(institution__isnull=True, pool_purpose__gt="")
                | Q(institution__isnull=False, pool_purpose=""),
                name="adjustment_line_pool_purpose",
            ),
        ]

    def __str__(self):
        target = self.institution or self.get_pool_purpose_display()
        return f"{target} {self.get_establishment_type_display()} {self.delta:+d}"

    @property
    def is_pool(self) -> bool:
        return self.institution_id is None


class LeadershipQuota(models.Model):
    """领导职数: how many posts of one kind an institution or one internal department may fill."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="leadership_quotas"
    )
    department = models.ForeignKey(
        InternalDepartment,
        verbose_name="内设机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leadership_quotas",
    )
    post_kind = models.CharField("职务类别", max_length=20, choices=PostKind.choices)
    post_title = models.CharField(
        "职务名称", max_length=50, blank=True, help_text="其他职数须填写，如纪检组长"
    )
    approved = models.PositiveIntegerField("核定职数", default=0)
    document = models.ForeignKey(
        ApprovalDocument, verbose_name="批准文件", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    class Meta:
        verbose_name = "领导职数"
        verbose_name_plural = "领导职数"
        ordering = ["institution_id", "department_id", "post_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "post_kind", "post_title"],
                condition=Q(department__isnull=True),
                name="leadership_quota_unique_for_unit",
                violation_error_message="该机构已有此类领导职数，请调整原有职数。",
            ),
            models.UniqueConstraint(
                fields=["department", "post_kind", "post_title"],
                condition=Q(department__isnull=False),
                name="leadership_quota_unique_for_department",
                violation_error_message="该内设机构已有此类领导职数，请调整原有职数。",
            ),
        ]

    def __str__(self):
        where = self.department.name if self.department_id else self.institution.full_name
        return f"{where} · {self.post_label}"

    @property
    def post_label(self) -> str:
        return self.post_title or self.get_post_kind_display()

    def clean(self):
        errors = {}
        if self.post_kind in DEPARTMENT_POST_KINDS and not self.department_id:
            errors["department"] = DEPARTMENT_POST_NEEDS_DEPARTMENT
        if self.post_kind not in DEPARTMENT_POST_KINDS and self.department_id:
            errors["department"] = UNIT_POST_WITHOUT_DEPARTMENT
        if (
            self.department_id
            and self.institution_id
            and self.department.institution_id != self.institution_id
        ):
            errors["department"] = DEPARTMENT_OF_OTHER_INSTITUTION
        if self.post_kind == PostKind.OTHER and not self.post_title:
            errors["post_title"] = OTHER_POST_NEEDS_TITLE
        if errors:
            raise ValidationError(errors)


class UsagePermit(models.Model):
    """核准使用编制通知单: the office's approval for a unit to fill vacancies of one quota line.

    While open and unexpired it reserves its unused slots (R in rule 1). Its use is counted from
    the establishment records that cite it, never kept as a counter.
    """

    number = models.CharField(
        "通知单编号",
        max_length=50,
        unique=True,
        error_messages={"unique": "该通知单编号已被使用。"},
    )
    quota_line = models.ForeignKey(
        QuotaLine, verbose_name="编制", on_delete=models.PROTECT, related_name="permits"
    )
    count = models.PositiveIntegerField("核准数")
    purpose = models.CharField("用途", max_length=12, choices=PermitPurpose.choices)
    issued_on = models.DateField("核准日期")
    expires_on = models.DateField("有效期至")
    document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="批准文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=PermitStatus.choices,
        default=PermitStatus.OPEN,
        editable=False,
    )
    closed_on = models.DateField("注销/过期日期", null=True, blank=True, editable=False)
    notes = models.CharField("备注", max_length=200, blank=True)
    special_quota = models.ForeignKey(
        "staffing.SpecialQuota",
        verbose_name="高层次人才专项编制",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits",
        editable=False,
        help_text="使用专项编制的通知单只占专项编制，不占本单位核定编制（规则 27）",
    )

    history = tracked_history()
    scoping = Scoping(
        region="quota_line__institution__region", institution="quota_line__institution"
    )

    class Meta:
        verbose_name = "用编通知单"
        verbose_name_plural = "用编通知单"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="permit_count_positive"),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("issued_on")),
                name="permit_expiry_after_issue",
                violation_error_message=PERMIT_EXPIRY_BEFORE_ISSUE,
            ),
        ]
        indexes = [
            models.Index(fields=["quota_line", "status", "expires_on"]),
            # The permit list's order (newest first) read from the index (issue 21).
            models.Index(fields=["issued_on", "id"], name="permit_list_order"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("staffing:permit_detail", args=[self.pk])

    @property
    def institution(self) -> Institution:
        return self.quota_line.institution

    def is_open_on(self, day) -> bool:
        return self.status == PermitStatus.OPEN and self.issued_on <= day <= self.expires_on


# Borrowings and talent special quotas (rules 26, 27) live in their own module.
from .pool_models import PoolLoan, SlotReturn, SpecialQuota  # noqa: E402

__all__ = [
    "Adjustment",
    "AdjustmentLine",
    "LeadershipQuota",
    "PoolBalance",
    "PoolLoan",
    "QuotaLine",
    "RegionTotal",
    "SlotReturn",
    "SpecialQuota",
    "UsagePermit",
]
