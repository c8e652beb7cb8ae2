"""A person's and an institution's pages run as many queries for a long past as for a short one
(issue 21): the change logs of every record, post and history row are read in bulk."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.history import save_tracked, system_actor
from orgs.models import Institution
from people.choices import EndReason, RecordStatus
from people.models import EstablishmentRecord
from tests.kit import builders
from tests.kit.factories import PublicInstitutionFactory


def ended_records(person, lines) -> None:
    """A past record of ``person`` on each of ``lines``, each with its own 入编 and 出编 documents
    and two history rows (written, then corrected)."""
    for index, line in enumerate(lines):
        start = datetime.date(2000 + index, 3, 1)
        record = EstablishmentRecord(
            person=person,
            quota_line=line,
            post_category=builders.post_for(line),
            entry_way="recruitment",
            entry_on=start,
            entry_document=builders.document(line.institution),
            status=RecordStatus.ENDED,
            ended_on=start + datetime.timedelta(days=300),
            end_reason=EndReason.TRANSFER_OUT,
            end_document=builders.document(line.institution),
        )
        save_tracked(record, actor=system_actor(), reason="登记历史占编记录")
        record.notes = f"第 {index + 1} 段"
        save_tracked(record, actor=system_actor(), reason="更正", document=f"更正〔{index}〕")


def queries(client, url: str) -> int:
    client.get(url)  # caches warmed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_persons_pages_run_as_many_queries_for_ten_records_as_for_one(client, world):
    client.force_login(world.users["office_staff"])
    line = builders.quota(world.unit, 50)
    short = builders.person(world.region, "一段履历")
    builders.enter(short, line, entry_document=builders.document(world.unit))
    long = builders.person(world.region, "十段履历")
    # Each past post in another unit, as a career of transfers runs.
    ended_records(
        long,
        [builders.quota(PublicInstitutionFactory(region=world.region), 5) for _ in range(9)],
    )
    builders.enter(long, line, entry_document=builders.document(world.unit))
    assert long.records.count() == 10
    for name in ("people:person_detail", "people:person_history"):
        one = queries(client, reverse(name, args=[short.pk]))
        ten = queries(client, reverse(name, args=[long.pk]))
        assert ten == one, f"{name}: {one} queries for one record, {ten} for ten"


def test_an_institutions_history_runs_as_many_queries_for_a_thousand_rows_as_for_ten(client, world):
    client.force_login(world.users["office_staff"])

    def with_history_rows(name: str, count: int) -> Institution:
        institution = PublicInstitutionFactory(region=world.region, full_name=name)
        # Each history row a renaming.
        copies = [
            Institution(
                pk=institution.pk,
                **{
                    field.attname: getattr(institution, field.attname)
                    for field in Institution._meta.concrete_fields
                    if not field.primary_key
                },
            )
            for _ in range(count)
        ]
        for index, copy in enumerate(copies):
            copy.full_name = f"{name}（第 {index} 次更名）"
        Institution.history.bulk_history_create(
            copies, default_user=world.users["office_staff"], default_change_reason="更名"
        )
        return institution

    few = with_history_rows("十条历史单位", 10)
    many = with_history_rows("千条历史单位", 1000)
    assert many.history.count() >= 1000
    for name in ("orgs:institution_detail", "orgs:institution_history"):
        ten = queries(client, reverse(name, args=[few.pk]))
        thousand = queries(client, reverse(name, args=[many.pk]))
        assert thousand == ten, f"{name}: {ten} queries for 10 history rows, {thousand} for 1,000"
