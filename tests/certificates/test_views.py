"""Certificate pages for every role in and out of scope (the view-test kit), and the access matrix
of the print pages and actions: writers act in scope, find nothing outside it, other roles are
refused; the clerk may start a publicity and record objections for the own unit only."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from bianzhi.history import save_tracked, system_actor
from certificates import services
from certificates.choices import CertificateStatus
from certificates.models import AnnualReview, Certificate, ChangeEntry, Publicity
from tests.kit import builders
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login, visible
from tests.kit.world import PLACES, ROLES, WRITERS

from .scene import ended_publicity, publicity_since

pytestmark = pytest.mark.django_db


def certificate_at(world, place) -> Certificate:
    """A valid certificate of the place's institution: the first, or the next edition."""
    institution = world.place(place)
    current = institution.certificates.filter(status=CertificateStatus.VALID).first()
    if current is not None:
        return services.certificate_reissue(
            certificate=current, actor=system_actor(), store_pdf=False
        )
    ended_publicity(institution)
    return services.certificate_issue(
        institution=institution, actor=system_actor(), store_pdf=False
    )


class TestCertificateViews(ViewTestCases.ReadViews):
    model = Certificate
    urls = Urls(
        list="certificates:certificate_list",
        detail="certificates:certificate_detail",
        history="certificates:certificate_history",
    )

    def make_object(self, world, place):
        return certificate_at(world, place)


class TestReviewPendingViews(ViewTestCases.ListView):
    model = Certificate
    urls = Urls(list="certificates:review_pending")

    def make_object(self, world, place):
        return certificate_at(world, place)


class TestPublicityViews(ViewTestCases.ReadViews):
    model = Publicity
    urls = Urls(list="certificates:publicity_list", detail="certificates:publicity_detail")

    def make_object(self, world, place):
        return publicity_since(world.place(place), 30)


