"""站内消息 (issue 17): a unit's clerks are told when their request is approved and when a usage
permit is issued for their unit; whoever returned a request is told when it comes back. Each
notice goes to those users only, links to its object, is read or unread, and counts on the bell."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Role
from bianzhi.models import Notice, NoticeKind
from people import inbox
from staffing import services as staffing_services
from tests.kit.factories import make_user

from .request_scene import (
    CONFIRMED,
    Scene,
    approve_data,
    build_scene,
    drafted,
    login,
    post,
    reviewed,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:
    built = build_scene(world)
    Notice.objects.all().delete()  # the scene's own permits: not what these tests are about
    return built


def received(user) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user))


def everyone_else(scene, *roles) -> list:
    return [user for role, user in scene.world.users.items() if role not in roles]


def test_the_units_clerks_hear_that_their_request_was_approved(client, scene):
    second_clerk = make_user(Role.CLERK, institution=scene.world.unit, username="clerk-2")
    sibling_clerk = make_user(Role.CLERK, institution=scene.world.sibling, username="clerk-sib")
    request = reviewed(client, scene, "exit")
    assert not Notice.objects.exists()
    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 302
    for clerk in (scene.user("clerk"), second_clerk):
        [notice] = received(clerk)
        assert notice.kind == NoticeKind.APPROVED and not notice.is_read
        assert notice.url == request.get_absolute_url()
        assert request.number in notice.text and "已核准" in notice.text
    assert not received(sibling_clerk)
    assert not any(received(user) for user in everyone_else(scene, "clerk"))


def test_an_approved_permit_request_names_its_permit_in_one_notice(client, scene):
    request = reviewed(client, scene, "permit")
    post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    permit = request.items.get().result_permit
    [notice] = received(scene.user("clerk"))
    assert notice.kind == NoticeKind.APPROVED
    assert permit.number in notice.text


def test_a_permit_issued_by_the_office_is_told_to_the_units_clerks(client, scene):
    sibling_clerk = make_user(Role.CLERK, institution=scene.world.sibling, username="clerk-sib")
    today = timezone.localdate()
    permit = staffing_services.permit_issue(
        quota_line=scene.line,
        count=1,
        issued_on=today,
        expires_on=today + datetime.timedelta(days=90),
        actor=scene.user("office_staff"),
    )
    [notice] = received(scene.user("clerk"))
    assert notice.kind == NoticeKind.PERMIT
    assert notice.url == reverse("staffing:permit_detail", args=[permit.pk])
    assert permit.number in notice.text and "1 名" in notice.text
    assert not received(sibling_clerk)
    assert not any(received(user) for user in everyone_else(scene, "clerk"))
    # The link opens: the clerk may read its own unit's permit.
    response = login(client, scene, "clerk").get(reverse("people:notice_open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == notice.url
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("returner", ["reviewer", "office_staff"])
def test_whoever_returned_a_request_hears_it_is_back(client, scene, returner):
    # The reviewer returns before its review, the office after it.
    request = (submitted if returner == "reviewer" else reviewed)(client, scene, "exit")
    assert not Notice.objects.exists(), "a first submission is no news"
    post(client, scene, returner, "request_return", request, {"reason": "缺少辞职批复"})
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    [notice] = received(scene.user(returner))
    assert notice.kind == NoticeKind.RESUBMITTED
    assert notice.url == request.get_absolute_url()
    assert request.number in notice.text and "重新提交" in notice.text
    assert not any(received(user) for user in everyone_else(scene, returner))


def test_the_bell_counts_unread_notices_and_opening_one_reads_it(client, scene):
    request = drafted(client, scene, "exit")
    post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    post(client, scene, "reviewer", "request_return", request, {"reason": "补充材料"})
    post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    reviewer = scene.user("reviewer")
    waiting = inbox.awaiting_review(inbox._scoped(reviewer)).count()
    assert inbox.notification_count(reviewer) == waiting + 1

    page = login(client, scene, "reviewer").get(reverse("people:notifications"))
    html = page.content.decode()
    assert "站内消息" in html and "1 条未读" in html
    [notice] = page.context["notice_page"].object_list
    open_url = reverse("people:notice_open", args=[notice.pk])
    assert open_url in html

    # Another user's notice is not theirs to open.
    assert login(client, scene, "clerk").get(open_url).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read

    response = login(client, scene, "reviewer").get(open_url)
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    notice.refresh_from_db()
    assert notice.is_read
    assert inbox.notification_count(reviewer) == waiting


def test_all_notices_are_marked_read_at_once(client, scene):
    clerk = scene.user("clerk")
    Notice.objects.bulk_create(
        Notice(recipient=user, kind=NoticeKind.PERMIT, text=f"消息 {n}", url="/")
        for n in range(3)
        for user in (clerk, scene.user("reviewer"))
    )
    response = login(client, scene, "clerk").post(reverse("people:notices_read"))
    assert response.status_code == 302
    assert not Notice.objects.filter(recipient=clerk, read_at__isnull=True).exists()
    assert (
        Notice.objects.filter(recipient=scene.user("reviewer"), read_at__isnull=True).count() == 3
    )


def test_the_notice_pages_need_a_login(client, scene):
    notice = Notice.objects.create(
        recipient=scene.user("clerk"), kind=NoticeKind.PERMIT, text="消息", url="/"
    )
    for response in (
        client.get(reverse("people:notice_open", args=[notice.pk])),
        client.post(reverse("people:notices_read")),
    ):
        assert response.status_code == 302 and reverse("login") in response.url
    notice.refresh_from_db()
    assert not notice.is_read
