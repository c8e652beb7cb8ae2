"""The institutions registry: regions, institutions, internal departments, approval documents and the
scope of each user (domain.md §1–§2)."""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import INSTITUTION_ROLES, REGION_ROLES, Action, Department, Role, Scoping
from bianzhi.history import tracked_history
from bianzhi.tree import subtree_ids

from .choices import (
    PUBLIC_INSTITUTION_KINDS,
    Category,
    InstitutionKind,
    Level,
    PublicServiceClass,
    RegionLevel,
    Relation,
    Sector,
    Status,
    System,
    kind_label,
)
from .validators import (  # noqa: F401 (the messages are re-exported for the tests)
    CREDIT_CODE_AUTHORITY_MISMATCH,
    CREDIT_CODE_KIND_MISMATCH,
    credit_code_kind_error,
    region_code_validator,
    validate_credit_code,
)

CYCLE_MESSAGE = "主管部门不能是本机构或其下属机构，否则隶属关系会形成循环。"
PUBLIC_SERVICE_CLASS_REQUIRED = "事业单位须填写事业单位分类。"
PUBLIC_SERVICE_CLASS_ONLY_FOR_INSTITUTIONS = (
    "只有事业单位和参照公务员法管理的事业单位才有事业单位分类。"
)
LEGAL_PERSON_ONLY_FOR_INSTITUTIONS = (
    "只有事业单位和参照公务员法管理的事业单位才有事业单位法人证书号。"
)
RELATION_NEEDS_PARENT = "未填写主管部门时不能填写隶属关系。"


class Region(models.Model):
    """行政区划: a GB/T 2260 area; one deployment may serve a county or a city with its counties."""

    code = models.CharField(
        "区划代码", max_length=6, unique=True, validators=[region_code_validator]
    )
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    history = tracked_history()
    scoping = Scoping(region="pk", institution=None)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self):
        return self.name

    def subtree_ids(self) -> set[int]:
        return subtree_ids(Region, [self.pk])


class ApprovalDocument(models.Model):
    """批准文件: the document every quota, certificate and personnel change cites."""

    number = models.CharField(
        "文号",
        max_length=100,
        unique=True,
        help_text="例如：示编发〔2026〕12号",
        error_messages={"unique": "该文号已经登记，请勿重复录入。"},
    )
    title = models.CharField("文件标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    issued_on = models.DateField("发文日期")
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="documents"
    )
    institutions = models.ManyToManyField(
        "Institution", verbose_name="涉及机构", blank=True, related_name="documents"
    )
    scan = models.FileField("扫描件", upload_to="documents/%Y/", blank=True)
    notes = models.TextField("备注", blank=True)

    history = tracked_history(m2m_fields=[institutions])
    scoping = Scoping(region="region", institution="institutions", distinct=True)

    class Meta:
        verbose_name = "批准文件"
        verbose_name_plural = "批准文件"
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orgs:document_detail", args=[self.pk])


class Abolishable(models.Model):
    """Something the office abolishes by document: its status, date and abolition document."""

    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.ACTIVE, editable=False
    )
    abolished_on = models.DateField("撤销日期", null=True, blank=True, editable=False)
    abolition_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="撤销文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @staticmethod
    def abolition_documented(name: str, message: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(status=Status.ACTIVE)
            | Q(abolished_on__isnull=False, abolition_document__isnull=False),
            name=name,
            violation_error_message=message,
        )


