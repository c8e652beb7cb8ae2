"""Standing checks of institutions, quota lines, leadership quotas and permits (rules 2–6, 8,
15–17). Each runs one or two grouped queries over what the user may see."""

import functools
import operator

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from bianzhi import access
from orgs.choices import Level, Status
from orgs.levels import ancestors_by_region, issued_above
from orgs.models import Institution
from people.models import EstablishmentRecord
from staffing import occupancy
from staffing.choices import ALLOWED_TYPES, PermitStatus, PostKind
from staffing.leadership_ceilings import BOUNDED_POSTS, ceiling_expression
from staffing.models import AdjustmentLine, LeadershipQuota, QuotaLine, UsagePermit
from staffing.selectors import (
    in_force_subquery,
    open_permits,
    over_established,
    over_leadership_quota,
    with_figures,
)
from staffing.tables import establishment_url

from .registry import Check, register

ACTIVE_RECORD = Q(records__status="active")


def active_lines(user):
    return access.restrict(QuotaLine.objects.all(), user).filter(institution__status=Status.ACTIVE)


def type_not_allowed() -> Q:
    """Lines of a type their unit's kind may not hold (rule 6)."""
    return functools.reduce(
        operator.or_,
        (
            Q(institution__kind=kind) & ~Q(establishment_type__in=allowed)
            for kind, allowed in ALLOWED_TYPES.items()
        ),
    )


