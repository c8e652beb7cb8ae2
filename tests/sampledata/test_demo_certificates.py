"""The demo certificates: three issued (red and blue covers, PDFs stored), changes after the
clerk's school's issue waiting, a publicity running with an objection open; a second load writes
nothing."""

import pytest

from bianzhi.history import system_actor
from certificates import selectors
from certificates.choices import CertificateStatus
from certificates.models import Certificate, Publicity
from sampledata.demo.certificates import ISSUED, RUNNING, WITH_CHANGES, load_demo_certificates
from tests.certificates.scene import staffed
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(world):
    """The demo units the loader looks for, in the world's 示例县 (code 990121)."""
    region = world.region
    school, finance, archive = ISSUED
    staffed(PublicInstitutionFactory(region=region, full_name=school), ("赵一", "钱二"))
    staffed(InstitutionFactory(region=region, full_name=finance), ("孙三",))
    staffed(PublicInstitutionFactory(region=region, full_name=archive), ("李四",))
    staffed(PublicInstitutionFactory(region=region, full_name=RUNNING), ("周五",))
    return region


def test_the_demo_certificates_and_a_second_load_that_writes_nothing(county):
    counts = load_demo_certificates(actor=system_actor())
    assert counts == {"publicities": 4, "certificates": 3}

    certificates = {c.institution.full_name: c for c in Certificate.objects.all()}
    assert set(certificates) == set(ISSUED)
    assert all(c.status == CertificateStatus.VALID and c.pdf_sha256 for c in certificates.values())
    assert {c.cover_style for c in certificates.values()} == {"red", "blue"}
    pending = selectors.with_pending_changes(Certificate.objects.all()).filter(has_changes=True)
    assert [c.institution.full_name for c in pending] == [WITH_CHANGES]
    assert selectors.unentered_changes(certificates[WITH_CHANGES])
    running = Publicity.objects.get(institution__full_name=RUNNING)
    assert running.is_running() and running.objections.filter(resolved_on__isnull=True).exists()
    assert not selectors.not_reviewed(Certificate.objects.filter(pk=certificates[ISSUED[1]].pk))

    history = Certificate.history.count() + Publicity.history.count()
    assert load_demo_certificates(actor=system_actor()) == {"publicities": 0, "certificates": 0}
    assert Certificate.history.count() + Publicity.history.count() == history
