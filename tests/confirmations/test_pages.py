"""身份确认 pages: the partner's worklist (filters, bulk confirmation behind a confirmation page,
退回 with a reason), the office's read-only view, the person page's card and the 自查 rows
(rules 47–48)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checks import selectors as check_selectors
from confirmations import services
from confirmations.choices import ConfirmationState
from confirmations.models import IdentityConfirmation
from tests.kit import builders

WORKLIST = reverse("confirmations:worklist")
CONFIRM = reverse("confirmations:confirm")


def reject_url(record) -> str:
    return reverse("confirmations:reject", args=[record.pk])


def test_the_partner_sees_its_worklist_with_the_bulk_button(client, scene):
    client.force_login(scene.organization)
    page = client.get(WORKLIST).content.decode()
    assert scene.civil_servant.person.name in page
    assert "教师甲" not in page
    assert "确认所选人员" in page
    assert 'form="bulk-confirm"' in page


def test_the_worklist_filters_by_state_unit_and_name(client, scene):
    services.confirm(records=[scene.civil_servant], actor=scene.organization)
    client.force_login(scene.office)
    name = scene.civil_servant.person.name
    assert name in client.get(WORKLIST, {"state": "confirmed"}).content.decode()
    assert name not in client.get(WORKLIST, {"state": "pending"}).content.decode()
    by_unit = client.get(WORKLIST, {"institution": scene.world.unit.pk}).content.decode()
    assert "教师甲" in by_unit and name not in by_unit
    assert name not in client.get(WORKLIST, {"q": "教师"}).content.decode()
    assert name in client.get(WORKLIST, {"kind": "civil_service"}).content.decode()


def test_the_office_reads_the_worklist_without_deciding(client, scene):
    client.force_login(scene.office)
    page = client.get(WORKLIST).content.decode()
    assert scene.civil_servant.person.name in page and "教师甲" in page
    assert "确认所选人员" not in page
    assert client.get(CONFIRM, {"records": scene.civil_servant.pk}).status_code == 403
    assert client.post(CONFIRM, {"records": scene.civil_servant.pk}).status_code == 403
    assert client.post(reject_url(scene.civil_servant), {"reason": "x"}).status_code == 403
    assert not IdentityConfirmation.objects.exists()


def test_other_roles_are_refused_the_worklist(client, scene, world):
    for who in ("partner", "clerk", "reviewer"):
        client.force_login(world.users[who])
        assert client.get(WORKLIST).status_code == 403


def test_confirming_shows_the_people_first_and_writes_on_the_post(client, scene):
    client.force_login(scene.organization)
    page = client.get(CONFIRM, {"records": scene.civil_servant.pk})
    assert page.status_code == 200
    assert scene.civil_servant.person.name in page.content.decode()
    assert not IdentityConfirmation.objects.exists()
    response = client.post(CONFIRM, {"records": scene.civil_servant.pk})
    assert response.url == WORKLIST
    assert IdentityConfirmation.objects.get().state == ConfirmationState.CONFIRMED


def test_nothing_selected_or_out_of_reach_goes_back_with_a_message(client, scene):
    client.force_login(scene.organization)
    response = client.get(CONFIRM, follow=True)
    assert "请选择要确认的人员" in response.content.decode()
    # 人社's teacher is not on 组织's worklist: an invalid choice, nothing written.
    response = client.post(CONFIRM, {"records": scene.teacher.pk}, follow=True)
    assert response.redirect_chain[-1][0] == WORKLIST
    assert not IdentityConfirmation.objects.exists()


def test_rejecting_asks_for_the_reason(client, scene):
    client.force_login(scene.human_resources)
    url = reject_url(scene.teacher)
    assert "退回理由" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    assert not IdentityConfirmation.objects.exists()
    response = client.post(url, {"reason": "聘用合同已到期未续签"})
    assert response.url == WORKLIST
    assert IdentityConfirmation.objects.get().reason == "聘用合同已到期未续签"
    # Another department's person is not found on this partner's worklist.
    assert client.get(reject_url(scene.civil_servant)).status_code == 404


def test_the_person_page_shows_the_status_and_its_history(client, scene):
    services.reject(record=scene.teacher, actor=scene.human_resources, reason="未签订聘用合同")
    client.force_login(scene.office)
    page = client.get(scene.teacher.person.get_absolute_url()).content.decode()
    assert "事业单位聘用（人力资源社会保障部门确认）" in page
    assert "已退回" in page
    assert "退回事业单位聘用：未签订聘用合同" in page


def test_self_check_lists_unconfirmed_units_and_rejected_people(scene, today):
    office = scene.office
    (pending,) = [
        breach
        for breach in check_selectors.report(office, today, only="identity_pending")[0].breaches
        if breach.institution_id == scene.world.sibling.pk
    ]
    assert pending.subject == "1 人"
    assert "待组织部门确认" in pending.detail
    services.reject(record=scene.civil_servant, actor=scene.organization, reason="未查到登记")
    (rejected,) = check_selectors.report(office, today, only="identity_rejected")[0].breaches
    assert rejected.subject == scene.civil_servant.person.name
    assert rejected.rule_label == "规则 48"
    assert "未查到登记" in rejected.detail
    remaining = check_selectors.report(office, today, only="identity_pending")[0].breaches
    assert all(breach.institution_id != scene.world.sibling.pk for breach in remaining)


def test_the_self_check_page_and_its_count_follow(client, scene):
    client.force_login(scene.office)
    page = client.get(reverse("checks:breach_list")).content.decode()
    assert "身份状态待组织、人社部门确认" in page


def test_the_worklist_queries_do_not_grow_with_its_rows(client, scene, world):
    client.force_login(scene.office)
    client.get(WORKLIST)
    with CaptureQueriesContext(connection) as few:
        client.get(WORKLIST)
    services.confirm(records=[scene.civil_servant], actor=scene.organization)
    builders.staff(builders.quota(world.sibling, 8, establishment_type="political_legal"), 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(WORKLIST)
    assert len(page.context["table"].rows) == 8
    assert len(many) == len(few)


def test_the_partners_home_counts_its_pending_statuses(client, scene, world):
    client.force_login(scene.organization)
    page = client.get(reverse("orgs:home")).content.decode()
    assert "待确认身份状态" in page
    assert f"{WORKLIST}?state=pending" in page
    client.force_login(world.users["partner"])
    assert "待确认身份状态" not in client.get(reverse("orgs:home")).content.decode()
