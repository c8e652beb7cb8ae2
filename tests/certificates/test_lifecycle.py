"""The certificate's life: publicity → objection → resolution → issue → change → change pages →
reissue → withdrawal, with the refusals on the way and the snapshot frozen throughout."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bianzhi.history import system_actor
from certificates import selectors, services
from certificates.choices import CertificateStatus, ChangeSource
from certificates.models import Certificate
from certificates.sealing import unseal
from orgs import services as org_services
from people import services as people_services
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm
from staffing.models import UsagePermit
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory
from tests.people.request_scene import build_scene, submitted

from .scene import days_ago, ended_publicity, issued, publicity_since, staffed

pytestmark = pytest.mark.django_db


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def decrease(institution, count: int, document):
    return staffing_services.adjustment_apply(
        region=institution.region,
        kind=AdjustmentKind.DECREASE,
        summary="核减编制",
        document=document,
        effective_on=timezone.localdate(),
        lines=[
            staffing_services.LineChange(
                EstablishmentType.PUBLIC, -count, institution, FundingForm.FULL
            )
        ],
        actor=system_actor(),
        # Rule 16: a cut cancels the permits it would leave unusable.
        permits_to_cancel=list(
            UsagePermit.objects.filter(quota_line__institution=institution, status="open")
        ),
    )


def test_the_full_life_of_a_certificate(client, world):
    scene = build_scene(world)
    unit, staff = world.unit, world.users["office_staff"]

    publicity = publicity_since(unit, 10, actor=staff)
    assert publicity.ends_on == days_ago(4)
    assert [row["name"] for row in publicity.snapshot["roster"]] == ["张伟"]
    assert "*" * 8 in publicity.snapshot["roster"][0]["id_number"]

    objection = services.objection_record(
        publicity=publicity, actor=world.users["clerk"], raised_on=days_ago(6), content="名单有误"
    )
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(institution=unit, actor=staff, store_pdf=False)
    assert message(refused.value) == services.OPEN_OBJECTION % {"name": unit.full_name, "count": 1}
    assert not Certificate.objects.exists()

    services.objection_resolve(objection=objection, actor=staff, resolution="经核实名单无误")
    first = services.certificate_issue(institution=unit, actor=staff, store_pdf=False)
    year = timezone.localdate().year
    assert first.number == f"示编证〔{year}〕第0001号"
    assert (first.edition, first.status, first.publicity) == (1, CertificateStatus.VALID, publicity)
    assert unseal(first.snapshot)["roster"][0]["id_number"] == scene.record.person.id_number
    assert scene.record.person.id_number not in str(first.snapshot)
    assert first.snapshot["cover"] == "blue"
    assert first.history.get().history_user == staff
    assert selectors.changes_since_issue(first) == []

    # A change after the issue: 张伟 leaves through an approved request, the quota is reduced.
    request = submitted(client, scene, "exit")
    people_services.request_review(request=request, actor=world.users["reviewer"])
    people_services.request_approve(request=request, actor=staff, document=scene.document)
    adjustment = decrease(unit, 5, builders.document(unit, number="示编发〔2026〕99号"))
    first.refresh_from_db()
    changes = selectors.changes_since_issue(first)
    assert [(c.source, c.pk) for c in changes] == [
        (ChangeSource.REQUEST, request.pk),
        (ChangeSource.ADJUSTMENT, adjustment.pk),
    ]
    assert changes[0].summary == "出编：张伟"
    assert changes[0].document_number == "示编发〔2026〕88号"
    assert "事业编制（全额拨款） -5（5→0）" in changes[1].summary
    listed = selectors.with_pending_changes(Certificate.objects.all()).get()
    assert listed.has_changes

    entries = services.changes_enter(certificate=first, actor=staff)
    assert [e.document_number for e in entries] == ["示编发〔2026〕88号", "示编发〔2026〕99号"]
    assert selectors.unentered_changes(first) == []
    with pytest.raises(ValidationError) as nothing:
        services.changes_enter(certificate=first, actor=staff)
    assert message(nothing.value) == services.NOTHING_TO_ENTER

    client.force_login(world.users["clerk"])
    page = client.get(reverse("certificates:certificate_print", args=[first.pk])).content.decode()
    assert "出编：张伟" in page and "示编发〔2026〕99号" in page
    assert "张伟" in page  # the roster printed is the one frozen at issue

    second = services.certificate_reissue(certificate=first, actor=staff)
    first.refresh_from_db()
    assert first.status == CertificateStatus.REPLACED and first.ended_on == timezone.localdate()
    assert (second.edition, second.previous, second.status) == (2, first, CertificateStatus.VALID)
    assert second.number == f"示编证〔{year}〕第0002号"
    assert second.snapshot["roster"] == [] and second.snapshot["approved_total"] == 0
    assert selectors.changes_since_issue(second) == []
    assert (
        not selectors.with_pending_changes(Certificate.objects.filter(pk=second.pk))
        .get()
        .has_changes
    )

    # Abolition (or merger) withdraws the certificate in the same transaction.
    org_services.institution_abolish(
        institution=unit,
        document=builders.document(unit, number="示编发〔2026〕100号"),
        abolished_on=timezone.localdate(),
        actor=staff,
        reason="并入兄弟单位",
    )
    second.refresh_from_db()
    assert second.status == CertificateStatus.WITHDRAWN
    assert second.end_document.number == "示编发〔2026〕100号"
    assert "并入兄弟单位" in second.end_reason
    first.refresh_from_db()
    assert first.status == CertificateStatus.REPLACED


def test_no_certificate_without_a_publicity(world):
    unit = staffed(world.unit)
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(institution=unit, actor=system_actor(), store_pdf=False)
    assert message(refused.value) == services.NO_PUBLICITY % {"name": unit.full_name, "days": 7}


@pytest.mark.parametrize("started", [0, 3, 6])
def test_no_certificate_during_the_publicity(world, started):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit, started=started)
    assert publicity.is_running()
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(institution=unit, actor=system_actor(), store_pdf=False)
    assert message(refused.value) == services.PUBLICITY_NOT_ENDED % {
        "name": unit.full_name,
        "ends": publicity.ends_on,
    }
    assert not Certificate.objects.exists()


def test_the_publicity_lasts_the_configured_days(world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "PUBLICITY_DAYS": 10}
    publicity = ended_publicity(staffed(world.unit), started=9)
    assert publicity.ends_on == timezone.localdate()
    assert publicity.is_running()


def test_a_second_publicity_is_refused_while_one_runs(world):
    unit = staffed(world.unit)
    running = ended_publicity(unit, started=2)
    with pytest.raises(ValidationError) as refused:
        ended_publicity(unit, started=0)
    assert message(refused.value) == services.PUBLICITY_RUNNING % {
        "name": unit.full_name,
        "ends": running.ends_on,
    }


def test_objections_only_during_the_publicity_and_resolved_once(world):
    publicity = ended_publicity(staffed(world.unit))
    actor = system_actor()
    with pytest.raises(ValidationError):
        services.objection_record(
            publicity=publicity, actor=actor, raised_on=days_ago(1), content="过期异议"
        )
    objection = services.objection_record(
        publicity=publicity, actor=actor, raised_on=days_ago(8), content="某某已调走"
    )
    with pytest.raises(ValidationError):
        services.objection_resolve(objection=objection, actor=actor, resolution="  ")
    services.objection_resolve(objection=objection, actor=actor, resolution="已核实")
    with pytest.raises(ValidationError) as again:
        services.objection_resolve(objection=objection, actor=actor, resolution="再处理")
    assert message(again.value) == services.OBJECTION_ALREADY_RESOLVED


def test_one_valid_certificate_per_unit_and_a_publicity_serves_one_issue(world):
    unit = staffed(world.unit)
    certificate = issued(unit)
    actor = system_actor()
    with pytest.raises(ValidationError) as twice:
        services.certificate_issue(institution=unit, actor=actor, store_pdf=False)
    assert message(twice.value) == services.ALREADY_CERTIFIED % {
        "name": unit.full_name,
        "number": certificate.number,
    }
    services.certificate_withdraw(certificate=certificate, actor=actor, reason="收回重办")
    with pytest.raises(ValidationError) as used:
        services.certificate_issue(institution=unit, actor=actor, store_pdf=False)
    assert message(used.value) == services.PUBLICITY_USED % {"name": unit.full_name}
    with pytest.raises(ValidationError):
        services.certificate_reissue(certificate=certificate, actor=actor, store_pdf=False)


def test_the_snapshot_does_not_follow_later_changes(client, world):
    unit = staffed(world.unit)
    certificate = issued(unit)
    frozen = Certificate.objects.get(pk=certificate.pk).snapshot
    publicity_frozen = certificate.publicity.snapshot
    actor = system_actor()
    org_services.institution_update(
        institution=unit, actor=actor, reason="更名", changes={"full_name": "示例县改名后单位"}
    )
    line = unit.quota_lines.get()
    builders.enter(builders.person(unit.region, "新来者"), line)
    builders.document(unit)

    certificate.refresh_from_db()
    certificate.publicity.refresh_from_db()
    assert certificate.snapshot == frozen
    assert certificate.publicity.snapshot == publicity_frozen
    assert frozen["basic"]["full_name"] == "示例县本单位"
    client.force_login(world.users["clerk"])
    page = client.get(reverse("certificates:certificate_print", args=[certificate.pk]))
    text = page.content.decode()
    assert "示例县本单位" in text and "王建国" in text
    assert "新来者" not in text and "示例县改名后单位" not in text


def test_serials_run_per_region_and_year(world):
    here = issued(staffed(world.unit))
    there = issued(staffed(InstitutionFactory(region=world.other_region), names=("赵六",)))
    sibling = issued(staffed(PublicInstitutionFactory(region=world.region), names=("钱七",)))
    assert (here.serial, sibling.serial, there.serial) == (1, 2, 1)
    assert here.code != sibling.code != there.code


def test_the_cover_is_red_for_organs_and_blue_for_public_institutions(world):
    organ = issued(staffed(world.sibling, names=("周八",)))
    public = issued(staffed(world.unit))
    assert (organ.cover_style, public.cover_style) == ("red", "blue")


def test_annual_review_and_the_units_not_yet_reviewed(world):
    reviewed = issued(staffed(world.unit))
    pending = issued(staffed(world.sibling, names=("孙九",)))
    year = timezone.localdate().year
    assert set(selectors.not_reviewed(Certificate.objects.all())) == {reviewed, pending}
    review = services.annual_review_record(
        certificate=reviewed, actor=system_actor(), result="passed", remarks="机构编制执行良好"
    )
    assert (review.year, review.reviewed_on) == (year, timezone.localdate())
    assert list(selectors.not_reviewed(Certificate.objects.all())) == [pending]
    assert list(selectors.not_reviewed(Certificate.objects.all(), year - 1)) == []
    with pytest.raises(ValidationError):
        services.annual_review_record(certificate=reviewed, actor=system_actor(), result="passed")
    with pytest.raises(ValidationError) as early:
        services.annual_review_record(
            certificate=pending, actor=system_actor(), result="passed", year=year - 1
        )
    assert services.REVIEW_YEAR_INVALID in message(early.value)
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.annual_review_record(
            certificate=pending, actor=system_actor(), result="passed", reviewed_on=future
        )


def test_the_publicity_notice_shows_the_roster_but_never_an_id_number(client, world):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit, started=1)
    client.force_login(world.users["clerk"])
    text = client.get(reverse("certificates:publicity_print", args=[publicity.pk])).content
    text = text.decode()
    people = [r.person for r in unit.quota_lines.get().records.select_related("person")]
    assert "示例县本单位" in text and "综合股" in text and "事业编制" in text
    for person in people:
        assert person.name in text
        assert person.id_number not in text and person.masked_id_number not in text
    assert "<th>身份证号</th>" not in text
