"""Approved matters for the follow-up tests, dated relative to the test clock's ``TODAY``."""

from bianzhi.history import system_actor
from followups.scheduling import months_after
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment
from staffing.services import LineChange, adjustment_apply
from tests.kit import builders
from tests.kit.clock import TODAY


def months_ago(months: int):
    return months_after(TODAY, -months)


def approved(
    institution, *, months: int = 6, count: int = 2, kind=AdjustmentKind.INCREASE, to=None
) -> Adjustment:
    """An adjustment whose document was issued ``months`` ago: ``count`` more slots for the
    institution (or, with ``to``, a transfer of them from it to ``to``)."""
    line = builders.quota(institution, 8)
    issued = months_ago(months)
    document = builders.document(institution, issued_on=issued)
    if to is None:
        lines = [LineChange(line.establishment_type, count, institution, line.funding_form)]
    else:
        lines = [
            LineChange(line.establishment_type, -count, institution, line.funding_form),
            LineChange(line.establishment_type, count, to, line.funding_form),
        ]
    return adjustment_apply(
        region=institution.region,
        kind=kind,
        summary=f"{institution.full_name}{AdjustmentKind(kind).label}",
        document=document,
        effective_on=TODAY,
        lines=lines,
        actor=system_actor(),
    )


def follow_up_of(institution, *, months: int = 6, stage=None):
    """The half-year (or ``stage``) follow-up of an increase approved ``months`` ago."""
    from followups.choices import Stage
    from followups.models import FollowUp
    from followups.scheduling import followups_schedule

    adjustment = approved(institution, months=months)
    followups_schedule(today=TODAY, adjustments=Adjustment.objects.filter(pk=adjustment.pk))
    return FollowUp.objects.get(adjustment=adjustment, stage=stage or Stage.HALF_YEAR)
