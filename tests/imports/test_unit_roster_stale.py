"""A stale roster upload never proposes exits silently (issue 14, item 8): every proposed exit is
named, a file made before the unit's last registry change is refused unless the clerk confirms
it, and a person with an open request is reported, not requested twice."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.imports import unit_roster
from people.imports.unit_roster import unit_roster_upload, unit_roster_workbook
from people.imports.unit_roster_checks import GENERATED_LABEL
from people.models import ChangeRequest
from people.services import item_add, request_create, request_discard
from tests.kit import builders


@pytest.fixture
def unit_staff(world):
    line = builders.quota(world.unit, 10)
    records = builders.staff(line, 3)
    return line, records


def download(world):
    content = unit_roster_workbook(world.unit, world.users["clerk"])
    book = load_workbook(io.BytesIO(content))
    return book, book.active


def names_column(sheet):
    columns = {cell.value: cell.column for cell in sheet[3]}
    return columns["姓名"]


def drop(sheet, *names):
    column = names_column(sheet)
    for row in range(sheet.max_row, 3, -1):
        if sheet.cell(row=row, column=column).value in names:
            sheet.delete_rows(row)


def upload(world, book, **options):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return unit_roster_upload(
        file=buffer, institution=world.unit, actor=world.users["clerk"], **options
    )


def later(minutes: int = 5):
    """The clock some minutes on: what happens after the download, in a later second."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=True)


def test_the_download_says_when_it_was_made(world, unit_staff):
    _book, sheet = download(world)
    assert sheet["A2"].value == f"截至日期：{timezone.localdate().isoformat()}"
    assert sheet["B2"].value.startswith(f"{GENERATED_LABEL}{timezone.localtime():%Y-%m-%d %H:}")


def test_every_proposed_exit_is_named_in_the_preview_and_in_the_request(world, unit_staff):
    _, (_first, second, third) = unit_staff
    book, sheet = download(world)
    drop(sheet, second.person.name, third.person.name)
    preview = upload(world, book, dry_run=True)
    assert preview.ok, preview.error_lines()
    named = unit_roster.EXITS_PROPOSED % {
        "count": 2,
        "names": f"{second.person.name}、{third.person.name}",
    }
    assert named in preview.notices
    assert not ChangeRequest.objects.exists()

    result = upload(world, book)
    assert result.ok, result.error_lines()
    assert named in result.notices
    request = ChangeRequest.objects.get()
    assert f"出编 2 人（{second.person.name}、{third.person.name}）" in request.reason
    exits = request.items.filter(kind="exit").order_by("pk")
    assert [item.person_name for item in exits] == [second.person.name, third.person.name]


def test_a_file_older_than_the_last_change_is_refused_unless_the_clerk_confirms(world, unit_staff):
    line, _ = unit_staff
    book, _sheet = download(world)
    with later():
        # Three entries approved after the download.
        newcomers = builders.staff(line, 3, name_prefix="新入编")
        stale = upload(world, book)
        assert not stale.ok and ChangeRequest.objects.count() == 0
        (error,) = stale.errors
        assert error.row == 0
        assert "此后本单位的实名库已有变动" in error.message
        names = "、".join(record.person.name for record in newcomers)
        assert unit_roster.STALE_EXITS % {"count": 3, "names": names} in error.message

        confirmed = upload(world, book, confirm_stale=True)
        assert confirmed.ok, confirmed.error_lines()
        assert any("经办人已确认" in notice for notice in confirmed.notices)
        request = ChangeRequest.objects.get()
        assert sorted(i.person_name for i in request.items.all()) == sorted(names.split("、"))

        request_discard(request=request, actor=world.users["clerk"])
        fresh, _ = download(world)
    with later(10):
        result = upload(world, fresh)
    assert result.ok and unit_roster.NOTHING_CHANGED in result.notices


def test_a_file_that_does_not_say_when_it_was_made_needs_confirming(world, unit_staff):
    _, (_first, second, _third) = unit_staff
    book, sheet = download(world)
    sheet["A2"].value = sheet["B2"].value = None
    drop(sheet, second.person.name)
    refused = upload(world, book)
    assert not refused.ok and unit_roster.STALE_UNDATED in refused.errors[0].message
    assert upload(world, book, confirm_stale=True).ok


