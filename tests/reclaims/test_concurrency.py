"""Rule 25 under real concurrency (PostgreSQL only): exits from one line registered at the same
time all go through and leave one pending proposal with the whole vacancy."""

from bianzhi.history import system_actor
from people import services as people_services
from reclaims.choices import ReclaimState
from reclaims.models import ReclaimProposal
from tests.kit import builders
from tests.kit.concurrency import RACING, outcomes, race

from .scenario import ago

pytestmark = RACING

THREADS = 6


def test_exits_racing_on_one_line_all_go_through_with_one_proposal(region, finance):
    line = builders.quota(finance, THREADS)
    records = builders.staff(line, THREADS)
    actor = system_actor()

    def leave(record):
        return lambda: people_services.exit_register(
            record=record, ended_on=ago(3), end_reason="resignation", actor=actor
        )

    wins, losses = outcomes(race([leave(record) for record in records]))

    assert (len(wins), len(losses)) == (THREADS, 0)
    (proposal,) = ReclaimProposal.objects.filter(quota_line=line, state=ReclaimState.PENDING)
    assert proposal.vacancy == THREADS
