"""Rule 20: a publicity starts on the day it is registered (no back-dating past the 7 days), and a
certificate prints exactly the roster that was publicised, or needs a new publicity."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bianzhi.history import system_actor
from certificates import services
from certificates.models import Certificate, Publicity
from people import services as people_services
from people.choices import RecordStatus
from tests.kit import builders

from .scene import days_ago, ended_publicity, staffed

pytestmark = pytest.mark.django_db


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def issue(unit):
    return services.certificate_issue(institution=unit, actor=system_actor(), store_pdf=False)


# --- item 10: no back-dated publicity ---------------------------------------------------------


@pytest.mark.parametrize("days", [1, 7, 30])
def test_a_publicity_cannot_start_before_the_day_it_is_registered(world, days):
    unit = staffed(world.unit)
    with pytest.raises(ValidationError) as refused:
        services.publicity_start(
            institution=unit, actor=world.users["office_staff"], started_on=days_ago(days)
        )
    expected = services.PUBLICITY_STARTED_BEFORE_REGISTERED % {"registered": timezone.localdate()}
    assert refused.value.message_dict["started_on"] == [expected]
    assert "规则 20" in expected
    assert not Publicity.objects.exists()
    # ...so no certificate can be issued the same day it was registered.
    with pytest.raises(ValidationError):
        issue(unit)
    assert not Certificate.objects.exists()


def test_a_publicity_registered_today_starts_today(world):
    publicity = services.publicity_start(
        institution=staffed(world.unit), actor=world.users["office_staff"]
    )
    assert publicity.started_on == timezone.localdate()
    assert timezone.localdate(publicity.created_at) == publicity.started_on
    assert publicity.state_label() == "公示中"


def test_a_loader_records_a_past_publicity_on_the_day_it_was_registered(world):
    publicity = ended_publicity(staffed(world.unit), started=10)
    assert publicity.started_on == days_ago(10)
    assert timezone.localdate(publicity.created_at) == days_ago(10)
    with pytest.raises(ValidationError) as refused:
        services.publicity_start(
            institution=world.sibling,
            actor=system_actor(),
            started_on=days_ago(11),
            registered_at=timezone.now() - timezone.timedelta(days=10),
        )
    assert "started_on" in refused.value.message_dict


def test_the_form_shows_why_a_past_start_is_refused(client, world):
    unit = staffed(world.unit)
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("certificates:publicity_add"),
        {"institution": unit.pk, "started_on": days_ago(8), "reason": "公示"},
    )
    assert response.status_code == 200
    expected = services.PUBLICITY_STARTED_BEFORE_REGISTERED % {"registered": timezone.localdate()}
    assert response.context["form"].errors["started_on"] == [expected]
    assert not Publicity.objects.exists()


# --- item 9: the certificate is the publicised roster ------------------------------------------


def test_a_person_entered_after_the_publicity_refuses_the_certificate(world):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit)
    line = unit.quota_lines.get()
    builders.enter(builders.person(unit.region, "赵新来", male=False), line)
    with pytest.raises(ValidationError) as refused:
        issue(unit)
    text = message(refused.value)
    assert text == services.ROSTER_CHANGED_SINCE_PUBLICITY % {
        "name": unit.full_name,
        "started": publicity.started_on,
        "changes": services.ROSTER_ADDED % "赵新来",
    }
    assert "请重新公示" in text and "规则 20" in text
    assert not Certificate.objects.exists()


def test_a_person_gone_since_the_publicity_is_named_and_a_new_publicity_clears_it(world):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit, started=20)
    record = unit.quota_lines.get().records.get(person__name="张志强", status=RecordStatus.ACTIVE)
    people_services.exit_register(
        record=record, ended_on=days_ago(5), end_reason="transfer_out", actor=system_actor()
    )
    with pytest.raises(ValidationError) as refused:
        issue(unit)
    assert services.ROSTER_REMOVED % "张志强" in message(refused.value)
    assert str(publicity.started_on) in message(refused.value)

    renewed = ended_publicity(unit, started=8)
    certificate = issue(unit)
    assert certificate.publicity == renewed
    assert [row["name"] for row in certificate.snapshot["roster"]] == [
        row["name"] for row in renewed.snapshot["roster"]
    ]


def test_an_unchanged_roster_is_certified_as_publicised(world):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit)
    certificate = issue(unit)
    assert certificate.publicity == publicity
    assert [row["name"] for row in certificate.snapshot["roster"]] == [
        row["name"] for row in publicity.snapshot["roster"]
    ]