class Institution(Abolishable):
    """机构: a public body whose establishment the office approves; institutions form a tree."""

    full_name = models.CharField("机构全称", max_length=200)
    other_names = models.CharField(
        "其他名称", max_length=300, blank=True, help_text="挂牌或合署办公的名称，多个以顿号分隔"
    )
    short_name = models.CharField("简称", max_length=50, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="institutions"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="主管部门（举办单位）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    relation = models.CharField("隶属关系", max_length=12, choices=Relation.choices, blank=True)
    kind = models.CharField("单位类型", max_length=10, choices=InstitutionKind.choices)
    system = models.CharField("系统类别", max_length=15, choices=System.choices)
    category = models.CharField("机构类别", max_length=20, choices=Category.choices)
    level = models.CharField("机构规格", max_length=16, choices=Level.choices)
    public_service_class = models.CharField(
        "事业单位分类", max_length=16, choices=PublicServiceClass.choices, blank=True
    )
    sector = models.CharField(
        "分类管理领域", max_length=10, choices=Sector.choices, default=Sector.OTHER
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    legal_person_cert_no = models.CharField("事业单位法人证书号", max_length=30, blank=True)
    # 事业单位法人登记: printed on the unit's 《机构编制管理证》.
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    purpose_and_scope = models.TextField("宗旨和业务范围", blank=True)
    establishing_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="设立文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    established_on = models.DateField("设立日期", null=True, blank=True)
    main_duties = models.TextField("主要职责", blank=True)
    sort_order = models.PositiveIntegerField(
        "排序号", default=0, help_text="按编办惯例排列名录，数字小的在前"
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution="pk")

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["region__code", "sort_order", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "full_name"],
                condition=Q(status=Status.ACTIVE),
                name="institution_active_name_unique_in_region",
                violation_error_message="同一行政区划内已有同名的在用机构，机构全称不能重复。",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="institution_credit_code_unique",
                violation_error_message="该统一社会信用代码已被其他机构使用。",
            ),
            Abolishable.abolition_documented(
                "institution_abolition_documented", "撤销机构必须有撤销文件和撤销日期。"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "sort_order"]),
            # The city-wide lists' order by unit (the roster's default) read from the index.
            models.Index(fields=["sort_order", "full_name", "id"], name="institution_list_order"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("orgs:institution_detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        """单位类型 as pages and ledgers show it (人大机关, 审判机关 … rather than 党政机关)."""
        return kind_label(self.kind, self.system)

    @property
    def is_township_unit(self) -> bool:
        """乡镇（街道）单位: a township or sub-district organ, a unit of the 乡镇 sector (e.g. its
        service centres), or any unit of a township-level region."""
        return (
            self.category == Category.TOWNSHIP
            or self.sector == Sector.TOWNSHIP
            or self.region.level == RegionLevel.TOWNSHIP
        )

    @property
    def is_public_institution(self) -> bool:
        return self.kind in PUBLIC_INSTITUTION_KINDS

    def ancestors(self) -> list["Institution"]:
        """The chain of parents, nearest first (one query per level)."""
        chain, node = [], self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    def subtree_ids(self) -> set[int]:
        return subtree_ids(Institution, [self.pk])

    def clean(self):
        errors = {}
        if self.parent_id and self.pk and self.parent_id in self.subtree_ids():
            errors["parent"] = CYCLE_MESSAGE
        if self.relation and not self.parent_id:
            errors["relation"] = RELATION_NEEDS_PARENT
        if self.is_public_institution:
            if self.kind == InstitutionKind.PUBLIC_INSTITUTION and not self.public_service_class:
                errors["public_service_class"] = PUBLIC_SERVICE_CLASS_REQUIRED
        else:
            if self.public_service_class:
                errors["public_service_class"] = PUBLIC_SERVICE_CLASS_ONLY_FOR_INSTITUTIONS
            if self.legal_person_cert_no:
                errors["legal_person_cert_no"] = LEGAL_PERSON_ONLY_FOR_INSTITUTIONS
            if self.legal_representative:
                errors["legal_representative"] = LEGAL_PERSON_ONLY_FOR_INSTITUTIONS
            if self.purpose_and_scope:
                errors["purpose_and_scope"] = LEGAL_PERSON_ONLY_FOR_INSTITUTIONS
        self.credit_code = self.credit_code.strip().upper()
        kind_error = credit_code_kind_error(self.credit_code, self.kind)
        if kind_error and "credit_code" not in errors:
            errors["credit_code"] = kind_error
        if errors:
            raise ValidationError(errors)


class InternalDepartment(Abolishable):
    """内设机构: a department inside one institution."""

    institution = models.ForeignKey(
        Institution, verbose_name="所属机构", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    level = models.CharField("规格", max_length=16, choices=Level.choices, default=Level.UNIT)
    main_duties = models.TextField("主要职责", blank=True)
    sort_order = models.PositiveIntegerField("排序号", default=0)

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        ordering = ["institution_id", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                condition=Q(status=Status.ACTIVE),
                name="department_active_name_unique_in_institution",
                violation_error_message="本机构已有同名的内设机构。",
            ),
            Abolishable.abolition_documented(
                "department_abolition_documented", "撤销内设机构必须有撤销文件和撤销日期。"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:department_detail", args=[self.pk])

    @property
    def picker_label(self) -> str:
        """How a picker offers the department among a city's: with its unit."""
        unit = self.institution
        return f"{unit.short_name or unit.full_name} · {self.name}"


class UserScope(models.Model):
    """The role of one user and the region or institution it covers (domain.md §1)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="scope",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="管辖区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="编办人员和协作部门人员填写",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name="所在机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="主管部门审核员和单位经办人填写",
    )
    may_see_full_id = models.BooleanField(
        "可查看完整身份证号",
        default=False,
        help_text="仅对协作部门查询人员有意义；编办人员始终可查看",
    )
    department = models.CharField(
        "协作部门",
        max_length=20,
        choices=Department.choices,
        blank=True,
        help_text="协作部门查询人员填写：组织部门、人社部门确认其负责的人员身份（规则 47）",
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)
    access_rules = {action: frozenset({Role.OFFICE_ADMIN}) for action in Action}

    class Meta:
        verbose_name = "用户角色与范围"
        verbose_name_plural = "用户角色与范围"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(REGION_ROLES), region__isnull=False, institution__isnull=True)
                    | Q(
                        role__in=sorted(INSTITUTION_ROLES),
                        institution__isnull=False,
                        region__isnull=True,
                    )
                ),
                name="userscope_role_matches_scope",
                violation_error_message=(
                    "编办人员和协作部门人员只填管辖区划；主管部门审核员和单位经办人只填所在机构。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(role=Role.PARTNER) | Q(department=""),
                name="userscope_department_only_for_partners",
                violation_error_message="只有协作部门查询人员填写协作部门。",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region or self.institution}"

    @cached_property
    def _region_ids(self) -> frozenset[int]:
        return frozenset(subtree_ids(Region, [self.region_id])) if self.region_id else frozenset()

    @cached_property
    def _institution_ids(self) -> frozenset[int]:
        if self.role == Role.REVIEWER:
            return frozenset(subtree_ids(Institution, [self.institution_id]))
        return frozenset({self.institution_id}) if self.institution_id else frozenset()

    def region_ids(self) -> frozenset[int]:
        """Regions covered by a region-wide role: its region and every region below it."""
        return self._region_ids

    def institution_ids(self) -> frozenset[int]:
        """Institutions covered by a reviewer (its subtree) or a clerk (its own unit)."""
        return self._institution_ids
