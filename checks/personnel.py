"""Standing checks of people, their records and leadership appointments (rules 6, 9, 10, 18).
Each runs one query (rows with what they show joined in) over what the user may see."""

from django.db.models import Q

from bianzhi import access
from orgs.choices import ORGAN_KINDS, Status
from people import selectors
from people.choices import PostCategory, RecordStatus
from people.models import EstablishmentRecord, LeadershipAppointment
from people.rules import CIVIL_SERVICE_KINDS
from staffing.choices import EstablishmentType

from .registry import Check, register

ROW_RELATED = ("person", "quota_line__institution")


def active_records(user):
    return (
        access.restrict(EstablishmentRecord.objects.all(), user)
        .filter(status=RecordStatus.ACTIVE, quota_line__institution__status=Status.ACTIVE)
        .select_related(*ROW_RELATED)
        .order_by(
            "quota_line__institution__sort_order", "quota_line__institution_id", "person__name"
        )
    )


def current_appointments(user):
    return (
        access.restrict(LeadershipAppointment.objects.all(), user)
        .filter(ended_on__isnull=True, quota__institution__status=Status.ACTIVE)
        .select_related("person", "quota__institution")
        .order_by("quota__institution__sort_order", "quota__institution_id", "person__name")
    )


@register
class CivilServantStatus(Check):
    code = "civil_servant"
    rules = (6,)
    title = "机关、参公单位非工勤岗位人员未办理公务员登记"
    fix = "为其办理公务员登记；不符合登记条件的，调整为工勤岗位或转出至相应编制。"

    def find(self, user, today):
        records = (
            active_records(user)
            .filter(
                quota_line__institution__kind__in=CIVIL_SERVICE_KINDS,
                person__civil_servant_registered=False,
            )
            .exclude(post_category=PostCategory.WORKER)
        )
        return [
            self.breach(
                institution=record.quota_line.institution,
                subject=record.person.name,
                url=record.person.get_absolute_url(),
                detail=f"{record.quota_line.institution.get_kind_display()}"
                f"{record.get_post_category_display()}，占用{record.quota_line.type_label}，"
                "未办理公务员登记",
            )
            for record in records
        ]


@register
class WorkerMismatch(Check):
    code = "worker"
    rules = (6,)
    title = "机关工勤人员与机关工勤编制不对应"
    fix = (
        "工勤技能岗位人员改占机关工勤编制；非工勤人员改占行政编制或政法专项编制（信息更正或调动）。"
    )

    def find(self, user, today):
        worker_post = Q(post_category=PostCategory.WORKER)
        worker_line = Q(quota_line__establishment_type=EstablishmentType.ORGAN_WORKER)
        records = active_records(user).filter(
            Q(quota_line__institution__kind__in=ORGAN_KINDS)
            & ((worker_post & ~worker_line) | (~worker_post & worker_line))
        )
        return [
            self.breach(
                institution=record.quota_line.institution,
                subject=record.person.name,
                url=record.person.get_absolute_url(),
                detail=f"{record.get_post_category_display()}，占用{record.quota_line.type_label}",
            )
            for record in records
        ]


@register
class LeaderWithoutCivilServantStatus(Check):
    code = "leader_civil_servant"
    rules = (18,)
    title = "机关、参公单位领导职务由未办理公务员登记的人员担任"
    fix = "为其办理公务员登记，或依据文件免去该职务。"

    def find(self, user, today):
        appointments = selectors.appointments_without_civil_service(current_appointments(user))
        return [
            self.breach(
                institution=appointment.quota.institution,
                subject=appointment.person.name,
                url=appointment.person.get_absolute_url(),
                detail=f"任{appointment.title}，未办理公务员登记",
            )
            for appointment in appointments
        ]


@register
class DualIdentity(Check):
    code = "dual_identity"
    rules = (18,)
    title = "双重身份：在编制所在单位以外担任领导职务"
    fix = "双重身份按主岗：核对任职文件，将编制调整到主岗单位，或免去兼任职务。"

    def find(self, user, today):
        appointments = selectors.dual_identity_appointments(current_appointments(user))
        return [
            self.breach(
                institution=appointment.quota.institution,
                subject=appointment.person.name,
                url=appointment.person.get_absolute_url(),
                detail=f"任{appointment.title}，"
                + (
                    f"编制在“{appointment.home_institution_name}”"
                    if appointment.home_institution_name
                    else "本人无在编记录"
                )
                + ("（有任职文件）" if appointment.dual_identity_document_id else "（无任职文件）"),
            )
            for appointment in appointments
        ]


@register
class PastRetirement(Check):
    code = "past_retirement"
    rules = (9, 10)
    title = "超过退休时间仍在编"
    fix = "报送出编（退休）申报；确需延迟退休的，依据批准文件办理。"

    def find(self, user, today):
        records = selectors.past_retirement(active_records(user), today=today)
        return [
            self.breach(
                institution=record.quota_line.institution,
                subject=record.person.name,
                url=record.person.get_absolute_url(),
                detail=f"退休时间 {record.retirement_month():%Y年%m月}，仍在编",
            )
            for record in records
        ]