def test_a_person_with_an_open_request_is_reported_not_requested_twice(world, unit_staff):
    _, (first, second, third) = unit_staff
    clerk = world.users["clerk"]
    open_request = request_create(
        institution=world.unit,
        kind="correction",
        occurred_on=timezone.localdate(),
        reason="更正职务",
        actor=clerk,
    )
    item_add(
        request=open_request,
        actor=clerk,
        record=first,
        data={"person": {}, "record": {"job_title": "教研组长"}},
    )
    book, sheet = download(world)
    columns = {cell.value: cell.column for cell in sheet[3]}
    for row in range(4, sheet.max_row + 1):
        if sheet.cell(row=row, column=columns["姓名"]).value == first.person.name:
            sheet.cell(row=row, column=columns["职务"], value="教研组长")
    drop(sheet, third.person.name)

    result = upload(world, book)
    assert result.ok, result.error_lines()
    skipped = unit_roster.PENDING_SKIPPED % {
        "name": first.person.name,
        "number": open_request.number,
    }
    assert skipped in result.notices
    drafted = ChangeRequest.objects.exclude(pk=open_request.pk).get()
    assert [(i.kind, i.person_name) for i in drafted.items.all()] == [("exit", third.person.name)]

    # The person now leaving has an open request too: reported, nothing more drafted.
    book, sheet = download(world)
    drop(sheet, third.person.name)
    again = upload(world, book)
    assert again.ok and ChangeRequest.objects.count() == 2
    assert (
        unit_roster.PENDING_SKIPPED
        % {
            "name": third.person.name,
            "number": drafted.number,
        }
        in again.notices
    )
    assert second.person.name not in " ".join(again.notices)


def test_the_page_refuses_a_stale_file_and_offers_to_confirm(client, world, unit_staff):
    line, _ = unit_staff
    book, _sheet = download(world)
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(world.users["clerk"])
    url = reverse("people:unit_roster", args=[world.unit.pk])
    with later():
        builders.staff(line, 1, name_prefix="新入编")
        buffer.seek(0)
        buffer.name = "花名册.xlsx"
        response = client.post(url, {"file": buffer})
        assert response.status_code == 200
        assert "此后本单位的实名库已有变动" in " ".join(response.context["form"].errors["file"])
        assert "confirm_stale" in response.context["form"].fields
        assert not ChangeRequest.objects.exists()
        buffer.seek(0)
        response = client.post(url, {"file": buffer, "confirm_stale": "on"})
        exit_form = response.context["exit_form"]
        assert exit_form.initial["confirm_stale"] is True
        reasons = {field.html_name: field.value() for field in exit_form.reason_fields()}
        response = client.post(url, {**exit_form.initial, **reasons})
    assert response.status_code == 200
    assert ChangeRequest.objects.count() == 1


def test_the_clerk_chooses_each_exits_reason_before_the_request_is_drafted(
    client, world, unit_staff
):
    """Issue 14, item 8: the exits an upload proposes are not all 其他; each is the clerk's
    choice on the confirmation step (其他 until changed)."""
    _, (_first, second, third) = unit_staff
    book, sheet = download(world)
    drop(sheet, second.person.name, third.person.name)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "花名册.xlsx"
    client.force_login(world.users["clerk"])
    url = reverse("people:unit_roster", args=[world.unit.pk])

    response = client.post(url, {"file": buffer})
    assert not ChangeRequest.objects.exists()
    exit_form = response.context["exit_form"]
    assert [field.label for field in exit_form.reason_fields()] == [
        f"{second.person.name}（{second.quota_line.type_label}）",
        f"{third.person.name}（{third.quota_line.type_label}）",
    ]
    assert [field.value() for field in exit_form.reason_fields()] == ["other", "other"]
    assert "确认出编原因" in response.content.decode()

    chosen = {
        **exit_form.initial,
        f"exit_reason_{second.pk}": "retirement",
        f"exit_reason_{third.pk}": "other",
    }
    response = client.post(url, chosen)
    assert response.status_code == 200
    request = ChangeRequest.objects.get()
    reasons = {
        item.record_id: item.data["end_reason"] for item in request.items.filter(kind="exit")
    }
    assert reasons == {second.pk: "retirement", third.pk: "other"}


def test_an_exit_reason_outside_the_choices_drafts_nothing(client, world, unit_staff):
    _, (_first, second, _third) = unit_staff
    book, sheet = download(world)
    drop(sheet, second.person.name)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "花名册.xlsx"
    client.force_login(world.users["clerk"])
    url = reverse("people:unit_roster", args=[world.unit.pk])
    exit_form = client.post(url, {"file": buffer}).context["exit_form"]
    forged = {**exit_form.initial, f"exit_reason_{second.pk}": "internal_transfer"}
    response = client.post(url, forged)
    assert response.context["exit_form"].errors
    assert not ChangeRequest.objects.exists()