def with_pdf(certificate: Certificate) -> Certificate:
    certificate.pdf.save("test.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    return save_tracked(certificate, actor=system_actor(), reason="测试 PDF")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_print_pages_and_pdf_are_found_only_in_scope(client, world, role, place):
    certificate = with_pdf(certificate_at(world, place))
    publicity = certificate.publicity
    client.force_login(world.users[role])
    expected = 200 if visible(role, place) else 404
    for url in (
        reverse("certificates:certificate_print", args=[certificate.pk]),
        reverse("certificates:certificate_pdf", args=[certificate.pk]),
        reverse("certificates:publicity_print", args=[publicity.pk]),
    ):
        assert client.get(url).status_code == expected, (role, place, url)


def test_the_print_pages_need_login(client, world):
    certificate = certificate_at(world, "unit")
    for url in (
        reverse("certificates:certificate_print", args=[certificate.pk]),
        reverse("certificates:certificate_pdf", args=[certificate.pk]),
        reverse("certificates:publicity_print", args=[certificate.publicity.pk]),
        reverse("certificates:certificate_issue"),
        reverse("certificates:publicity_add"),
    ):
        assert_redirects_to_login(client.get(url))


def expected_status(role: str, place: str, allowed) -> int:
    if role not in allowed:
        return 403
    return 302 if visible(role, place) else 404


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_reissue_withdraw_enter_changes_and_review_are_for_writers_in_scope(
    client, world, role, place
):
    client.force_login(world.users[role])
    year = timezone.localdate().year
    cases = [
        ("certificates:certificate_reissue", {"reason": "换发"}),
        ("certificates:changes_enter", {"reason": "登记变更"}),
        (
            "certificates:review_add",
            {
                "year": year,
                "result": "passed",
                "reviewed_on": timezone.localdate(),
                "reason": "年审",
            },
        ),
        ("certificates:certificate_withdraw", {"reason": "收回", "document": ""}),
    ]
    for name, data in cases:
        certificate = certificate_at(world, place)
        if name == "certificates:changes_enter":
            builders.quota(world.place(place), 2)  # an adjustment after the issue
        url = reverse(name, args=[certificate.pk])
        before = certificate.history.count()
        expected = expected_status(role, place, WRITERS)
        if expected == 302:
            assert client.get(url).status_code == 200, name
        response = client.post(url, data)
        assert response.status_code == expected, (role, place, name)
        certificate.refresh_from_db()
        wrote = certificate.history.count() > before
        if name == "certificates:changes_enter":
            wrote = ChangeEntry.objects.filter(certificate=certificate).exists()
        if name == "certificates:review_add":
            wrote = AnnualReview.objects.filter(certificate=certificate).exists()
        assert wrote == (expected == 302), (role, place, name)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_publicity_and_objections_by_office_and_the_own_clerk(client, world, role, place):
    client.force_login(world.users[role])
    institution = world.place(place)
    allowed = WRITERS | {"clerk"}

    response = client.post(
        reverse("certificates:publicity_add"),
        {
            "institution": institution.pk,
            "started_on": timezone.localdate(),
            "reason": "公示",
            "confirm": "1",
        },
    )
    started = Publicity.objects.filter(institution=institution).exists()
    if role not in allowed:
        assert response.status_code == 403
    elif visible(role, place):
        assert response.status_code == 302 and started
    else:
        assert response.status_code == 200 and response.context["form"].errors
    if not started:
        ended_publicity(institution, started=2)
    publicity = Publicity.objects.get(institution=institution)

    url = reverse("certificates:objection_add", args=[publicity.pk])
    data = {
        "raised_on": timezone.localdate(),
        "raised_by": "",
        "content": "名单漏人",
        "reason": "异议",
    }
    assert client.post(url, data).status_code == expected_status(role, place, allowed)
    recorded = publicity.objections.filter(content="名单漏人").exists()
    assert recorded == (expected_status(role, place, allowed) == 302)

    objection = publicity.objections.first() or services.objection_record(
        publicity=publicity, actor=system_actor(), raised_on=timezone.localdate(), content="有异议"
    )
    url = reverse("certificates:objection_resolve", args=[objection.pk])
    data = {"resolved_on": timezone.localdate(), "resolution": "已核实", "reason": "处理"}
    assert client.post(url, data).status_code == expected_status(role, place, WRITERS)
    objection.refresh_from_db()
    assert (not objection.is_open) == (expected_status(role, place, WRITERS) == 302)


@pytest.mark.parametrize("role", ROLES)
def test_issue_is_for_writers_and_only_in_scope(client, world, role):
    client.force_login(world.users[role])
    for place in ("unit", "foreign"):
        ended_publicity(world.place(place))
    url = reverse("certificates:certificate_issue")
    if role not in WRITERS:
        assert client.get(url).status_code == 403
        assert client.post(url, {"institution": world.unit.pk, "reason": "发证"}).status_code == 403
        assert not Certificate.objects.exists()
        return
    assert client.get(url, {"institution": world.unit.pk}).status_code == 200
    foreign = client.post(url, {"institution": world.foreign.pk, "reason": "发证"})
    assert foreign.status_code == 200 and foreign.context["form"].errors
    response = client.post(url, {"institution": world.unit.pk, "reason": "发证"})
    certificate = Certificate.objects.get()
    assert response.status_code == 302 and response.url == certificate.get_absolute_url()
    assert certificate.institution == world.unit
    assert certificate.history.get(history_type="+").history_user == world.users[role]


def test_issue_during_the_publicity_shows_the_reason_and_writes_nothing(client, world):
    publicity = ended_publicity(world.unit, started=1)
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("certificates:certificate_issue"), {"institution": world.unit.pk, "reason": "发证"}
    )
    assert response.status_code == 200
    expected = services.PUBLICITY_NOT_ENDED % {
        "name": world.unit.full_name,
        "ends": publicity.ends_on,
    }
    assert expected in response.context["form"].non_field_errors()
    assert not Certificate.objects.exists()


def test_the_list_flags_pending_changes_and_filters_them(client, world):
    changed = certificate_at(world, "unit")
    quiet = certificate_at(world, "sibling")
    builders.quota(world.unit, 3)
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("certificates:certificate_list"), {"has_changes": "true"})
    assert [row.record.pk for row in response.context["table"].paginated_rows] == [changed.pk]
    response = client.get(reverse("certificates:certificate_list"), {"q": quiet.number})
    assert [row.record.pk for row in response.context["table"].paginated_rows] == [quiet.pk]
    detail = client.get(changed.get_absolute_url()).content.decode()
    assert "发证后的变更" in detail and "未登记" in detail


def test_the_clerk_sees_the_print_button_but_no_office_actions(client, world):
    certificate = certificate_at(world, "unit")
    client.force_login(world.users["clerk"])
    text = client.get(certificate.get_absolute_url()).content.decode()
    assert reverse("certificates:certificate_print", args=[certificate.pk]) in text
    assert reverse("certificates:certificate_reissue", args=[certificate.pk]) not in text
    assert reverse("certificates:certificate_withdraw", args=[certificate.pk]) not in text
