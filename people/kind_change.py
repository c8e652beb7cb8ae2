"""Rule 17, the people half: an institution's kind (单位类型) may change only when rule 6 still
holds for everyone on its establishment under the new kind — nobody on a type the new kind may not
hold, and, in an organ or a 参公 unit, everyone outside worker posts registered as a civil servant.
Registered with ``orgs.services.kind_change_checks`` in ``apps.PeopleConfig.ready``."""

from django.db.models import Count

from orgs.choices import InstitutionKind
from orgs.models import Institution
from staffing.choices import ALLOWED_TYPES, EstablishmentType, FundingForm

from .choices import PostCategory, RecordStatus
from .models import EstablishmentRecord
from .rules import CIVIL_SERVICE_KINDS

RECORDS_OF_OTHER_KIND = (
    "单位类型改为%(kind)s后不能再有%(records)s的在编人员（规则 6、17），"
    "请先将这些人员调出（调动）或办理出编，再修改单位类型。"
)
NOT_CIVIL_SERVANTS = (
    "单位类型改为%(kind)s后，非工勤岗位人员须已办理公务员登记（规则 6、17），"
    "尚有 %(count)d 人未登记（%(names)s），请先办理公务员登记或将其调出，再修改单位类型。"
)
# How many names a message lists before “等”.
NAMES_SHOWN = 5


def _type_label(establishment_type: str, funding_form: str) -> str:
    label = EstablishmentType(establishment_type).label
    return f"{label}（{FundingForm(funding_form).label}）" if funding_form else label


def records_left_on_kind_change(institution: Institution, new_kind: str) -> list[str]:
    """People whose establishment the new kind may not hold, and (for organ and 参公 kinds)
    people in civil-servant posts without civil-servant registration; grouped queries."""
    kind_label = InstitutionKind(new_kind).label
    active = EstablishmentRecord.objects.filter(
        quota_line__institution=institution, status=RecordStatus.ACTIVE
    )
    errors = []
    by_type = (
        active.exclude(quota_line__establishment_type__in=ALLOWED_TYPES.get(new_kind, ()))
        .values_list("quota_line__establishment_type", "quota_line__funding_form")
        .annotate(count=Count("pk"))
        .order_by("quota_line__establishment_type", "quota_line__funding_form")
    )
    if by_type:
        records = "、".join(f"{_type_label(t, f)} {count} 人" for t, f, count in by_type)
        errors.append(RECORDS_OF_OTHER_KIND % {"kind": kind_label, "records": records})
    if new_kind in CIVIL_SERVICE_KINDS:
        unregistered = active.exclude(post_category=PostCategory.WORKER).filter(
            person__civil_servant_registered=False
        )
        count = unregistered.count()
        if count:
            names = list(
                unregistered.order_by("person__name").values_list("person__name", flat=True)[
                    :NAMES_SHOWN
                ]
            )
            shown = "、".join(names) + ("等" if count > len(names) else "")
            errors.append(NOT_CIVIL_SERVANTS % {"kind": kind_label, "count": count, "names": shown})
    return errors