def institution_in_force(today) -> Coalesce:
    """The unit's quota of every type in force on ``today`` (rule 15), as one subquery."""
    return Coalesce(
        Subquery(
            AdjustmentLine.objects.filter(
                institution=OuterRef("pk"), adjustment__effective_on__lte=today
            )
            .order_by()
            .values("institution")
            .annotate(n=Sum("delta"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


@register
class MixedEstablishment(Check):
    code = "mixed"
    rules = (6, 17)
    title = "混编：单位持有其类型不得持有的编制"
    fix = "将该编制划转或核减，并将占用人员转出后再核定；或经机构改革一并转换单位类型和编制（规则 17）。"

    def find(self, user, today):
        lines = (
            active_lines(user)
            .filter(type_not_allowed())
            .annotate(
                in_force=in_force_subquery(today),
                occupied=Count("records", filter=ACTIVE_RECORD),
            )
            .filter(Q(in_force__gt=0) | Q(occupied__gt=0))
            .select_related("institution")
            .order_by("institution__sort_order", "institution_id", "establishment_type")
        )
        return [
            self.breach(
                institution=line.institution,
                subject=line.type_label,
                url=establishment_url(line.institution_id),
                detail=f"{line.institution.get_kind_display()}持有{line.type_label}："
                f"核定 {line.in_force}，在编 {line.occupied}",
            )
            for line in lines
        ]


@register
class OverEstablishmentWithoutReason(Check):
    code = "over_establishment"
    rules = (4,)
    title = "超编未记录原因"
    fix = "依据批准文件补录超编原因（如机构合并），或办理出编、核增编制消化超编。"

    def find(self, user, today):
        lines = over_established(active_lines(user).filter(over_establishment_reason=""), on=today)
        return [
            self.breach(
                institution=line.institution,
                subject=line.type_label,
                url=establishment_url(line.institution_id),
                detail=f"核定 {line.in_force}，在编 {line.occupied}，超编 {line.over}，未记录超编原因",
            )
            for line in lines
        ]


@register
class OverLeadership(Check):
    code = "over_leadership"
    rules = (5,)
    title = "超职数配备"
    fix = "免去超出核定职数的职务，或依据批准文件核增领导职数。"

    def find(self, user, today):
        quotas = access.restrict(LeadershipQuota.objects.all(), user).filter(
            institution__status=Status.ACTIVE
        )
        rows = over_leadership_quota(quotas).order_by("institution__sort_order", "pk")
        return [
            self.breach(
                institution=quota.institution,
                subject=(f"{quota.department.name} · " if quota.department else "")
                + quota.post_label,
                url=establishment_url(quota.institution_id),
                detail=f"核定 {quota.approved}，实配 {quota.filled}，超配 {quota.excess}",
            )
            for quota in rows
        ]


@register
class LeadershipAboveCeiling(Check):
    code = "leadership_ceiling"
    rules = (5,)
    title = "单位领导职数超出其规格的常规职数且无上级批准文件"
    fix = "依据上级机构编制部门的批准文件重新核定该职数，或核减至常规职数以内。"

    def find(self, user, today):
        quotas = (
            access.restrict(LeadershipQuota.objects.all(), user)
            .filter(
                institution__status=Status.ACTIVE,
                department__isnull=True,
                post_kind__in=BOUNDED_POSTS,
            )
            .annotate(ceiling=ceiling_expression())
            .filter(approved__gt=F("ceiling"))
            .select_related("institution__region", "document")
            .order_by("institution__sort_order", "institution_id", "post_kind")
        )
        ancestors = ancestors_by_region()
        return [
            self.breach(
                institution=quota.institution,
                subject=quota.post_label,
                url=establishment_url(quota.institution_id) + "#leadership",
                detail=f"{Level(quota.institution.level or Level.UNRATED).label}，"
                f"{PostKind(quota.post_kind).label}一般不超过 {quota.ceiling} 名，"
                f"核定 {quota.approved} 名，依据文件“{quota.document.number}”非上级批准",
            )
            for quota in quotas
            if not issued_above(quota.document, quota.institution.region, ancestors)
        ]


@register
class EmptyUnit(Check):
    code = "empty_unit"
    rules = (8,)
    title = "空壳机构：有核定编制而无在编人员"
    fix = "核实机构是否实际运行：补录在编人员，或收回空编；不再运行的依据文件撤销。"

    def find(self, user, today):
        staffed = EstablishmentRecord.objects.filter(
            status="active", quota_line__institution=OuterRef("pk")
        )
        units = (
            access.restrict(Institution.objects.all(), user)
            .filter(status=Status.ACTIVE)
            .annotate(approved=institution_in_force(today))
            .filter(approved__gt=0)
            .exclude(Exists(staffed))
            .order_by("sort_order", "pk")
        )
        return [
            self.breach(
                institution=unit,
                subject=unit.full_name,
                url=establishment_url(unit.pk),
                detail=f"核定编制 {unit.approved}，在编 0",
            )
            for unit in units
        ]


@register
class AbolishedParent(Check):
    code = "abolished_parent"
    rules = (8,)
    title = "空壳机构：主管部门已撤销而下属机构仍在"
    fix = "将下属机构划归其他主管部门，或依据文件一并撤销。"

    def find(self, user, today):
        units = (
            access.restrict(Institution.objects.all(), user)
            .filter(status=Status.ACTIVE, parent__status=Status.ABOLISHED)
            .select_related("parent")
            .order_by("sort_order", "pk")
        )
        return [
            self.breach(
                institution=unit,
                subject=unit.full_name,
                url=unit.get_absolute_url(),
                detail=f"主管部门“{unit.parent.full_name}”已撤销",
            )
            for unit in units
        ]


@register
class ExpiredPermit(Check):
    code = "expired_permit"
    rules = (2, 3)
    title = "用编通知单已过有效期仍未注销"
    fix = "运行过期处理（expire_permits），或注销该通知单；仍需用编的重新核准。"

    def find(self, user, today):
        permits = (
            access.restrict(UsagePermit.objects.all(), user)
            .filter(status=PermitStatus.OPEN, expires_on__lt=today)
            .select_related("quota_line__institution")
            .order_by("expires_on", "pk")
        )
        return [
            self.breach(
                institution=permit.quota_line.institution,
                subject=permit.number,
                url=permit.get_absolute_url(),
                detail=f"有效期至 {permit.expires_on:%Y-%m-%d}，状态仍为有效",
            )
            for permit in permits
        ]


def over_committed_lines(user, today):
    """Lines of active units with reservations where H < A + R (rule 16): the candidates are the
    lines with an open permit, and only they get the figures."""
    reserving = UsagePermit.objects.filter(open_permits(today)).values("quota_line")
    return (
        with_figures(active_lines(user).filter(pk__in=reserving), on=today)
        .filter(reserved__gt=0, available__lt=0)
        .select_related("institution")
    )


@register
class OverCommittedLine(Check):
    code = "over_committed"
    rules = (16,)
    title = "核定数小于在编人数加预留名额"
    fix = "注销或核减该编制上的用编通知单，使在编人数加预留名额不超过核定数。"

    def find(self, user, today):
        lines = over_committed_lines(user, today).order_by("institution__sort_order", "pk")
        return [
            self.breach(
                institution=line.institution,
                subject=line.type_label,
                url=establishment_url(line.institution_id),
                detail=f"核定 {line.in_force}，在编 {line.occupied}，"
                f"已核准未使用 {line.reserved}，缺 {-line.available}",
            )
            for line in lines
        ]


@register
class ReservationsAboveVacancies(Check):
    code = "reservations"
    rules = (2, 16)
    title = "通知单预留名额多于空编"
    fix = "注销或核减该通知单，或先办理出编腾出空编（先出后进）。"

    def find(self, user, today):
        vacancies = {line.pk: line.vacancy for line in over_committed_lines(user, today)}
        if not vacancies:
            return []
        used = Count("records")
        permits = (
            access.restrict(UsagePermit.objects.all(), user)
            .filter(open_permits(today), quota_line__in=list(vacancies))
            .annotate(used=used)
            .select_related("quota_line__institution")
            .order_by("quota_line__institution__sort_order", "issued_on", "pk")
        )
        return [
            self.breach(
                institution=permit.quota_line.institution,
                subject=permit.number,
                url=permit.get_absolute_url(),
                detail=f"{permit.quota_line.type_label}：剩余名额 {permit.count - permit.used}，"
                f"该编制空编 {vacancies[permit.quota_line_id]}",
            )
            for permit in permits
            if permit.count > permit.used
        ]


def _people_in(category: str) -> Count:
    return Count(
        occupancy.LINE_RECORDS,
        filter=Q(
            **{
                f"{occupancy.LINE_RECORDS}__status": occupancy.ACTIVE_RECORD_STATUS,
                f"{occupancy.LINE_RECORDS}__{occupancy.RECORD_POST_CATEGORY}": category,
            }
        ),
    )


@register
class PostStructureExceeded(Check):
    code = "post_structure"
    rules = (6, 15)
    title = "岗位结构不符：某类岗位在编人数超出结构数，或结构合计超出核定数"
    fix = "按岗位结构调整人员岗位类别（信息更正），或依据批准文件重新核定岗位结构。"

    def find(self, user, today):
        structured = functools.reduce(
            operator.or_,
            (Q(**{f"{field}__isnull": False}) for field in occupancy.STRUCTURE_FIELDS.values()),
        )
        people = {
            f"{category}_people": _people_in(category) for category in occupancy.STRUCTURE_FIELDS
        }
        exceeded = functools.reduce(
            operator.or_,
            (
                Q(**{f"{category}_people__gt": F(field)})
                for category, field in occupancy.STRUCTURE_FIELDS.items()
            ),
        )
        lines = (
            active_lines(user)
            .filter(structured)
            .annotate(in_force=in_force_subquery(today), **people)
            .annotate(
                structure_sum=Coalesce("management_posts", 0)
                + Coalesce("professional_posts", 0)
                + Coalesce("worker_posts", 0)
            )
            .filter(exceeded | Q(structure_sum__gt=F("in_force")))
            .select_related("institution")
            .order_by("institution__sort_order", "institution_id", "establishment_type", "pk")
        )
        return [
            self.breach(
                institution=line.institution,
                subject=line.type_label,
                url=establishment_url(line.institution_id) + "#structure",
                detail=self.detail(line),
            )
            for line in lines
        ]

    @staticmethod
    def detail(line) -> str:
        parts = []
        for label, (category, field) in zip(
            ("管理", "专技", "工勤"), occupancy.STRUCTURE_FIELDS.items(), strict=True
        ):
            approved, people = getattr(line, field), getattr(line, f"{category}_people")
            if approved is not None and people > approved:
                parts.append(f"{label}岗位核定 {approved}，在编 {people}")
        if line.structure_sum > line.in_force:
            parts.append(f"结构合计 {line.structure_sum}，超出核定数 {line.in_force}")
        return "；".join(parts)
