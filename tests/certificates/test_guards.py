"""Guard-rails of the certificate on the pages (issue 17 item 7): the 可发证 list, ending a
publicity after a justified objection and publicising again, the pre-publicity check, the PDF
progress and its retry after a failed render, and what the publicity page says while no objection
is in."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Role
from bianzhi.history import save_tracked, system_actor
from bianzhi.pdf.renderer import PdfEngineMissing
from certificates import guards, printing, rendering, selectors, services
from certificates.choices import PdfState
from certificates.models import Certificate, PdfJob, Publicity
from people import services as people_services
from people.choices import RequestKind, RequestState
from people.models import ChangeRequest
from tests.kit import builders
from tests.kit.factories import make_user
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login, visible
from tests.kit.world import PLACES, ROLES, WRITERS

from .scene import ended_publicity, issued, publicity_since, staffed

pytestmark = pytest.mark.django_db


def ready_ids(client) -> set:
    response = client.get(reverse("certificates:ready_list"))
    assert response.status_code == 200
    return {row.record.pk for row in response.context["table"].paginated_rows}


def objection_on(publicity, content="名单漏列王小明"):
    return services.objection_record(
        publicity=publicity,
        actor=system_actor(),
        raised_on=publicity.started_on,
        content=content,
    )


# --- 可发证 ----------------------------------------------------------------------------------


class TestReadyToIssueViews(ViewTestCases.ListView):
    model = Publicity
    urls = Urls(list="certificates:ready_list")

    def make_object(self, world, place):
        return ended_publicity(world.place(place))


def test_the_ready_list_holds_exactly_what_the_issue_accepts(client, world):
    ready = ended_publicity(world.unit)
    publicity_since(world.sibling, 2)  # still running
    objected = ended_publicity(world.supervisor)
    objection_on(objected)
    ended_publicity(world.foreign)  # out of scope
    client.force_login(world.users["office_staff"])
    assert ready_ids(client) == {ready.pk}

    # An open objection keeps a unit out; once resolved it is in.
    services.objection_resolve(
        objection=objected.objections.get(), resolution="经核实不成立", actor=system_actor()
    )
    assert ready_ids(client) == {ready.pk, objected.pk}
    client.force_login(world.users["clerk"])  # the own unit only
    assert ready_ids(client) == {ready.pk}
    client.force_login(world.users["office_staff"])

    # Issued: out (the unit holds a valid certificate and the publicity is used).
    services.certificate_issue(institution=world.unit, actor=system_actor(), store_pdf=False)
    assert ready_ids(client) == {objected.pk}

    # A newer publicity, still running, stands for the unit instead of the ended one.
    services.publicity_start(institution=world.supervisor, actor=system_actor())
    assert ready_ids(client) == set()


def test_every_listed_unit_is_one_the_issue_accepts(world):
    for place in ("unit", "sibling"):
        staffed(world.place(place))
        ended_publicity(world.place(place))
    terminated = ended_publicity(world.supervisor, started=3)
    guards.publicity_terminate(
        publicity=terminated,
        objection=objection_on(terminated),
        reason="名册漏人",
        actor=system_actor(),
    )
    listed = list(selectors.ready_to_issue(Publicity.objects.all()))
    assert {p.institution for p in listed} == {world.unit, world.sibling}
    for publicity in listed:
        services.certificate_issue(
            institution=publicity.institution, actor=system_actor(), store_pdf=False
        )
    assert not selectors.ready_to_issue(Publicity.objects.all()).exists()


def test_the_list_flags_an_approved_change_since_the_publicity(client, world):
    unit = staffed(world.unit)
    publicity = ended_publicity(unit)
    client.force_login(world.users["office_staff"])
    assert not selectors.ready_to_issue(Publicity.objects.all()).get().changed_since
    assert "text-bg-warning" not in client.get(reverse("certificates:ready_list")).content.decode()
    now = timezone.now()
    approved = ChangeRequest(
        institution=unit,
        kind=RequestKind.CORRECTION,
        state=RequestState.APPROVED,
        occurred_on=publicity.started_on,
        due_on=publicity.started_on + datetime.timedelta(days=30),
        submitted_on=publicity.started_on,
        reason="更正学历",
        evidence="学历证书",
        created_by=world.users["clerk"],
        decided_by=world.users["office_staff"],
        decided_at=now,
    )
    save_tracked(approved, actor=world.users["office_staff"], reason="核准")
    assert selectors.ready_to_issue(Publicity.objects.all()).get().changed_since
    text = client.get(reverse("certificates:ready_list")).content.decode()
    assert "有已核准变动，发证时核对" in text


def test_the_issue_button_is_for_those_who_issue_and_the_menu_offers_the_list(client, world):
    ended_publicity(world.unit)
    issue = f"{reverse('certificates:certificate_issue')}?institution={world.unit.pk}"
    ready_url = reverse("certificates:ready_list")
    for role in ROLES:
        client.force_login(world.users[role])
        text = client.get(ready_url).content.decode()
        assert (issue in text) == (role in WRITERS), role
        home = client.get(reverse("orgs:home")).content.decode()
        assert (f'href="{ready_url}"' in home) == (role in WRITERS), role


# --- 终止公示 / 重新公示 ---------------------------------------------------------------------


def test_terminating_resolves_the_objections_and_a_new_publicity_follows_it(world):
    staffed(world.unit)
    publicity = publicity_since(world.unit, 2)
    justified = objection_on(publicity)
    other = objection_on(publicity, "职务填写有误")
    actor = world.users["office_staff"]
    guards.publicity_terminate(
        publicity=publicity, objection=justified, reason="名册漏列一人，更正后重新公示", actor=actor
    )
    publicity.refresh_from_db()
    justified.refresh_from_db()
    other.refresh_from_db()
    assert publicity.is_terminated and publicity.state_label() == "已终止"
    assert publicity.terminated_on == timezone.localdate() and publicity.terminated_by == actor
    assert justified.resolution == guards.RESOLUTION_ON_TERMINATION % "名册漏列一人，更正后重新公示"
    assert not other.is_open and "重新公示" in other.resolution
    last = publicity.history.first()
    assert last.history_user == actor and last.history_change_reason.startswith("终止公示")

    # No more objections on it, no certificate from it, and a new publicity may start today.
    with pytest.raises(ValidationError) as refused:
        objection_on(publicity, "再提一条")
    assert refused.value.messages == [
        services.PUBLICITY_TERMINATED % {"on": publicity.terminated_on}
    ]
    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(institution=world.unit, actor=actor, store_pdf=False)
    assert "请重新公示" in refused.value.messages[0]
    again = services.publicity_start(institution=world.unit, actor=actor)
    assert again.previous == publicity and again.is_running()


def test_termination_needs_an_objection_a_reason_and_no_certificate(world):
    publicity = ended_publicity(world.unit)
    with pytest.raises(ValidationError) as refused:
        guards.publicity_terminate(
            publicity=publicity, objection=None, reason="名册有误", actor=system_actor()
        )
    assert refused.value.messages == [guards.TERMINATE_NEEDS_OBJECTION]
    objection = objection_on(publicity)
    with pytest.raises(ValidationError) as refused:
        guards.publicity_terminate(
            publicity=publicity, objection=objection, reason="  ", actor=system_actor()
        )
    assert refused.value.message_dict == {"reason": [guards.TERMINATION_REASON_REQUIRED]}
    services.objection_resolve(objection=objection, resolution="不成立", actor=system_actor())
    certificate = services.certificate_issue(
        institution=world.unit, actor=system_actor(), store_pdf=False
    )
    with pytest.raises(ValidationError) as refused:
        guards.publicity_terminate(
            publicity=publicity, objection=objection, reason="名册有误", actor=system_actor()
        )
    assert refused.value.messages == [guards.TERMINATE_USED % {"number": certificate.number}]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_terminate_is_for_writers_in_scope(client, world, role, place):
    publicity = publicity_since(world.place(place), 2)
    objection = objection_on(publicity)
    client.force_login(world.users[role])
    url = reverse("certificates:publicity_terminate", args=[publicity.pk])
    expected = (302 if visible(role, place) else 404) if role in WRITERS else 403
    if expected == 302:
        page = client.get(url).content.decode()
        assert "确认终止公示" in page and "不能撤回" in page
    response = client.post(url, {"objection": objection.pk, "reason": "名册漏人"})
    assert response.status_code == expected, (role, place)
    publicity.refresh_from_db()
    assert publicity.is_terminated == (expected == 302)


def test_the_page_walks_from_termination_to_the_new_publicity(client, world):
    publicity = publicity_since(staffed(world.unit), 2)
    objection = objection_on(publicity)
    client.force_login(world.users["office_staff"])
    detail = client.get(publicity.get_absolute_url()).content.decode()
    assert reverse("certificates:publicity_terminate", args=[publicity.pk]) in detail
    response = client.post(
        reverse("certificates:publicity_terminate", args=[publicity.pk]),
        {"objection": objection.pk, "reason": "名册漏列一人"},
        follow=True,
    )
    text = response.content.decode()
    assert "本次公示已于" in text and "名册漏列一人" in text
    republicise = f"{reverse('certificates:publicity_add')}?institution={world.unit.pk}"
    assert republicise in text
    history = client.get(reverse("certificates:publicity_history", args=[publicity.pk]))
    assert "终止公示：名册漏列一人" in history.content.decode()

    data = {"institution": world.unit.pk, "started_on": timezone.localdate(), "reason": "重新公示"}
    preview = client.post(reverse("certificates:publicity_add"), data).content.decode()
    assert "重新公示" in preview and "名册漏列一人" in preview
    client.post(reverse("certificates:publicity_add"), {**data, "confirm": "1"})
    again = Publicity.objects.get(previous=publicity)
    text = client.get(publicity.get_absolute_url()).content.decode()
    assert "已重新公示" in text and again.get_absolute_url() in text
    assert republicise not in text
    assert publicity.get_absolute_url() in client.get(again.get_absolute_url()).content.decode()


def test_the_publicity_history_needs_login_and_scope(client, world):
    publicity = publicity_since(world.foreign, 2)
    url = reverse("certificates:publicity_history", args=[publicity.pk])
    assert_redirects_to_login(client.get(url))
    client.force_login(world.users["office_staff"])
    assert client.get(url).status_code == 404


# --- the pre-publicity check -------------------------------------------------------------------


def past_retirement_in(unit):
    """A man whose retirement month has passed (some months back: the gradual rise of rule 10
    leaves some months without retirees), still in post."""
    line = unit.quota_lines.first()
    since = (timezone.localdate().replace(day=1) - datetime.timedelta(days=150)).replace(day=1)
    birth, _ = builders.first_retirement_from(since)
    who = builders.person(unit.region, "郑老成", birth=birth)
    return builders.enter_unchecked(who, line, builders.permit(line))


def test_the_check_lists_people_past_retirement_and_open_requests(client, world):
    unit = staffed(world.unit)
    past_retirement_in(unit)
    request = people_services.request_create(
        institution=unit,
        kind=RequestKind.EXIT,
        occurred_on=timezone.localdate(),
        reason="调出",
        evidence="调令",
        actor=world.users["clerk"],
    )
    people_services.request_create(
        institution=world.sibling,
        kind=RequestKind.EXIT,
        occurred_on=timezone.localdate(),
        reason="他单位",
        evidence="调令",
        actor=make_user(Role.CLERK, institution=world.sibling, username="sibling_clerk"),
    )
    check = selectors.pre_publicity_check(unit)
    assert [r.person.name for r in check.past_retirement] == ["郑老成"]
    assert [r.pk for r in check.open_requests] == [request.pk]

    client.force_login(world.users["clerk"])
    data = {"institution": unit.pk, "started_on": timezone.localdate(), "reason": "公示"}
    page = client.post(reverse("certificates:publicity_add"), data)
    text = page.content.decode()
    assert page.status_code == 200 and 'id="bz-precheck-warning"' in text
    assert "郑老成" in text and request.number in text and "出编" in text
    assert not Publicity.objects.exists()  # shown before the publicity starts

    # A warning, not a block: confirmed, it starts and the history keeps what was found.
    response = client.post(reverse("certificates:publicity_add"), {**data, "confirm": "1"})
    publicity = Publicity.objects.get()
    assert response.status_code == 302 and response.url == publicity.get_absolute_url()
    reason = publicity.history.get().history_change_reason
    assert "超过退休年龄仍在编 1 人" in reason and "未办结的变动申报 1 件" in reason


def test_a_clean_unit_passes_the_check(client, world):
    unit = staffed(world.unit)
    client.force_login(world.users["office_staff"])
    data = {"institution": unit.pk, "started_on": timezone.localdate(), "reason": "公示"}
    text = client.post(reverse("certificates:publicity_add"), data).content.decode()
    assert 'id="bz-precheck-clean"' in text and "郑老成" not in text
    assert selectors.pre_publicity_check(unit).clean


# --- progress while issuing and the retry of a failed render -----------------------------------


def failing_render(monkeypatch):
    def fail(certificate, progress=None):
        raise PdfEngineMissing("排版组件加载失败")

    monkeypatch.setattr(printing, "certificate_pdf", fail)


def working_render(monkeypatch):
    def render(certificate, progress=None):
        if progress:
            progress(1)
        return b"%PDF-1.7 test", "0" * 64

    monkeypatch.setattr(printing, "certificate_pdf", render)
    monkeypatch.setattr(printing, "pdf_engine_problem", lambda: None)


def test_a_failed_render_shows_why_and_is_rendered_again(client, world, monkeypatch):
    failing_render(monkeypatch)
    monkeypatch.setattr(printing, "pdf_engine_problem", lambda: None)
    ended_publicity(staffed(world.unit))
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("certificates:certificate_issue"),
        {"institution": world.unit.pk, "reason": "发证"},
        follow=True,
    )
    certificate = Certificate.objects.get()
    text = response.content.decode()
    assert "PDF 未能生成" in text and "排版组件加载失败" in text
    retry = reverse("certificates:pdf_retry", args=[certificate.pk])
    assert retry in text and "重新生成 PDF" in text
    assert rendering.latest_job(certificate).state == PdfState.FAILED

    working_render(monkeypatch)
    response = client.post(retry, follow=True)
    certificate.refresh_from_db()
    assert certificate.pdf and rendering.latest_job(certificate).state == PdfState.DONE
    assert certificate.pdf_jobs.count() == 2
    text = response.content.decode()
    assert reverse("certificates:certificate_pdf", args=[certificate.pk]) in text
    assert retry not in text and "PDF 未能生成" not in text
    progress = reverse("certificates:pdf_progress", args=[certificate.pk])
    assert "PDF 已生成" in client.get(progress).content.decode()
    assert certificate.history.filter(history_change_reason="重新生成证书 PDF").exists()
    with pytest.raises(ValidationError) as refused:
        guards.certificate_pdf_rerender(certificate=certificate, actor=system_actor())
    assert refused.value.messages == [guards.PDF_ALREADY_STORED % {"number": certificate.number}]


def test_the_progress_shows_a_render_under_way_and_refuses_a_second(client, world):
    certificate = issued(world.unit)
    PdfJob.objects.create(certificate=certificate, state=PdfState.RUNNING, total=20, done=5)
    client.force_login(world.users["office_staff"])
    text = client.get(reverse("certificates:pdf_progress", args=[certificate.pk])).content.decode()
    assert "已排版 5 页" in text and 'hx-trigger="every 1s"' in text
    with pytest.raises(ValidationError) as refused:
        guards.certificate_pdf_rerender(certificate=certificate, actor=system_actor())
    assert "正在生成" in refused.value.messages[0]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_the_retry_is_for_writers_in_scope(client, world, role, place, monkeypatch):
    working_render(monkeypatch)
    certificate = issued(world.place(place))
    client.force_login(world.users[role])
    url = reverse("certificates:pdf_retry", args=[certificate.pk])
    expected = (302 if visible(role, place) else 404) if role in WRITERS else 403
    if expected == 302:
        assert "按发证时冻结的内容重新生成" in client.get(url).content.decode()
    assert client.post(url).status_code == expected, (role, place)
    certificate.refresh_from_db()
    assert bool(certificate.pdf) == (expected == 302)


def test_the_retry_needs_login(client, world):
    certificate = issued(world.unit)
    assert_redirects_to_login(client.get(reverse("certificates:pdf_retry", args=[certificate.pk])))
    assert_redirects_to_login(
        client.get(reverse("certificates:publicity_terminate", args=[certificate.publicity.pk]))
    )


# --- what the publicity page says about objections ---------------------------------------------


def test_the_publicity_page_says_no_objection_is_in_while_it_runs(client, world):
    publicity = publicity_since(world.unit, 1)
    client.force_login(world.users["clerk"])
    text = client.get(publicity.get_absolute_url()).content.decode()
    assert "尚未收到异议" in text and f"公示期至 {publicity.ends_on:%Y-%m-%d}" in text
    objection_on(publicity)
    text = client.get(publicity.get_absolute_url()).content.decode()
    assert "尚未收到异议" not in text and "未处理" in text
    ended = ended_publicity(world.sibling)
    client.force_login(world.users["office_staff"])
    text = client.get(ended.get_absolute_url()).content.decode()
    assert "公示期间未收到异议" in text and "尚未收到异议" not in text
