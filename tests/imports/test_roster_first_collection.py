"""The 人员信息采集表 import fills quotas without permits, so it is for first collection only:
a unit with records is refused unless the office admin opened its logged 补录开关, and rows past
the approved quota need an over-establishment document and reason."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianzhi.history import system_actor
from people.imports import roster as roster_import
from people.imports.roster import RosterImporter
from people.imports.roster import roster_import as run_import
from people.imports.roster_switch import REASON_REQUIRED, roster_switch_set
from people.models import EstablishmentRecord, Person, RosterImportSwitch
from tests.kit import builders
from tests.kit.views import ViewTestCase, assert_redirects_to_login
from tests.kit.world import ROLES

from .books import roster_row, upload, workbook_bytes

OVER_DOCUMENT = "示编〔2020〕8号"


@pytest.fixture(autouse=True)
def _marked_files_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def line(world):
    return builders.quota(world.unit, 3)


def load(count: int, **options):
    rows = [roster_row(builders.id_number()) for _ in range(count)]
    content = workbook_bytes(rows)
    result = run_import(file=io.BytesIO(content), actor=system_actor(), **options)
    return result, content


def refusals(result) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in result.errors]


def collected(world) -> str:
    return roster_import.ALREADY_COLLECTED % {"name": world.unit.full_name}


def test_a_second_import_into_a_unit_with_records_is_refused(world, line):
    first, _ = load(1)
    assert first.ok
    second, _ = load(2)
    assert refusals(second) == [
        (2, "单位", collected(world)),
        (3, "单位", collected(world)),
    ]
    assert Person.objects.count() == 1


def test_a_unit_whose_records_all_ended_is_not_a_first_collection_either(world, line):
    record = builders.enter(builders.person(world.region), line)
    from people.services import exit_register

    exit_register(
        record=record,
        ended_on=record.entry_on,
        end_reason="resignation",
        actor=system_actor(),
        reason="辞职",
    )
    result, _ = load(1)
    assert refusals(result) == [(2, "单位", collected(world))]


def test_the_office_admins_switch_reopens_the_unit_and_is_recorded(world, line):
    load(1)
    admin = world.users["office_admin"]
    switch = roster_switch_set(
        institution=world.unit, is_open=True, actor=admin, reason="补录2019年遗漏人员"
    )
    result, _ = load(1)
    assert result.ok, refusals(result)
    assert Person.objects.count() == 2

    roster_switch_set(institution=world.unit, is_open=False, actor=admin, reason="补录完成")
    assert refusals(load(1)[0]) == [(2, "单位", collected(world))]
    history = [(h.is_open, h.history_user, h.history_change_reason) for h in switch.history.all()]
    assert history == [(False, admin, "补录完成"), (True, admin, "补录2019年遗漏人员")]


def test_the_switch_needs_a_reason(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        roster_switch_set(
            institution=world.unit, is_open=True, actor=world.users["office_admin"], reason=" "
        )
    assert refused.value.message_dict == {"reason": [REASON_REQUIRED]}
    assert not RosterImportSwitch.objects.exists()


def test_rows_beyond_the_quota_without_document_and_reason_are_row_errors(world, line):
    result, content = load(5)
    message = roster_import.BEYOND_QUOTA % {
        "institution": world.unit.full_name,
        "type": "事业编制（全额拨款）",
        "approved": 3,
    }
    assert refusals(result) == [(5, "编制类型", message), (6, "编制类型", message)]
    assert Person.objects.count() == 0
    marked = load_workbook(io.BytesIO(RosterImporter.error_workbook(io.BytesIO(content), result)))
    cells = [str(cell.value) for row in marked.active.iter_rows() for cell in row if cell.value]
    assert any(message in cell for cell in cells)


def test_a_document_alone_is_not_enough(world, line):
    builders.document(world.unit, number=OVER_DOCUMENT)
    result, _ = load(4, over_document=OVER_DOCUMENT)
    assert refusals(result) == [(0, "", roster_import.OVER_REASON_WITHOUT_DOCUMENT)]


def test_an_unknown_document_is_refused(world, line):
    result, _ = load(4, over_document="示编〔2099〕1号", over_reason="合并")
    message = roster_import.UNKNOWN_OVER_DOCUMENT % {"number": "示编〔2099〕1号"}
    assert refusals(result) == [(0, "", message)]


def test_rows_beyond_the_quota_load_with_document_and_reason_in_history(world, line):
    builders.document(world.unit, number=OVER_DOCUMENT)
    result, _ = load(4, over_document=OVER_DOCUMENT, over_reason="两校合并")
    assert result.ok, refusals(result)
    assert EstablishmentRecord.objects.filter(quota_line=line).count() == 4
    reason = EstablishmentRecord.objects.first().history.get().history_change_reason
    assert reason == (
        f"人员信息采集表导入（批次 {result.batch}）；超编 1 人，依据 {OVER_DOCUMENT}，原因：两校合并"
    )


class TestSwitchPage(ViewTestCase):
    def test_the_page_needs_login(self, client, world):
        assert_redirects_to_login(client.get(reverse("people:roster_switch")))

    @pytest.mark.parametrize("role", ROLES)
    def test_only_the_office_admin_sets_the_switch(self, client, world, role):
        self.login(client, world, role)
        assert client.get(reverse("people:roster_switch")).status_code == (
            200 if role == "office_admin" else 403
        )
        data = {"institution": world.unit.pk, "is_open": "1", "reason": "补录"}
        response = client.post(reverse("people:roster_switch"), data)
        assert response.status_code == (302 if role == "office_admin" else 403)
        assert RosterImportSwitch.objects.filter(is_open=True).exists() == (role == "office_admin")

    def test_the_admin_reaches_the_page_and_sees_the_switches_set(self, client, world):
        admin = self.login(client, world, "office_admin")
        assert reverse("people:roster_switch") in client.get(reverse("orgs:home")).content.decode()
        roster_switch_set(institution=world.unit, is_open=True, actor=admin, reason="补录遗漏")
        page = client.get(reverse("people:roster_switch")).content.decode()
        assert "补录遗漏" in page and world.unit.full_name in page

    def test_a_unit_outside_the_admins_region_cannot_be_chosen(self, client, world):
        self.login(client, world, "office_admin")
        data = {"institution": world.foreign.pk, "is_open": "1", "reason": "补录"}
        response = client.post(reverse("people:roster_switch"), data)
        assert response.status_code == 200
        assert not RosterImportSwitch.objects.exists()

    def test_the_import_page_takes_the_over_establishment_document_and_reason(
        self, client, world, line
    ):
        builders.document(world.unit, number=OVER_DOCUMENT)
        self.login(client, world, "office_staff")
        content = workbook_bytes([roster_row(builders.id_number()) for _ in range(4)])
        data = {"file": upload(content), "over_document": OVER_DOCUMENT, "over_reason": "合并"}
        response = client.post(reverse("people:roster_import"), data, follow=True)
        assert response.context["result"].ok
        assert Person.objects.count() == 4
