"""Attachments of a change request: the unit's clerk uploads PDFs and images (checked by content
and size) while the request is a draft or returned, deletes them only then and after confirming,
and every user who sees the request — and nobody else — downloads them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments import services
from attachments.models import Attachment
from bianzhi import uploads
from bianzhi.access import Role
from people.requests import evidence
from tests.kit.factories import make_user
from tests.people.request_scene import CONFIRMED, create, drafted, login, post, submitted

from .conftest import HTML, JPEG, PDF, PNG


def upload(client, request, name, content, declared="application/octet-stream", **extra):
    url = reverse("attachments:add", args=["request", request.pk])
    data = {"file": SimpleUploadedFile(name, content, declared), "description": "", **extra}
    return client.post(url, data)


@pytest.mark.parametrize(
    "name, content, stored_as",
    [("公示截图.png", PNG, ".png"), ("调令.pdf", PDF, ".pdf"), ("照片.jpeg", JPEG, ".jpg")],
)
def test_the_clerk_attaches_a_pdf_or_an_image_to_a_draft(client, scene, name, content, stored_as):
    request = create(client, scene, "exit")
    response = upload(client, request, name, content, description="招聘公示截图")
    assert response.status_code == 302
    assert response.url == request.get_absolute_url() + "#attachments"
    attachment = Attachment.objects.get()
    assert attachment.owner == request
    assert attachment.name.endswith(stored_as)
    assert attachment.description == "招聘公示截图"
    assert attachment.uploaded_by == scene.user("clerk")
    assert attachment.history.get().history_user == scene.user("clerk")
    page = client.get(request.get_absolute_url())
    assert attachment.name in page.content.decode()


@pytest.mark.parametrize(
    "name, content",
    [("公示.html", HTML), ("截图.png", HTML), ("图.svg", b"<svg xmlns='x'></svg>")],
)
def test_a_file_that_is_not_a_pdf_or_an_image_by_content_is_refused(client, scene, name, content):
    request = create(client, scene, "exit")
    response = upload(client, request, name, content, declared="image/png")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [uploads.ATTACHMENT_NOT_ACCEPTED]
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, scene, settings):
    settings.BIANZHI = {**settings.BIANZHI, "UPLOAD_MAX_BYTES": 1024}
    request = create(client, scene, "exit")
    response = upload(client, request, "大.pdf", PDF + b"\0" * 2048)
    [message] = response.context["form"].errors["file"]
    assert message.startswith("文件大小为") and "超过上限 1 KB" in message
    assert not Attachment.objects.exists()


def panel(page) -> str:
    """The attachments panel of a page."""
    return page.content.decode().split('id="attachments"')[1].split("</ul>")[0]


def attached(client, scene, request) -> Attachment:
    login(client, scene, "clerk")
    assert upload(client, request, "调令.pdf", PDF).status_code == 302
    return Attachment.objects.latest("pk")


@pytest.mark.parametrize("role", ["clerk", "reviewer", "office_staff", "partner"])
def test_whoever_sees_the_request_downloads_its_attachment_inline(client, scene, role):
    attachment = attached(client, scene, create(client, scene, "exit"))
    login(client, scene, role)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_another_units_clerk_gets_404_for_the_file_and_its_pages(client, scene, world):
    request = create(client, scene, "exit")
    attachment = attached(client, scene, request)
    client.force_login(make_user(Role.CLERK, institution=world.sibling))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(reverse("attachments:delete", args=[attachment.pk])).status_code == 404
    assert upload(client, request, "x.pdf", PDF).status_code == 404
    assert Attachment.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, scene):
    attachment = attached(client, scene, create(client, scene, "exit"))
    client.logout()
    for url in (
        attachment.get_absolute_url(),
        reverse("attachments:delete", args=[attachment.pk]),
        reverse("attachments:add", args=["request", attachment.owner_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_file_is_not_under_a_public_media_url(client, scene):
    attachment = attached(client, scene, create(client, scene, "exit"))
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_the_clerk_deletes_an_attachment_of_a_draft_after_confirming(client, scene):
    request = create(client, scene, "exit")
    attachment = attached(client, scene, request)
    url = reverse("attachments:delete", args=[attachment.pk])
    page = client.get(url)
    assert page.status_code == 200 and "确认删除" in page.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    deleted = Attachment.history.filter(id=attachment.pk, history_type="-").get()
    assert deleted.history_user == scene.user("clerk")
    assert deleted.history_change_reason.startswith("删除附件：")


def test_after_submission_nothing_is_deleted_or_added(client, scene):
    request = drafted(client, scene, "exit")
    attachment = attached(client, scene, request)
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    url = reverse("attachments:delete", args=[attachment.pk])
    page = client.get(url)
    assert page.status_code == 302 and page.url == request.get_absolute_url()
    response = client.post(url)
    assert response.status_code == 200
    assert "已不能修改" in str(response.context["form"].non_field_errors())
    assert upload(client, request, "补充.pdf", PDF).status_code == 200
    assert list(Attachment.objects.all()) == [attachment]
    assert "删除" not in panel(client.get(request.get_absolute_url()))


@pytest.mark.parametrize("role", ["reviewer", "office_staff"])
def test_deciders_see_the_attachments_but_do_not_add_or_delete(client, scene, role):
    request = submitted(client, scene, "exit")
    login(client, scene, role)
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'id="attachments"' in page
    assert reverse("attachments:add", args=["request", request.pk]) not in page
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            owner=request, upload=SimpleUploadedFile("a.pdf", PDF), actor=scene.user(role)
        )


def test_a_return_names_the_missing_attachment_and_the_clerk_sees_it_in_the_notice(client, scene):
    request = submitted(client, scene, "exit")
    response = post(
        client,
        scene,
        "reviewer",
        "request_return",
        request,
        {"missing_attachments": ["招聘公示截图", "调令或调动审批表"], "reason": "请补充后重报"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.return_reason == "缺少附件：招聘公示截图、调令或调动审批表。\n请补充后重报"
    login(client, scene, "clerk")
    notice = client.get(reverse("people:notifications")).content.decode()
    assert "缺少附件：招聘公示截图、调令或调动审批表。" in notice
    # Returned, the request takes the missing file again.
    assert upload(client, request, "公示截图.png", PNG).status_code == 302


def test_a_return_with_only_missing_attachments_needs_no_other_words(client, scene):
    request = submitted(client, scene, "exit")
    response = post(
        client,
        scene,
        "reviewer",
        "request_return",
        request,
        {"missing_attachments": ["退休审批表"]},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.return_reason == evidence.MISSING_PREFIX + "退休审批表。"


def test_a_return_with_neither_reason_nor_missing_attachment_is_refused(client, scene):
    request = submitted(client, scene, "exit")
    response = post(client, scene, "reviewer", "request_return", request, {"reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["退回须说明原因。"]
