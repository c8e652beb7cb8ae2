"""Named personnel (实名人员): who occupies which quota line and which leadership post."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bianzhi.access import Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, InternalDepartment, Region
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit

from .. import idcrypto, idsearch
from ..choices import (
    ETHNICITY_CHOICES,
    Degree,
    Education,
    EndReason,
    EntryWay,
    PersonCategory,
    PoliticalStatus,
    PostCategory,
    RecordStatus,
    Sex,
)
from ..idnumbers import (
    ID_NUMBER_REGISTERED,
    InvalidIdNumber,
    derived_sex,
    disagreements,
    parse_id_number,
)
from ..labels import post_category_label
from ..names import clean_name
from ..retirement import retirement_group, retirement_month
from .id_at_rest import IdNumberAtRest

END_FIELDS_REQUIRED = "出编须填写出编日期和出编原因。"
NOT_COUNTING_NEEDS_DOCUMENT = "兼职不占职数须依据批准文件。"
OVER_QUOTA_NEEDS_DOCUMENT = "超职数配备须依据批准文件。"
WORK_BEFORE_BIRTH = "参加工作时间（%(date)s）不能早于出生日期（%(birth)s）。"
NAME_REQUIRED = "请填写姓名（不可见的字符不算）。"


class PersonQuerySet(models.QuerySet):
    """Lookups by ID number go through the blind index: exact (normalised) numbers only."""

    def by_id_number(self, number: str):
        return self.filter(id_number_index=idcrypto.blind_index(number))

    def by_id_numbers(self, numbers):
        return self.filter(id_number_index__in=[idcrypto.blind_index(n) for n in numbers])


class Person(IdNumberAtRest):
    """实名人员: one natural person, identified by the ID number (rule 7: no duplicates)."""

    id_number_index = models.CharField(
        "身份证号索引",
        max_length=64,
        unique=True,
        editable=False,
        error_messages={"unique": ID_NUMBER_REGISTERED},
    )
    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField("民族", max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    degree = models.CharField("学位", max_length=10, choices=Degree.choices, blank=True)
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    professional_title = models.CharField("职称", max_length=50, blank=True)
    civil_servant_registered = models.BooleanField(
        "已办理公务员登记", default=False, help_text="机关和参公单位的非工勤人员须办理（规则 6）"
    )
    employment_contract_signed = models.BooleanField(
        "已签订聘用合同",
        default=False,
        help_text="事业单位占用事业编制的人员与单位签订聘用合同、实行岗位聘用；由人社部门确认（规则 47）",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="登记区划",
        on_delete=models.PROTECT,
        related_name="people",
        help_text="登记并管理此人的区划；调往其他区划时随之变更",
    )

    history = tracked_history()
    scoping = Scoping(
        region="region", institution="records__quota_line__institution", distinct=True
    )
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "实名人员"
        verbose_name_plural = "实名人员"
        ordering = ["name", "pk"]
        # A search by the last four characters of the number, or by its masked form, reads this
        # index (people.idsearch): the numbers themselves are encrypted.
        indexes = [models.Index(idsearch.TAIL, name="person_id_number_tail")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def picker_label(self) -> str:
        """How a picker offers the person: the name and, to tell namesakes apart, the masked
        ID number lists show (rule 14)."""
        return f"{self.name}（{self.masked_id_number}）"

    def validate_unique(self, exclude=None):
        """Rule 7 is checked on the blind index but reported on the number."""
        if exclude is not None and "id_number" in exclude:
            exclude = {*exclude, "id_number_index"}
        try:
            super().validate_unique(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if "id_number_index" in errors:
                errors.setdefault("id_number", []).extend(errors.pop("id_number_index"))
            raise ValidationError(errors) from None

    def clean(self):
        self.name = clean_name(self.name)
        if not self.name:
            raise ValidationError({"name": NAME_REQUIRED})
        try:
            parsed = parse_id_number(self.id_number or "")
        except InvalidIdNumber as error:
            raise ValidationError({"id_number": error.message}) from None
        self.id_number = parsed.number
        errors = disagreements(parsed, sex=self.sex, birth_date=self.birth_date)
        if errors:
            raise ValidationError(errors)
        self.birth_date = parsed.birth_date
        self.sex = derived_sex(parsed)
        if self.work_started_on and self.work_started_on < self.birth_date:
            raise ValidationError(
                {
                    "work_started_on": WORK_BEFORE_BIRTH
                    % {
                        "date": self.work_started_on.isoformat(),
                        "birth": self.birth_date.isoformat(),
                    }
                }
            )


class EstablishmentRecord(models.Model):
    """占编记录: a person occupying one quota line of an institution (A in rule 1).

    The record points at the quota line, so its type and funding always match the unit's
    approval. At most one active record per person (rule 7), enforced by the database.
    """

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="records"
    )
    quota_line = models.ForeignKey(
        QuotaLine, verbose_name="编制", on_delete=models.PROTECT, related_name="records"
    )
    department = models.ForeignKey(
        InternalDepartment,
        verbose_name="内设机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    post_category = models.CharField("岗位类别", max_length=15, choices=PostCategory.choices)
    person_category = models.CharField(
        "人员类别", max_length=20, choices=PersonCategory.choices, default=PersonCategory.STAFF
    )
    job_title = models.CharField("职务", max_length=50, blank=True)
    entry_way = models.CharField("进入方式", max_length=15, choices=EntryWay.choices)
    entry_on = models.DateField("入编时间")
    entry_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="入编文号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    permit = models.ForeignKey(
        UsagePermit,
        verbose_name="使用的用编通知单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    exam_exemption_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="未经考试进入依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="使用招考用编通知单而非考录、招聘进入的，须有批准文件（凡进必考）",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=RecordStatus.choices,
        default=RecordStatus.ACTIVE,
        editable=False,
    )
    ended_on = models.DateField("出编时间", null=True, blank=True, editable=False)
    end_reason = models.CharField(
        "出编原因", max_length=20, choices=EndReason.choices, blank=True, editable=False
    )
    end_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="出编文号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    end_destination = models.CharField(
        "去向", max_length=100, blank=True, editable=False, help_text="如调往的单位、考取的院校"
    )
    notes = models.CharField("备注", max_length=200, blank=True)

    history = tracked_history()
    scoping = Scoping(
        region="quota_line__institution__region", institution="quota_line__institution"
    )

    class Meta:
        verbose_name = "占编记录"
        verbose_name_plural = "占编记录"
        ordering = ["-entry_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=RecordStatus.ACTIVE),
                name="one_active_record_per_person",
                violation_error_message="此人已在编，同一人只能占用一个编制（规则 7）。",
            ),
            models.CheckConstraint(
                condition=Q(status=RecordStatus.ACTIVE)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_record_has_date_and_reason",
                violation_error_message=END_FIELDS_REQUIRED,
            ),
        ]
        indexes = [
            models.Index(fields=["quota_line", "status"]),
            # The roster's order by 入编时间 read from the index (issue 21).
            models.Index(fields=["entry_on", "id"], name="record_entry_order"),
        ]

    def __str__(self):
        return f"{self.person} · {self.quota_line}"

    @property
    def picker_label(self) -> str:
        """How a picker offers the record: the person (masked ID, rule 14), the line, the post."""
        title = f" · {self.job_title}" if self.job_title else ""
        return f"{self.person.picker_label} · {self.quota_line.type_label}{title}"

    @property
    def is_active(self) -> bool:
        return self.status == RecordStatus.ACTIVE

    @property
    def institution(self):
        return self.quota_line.institution

    @property
    def post_label(self) -> str:
        """岗位类别 as shown: 公务员 wording for organ and 参公 staff (the stored value stays)."""
        return post_category_label(self.post_category, self.quota_line.institution.kind)

    def retirement_month(self):
        if not self.person.birth_date:
            return None
        group = retirement_group(
            is_male=self.person.sex == Sex.MALE,
            worker_post=self.post_category == PostCategory.WORKER,
        )
        return retirement_month(self.person.birth_date, group)


class LeadershipAppointment(models.Model):
    """领导职务任职: a person holding a post under a leadership quota (rule 5)."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="appointments"
    )
    quota = models.ForeignKey(
        LeadershipQuota,
        verbose_name="领导职数",
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    title = models.CharField("职务名称", max_length=50)
    started_on = models.DateField("任职时间")
    start_document = models.ForeignKey(
        ApprovalDocument, verbose_name="任职文号", on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField("免职时间", null=True, blank=True, editable=False)
    end_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="免职文号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    counts_against_quota = models.BooleanField(
        "占职数", default=True, help_text="兼职不占职数须有批准文件"
    )
    exemption_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="不占职数依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    over_quota_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="超职数配备依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="超出核定职数配备时必须有文件，并列入违规清单",
    )
    civil_service_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="非公务员任职依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="机关、参公单位领导职务由未办理公务员登记的人员担任时必须有文件（规则 18）",
    )
    dual_identity_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="双重身份依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="在本人占编单位以外任职（双重身份）必须有文件，并列入自查清单（规则 18）",
    )

    history = tracked_history()
    scoping = Scoping(region="quota__institution__region", institution="quota__institution")

    class Meta:
        verbose_name = "领导职务任职"
        verbose_name_plural = "领导职务任职"
        ordering = ["quota_id", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counts_against_quota=True) | Q(exemption_document__isnull=False),
                name="not_counting_needs_document",
                violation_error_message=NOT_COUNTING_NEEDS_DOCUMENT,
            ),
            models.UniqueConstraint(
                fields=["person", "quota"],
                condition=Q(ended_on__isnull=True),
                name="one_current_appointment_per_post",
                violation_error_message="此人已担任该职务。",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.title}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
