"""The same attachments on an establishment adjustment (the office's, never deleted: the
adjustment is final) and on a publicity objection (recorded with the objection, deleted only
while it is open), each seen exactly by the users who see its owner."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.models import Attachment
from bianzhi import uploads
from bianzhi.access import Role
from certificates import evidence as objection_evidence
from certificates import services as certificate_services
from certificates.models import Objection
from staffing import evidence as adjustment_evidence
from staffing.models import Adjustment
from tests.certificates.scene import publicity_since
from tests.kit.factories import make_user

from .conftest import HTML, PDF, PNG


def post_file(client, kind, owner, name, content, **extra):
    url = reverse("attachments:add", args=[kind, owner.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), **extra})


@pytest.fixture
def adjustment(scene, world) -> Adjustment:
    return Adjustment.objects.filter(lines__institution=world.unit).first()


def test_the_office_attaches_the_minutes_to_an_adjustment(client, world, adjustment):
    client.force_login(world.users["office_staff"])
    page = client.get(adjustment.get_absolute_url()).content.decode()
    assert reverse("attachments:add", args=["adjustment", adjustment.pk]) in page
    response = post_file(client, "adjustment", adjustment, "会议纪要.pdf", PDF)
    assert response.status_code == 302
    assert Attachment.objects.get().owner == adjustment


def test_an_adjustment_attachment_is_never_deleted(client, world, adjustment):
    client.force_login(world.users["office_staff"])
    post_file(client, "adjustment", adjustment, "会议纪要.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("attachments:delete", args=[attachment.pk])
    assert client.get(url).status_code == 302
    response = client.post(url)
    assert adjustment_evidence.ADJUSTMENT_IS_FINAL in str(response.context["form"].errors)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_clerk_downloads_the_adjustment_files_of_its_unit_but_not_of_another(
    client, world, adjustment
):
    client.force_login(world.users["office_staff"])
    post_file(client, "adjustment", adjustment, "会议纪要.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(world.users["clerk"])
    assert client.get(attachment.get_absolute_url()).status_code == 200
    # The clerk sees the adjustment but may not attach to it.
    assert post_file(client, "adjustment", adjustment, "x.pdf", PDF).status_code == 403
    client.force_login(make_user(Role.CLERK, institution=world.sibling))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert Attachment.objects.count() == 1


@pytest.fixture
def publicity(world):
    return publicity_since(world.unit, 2)


def record_objection(client, world, publicity, upload=None):
    client.force_login(world.users["clerk"])
    data = {
        "raised_on": publicity.started_on.isoformat(),
        "raised_by": "",
        "content": "名单中有人已调离",
        "reason": "登记公示异议",
    }
    if upload is not None:
        data["attachment"] = upload
    return client.post(reverse("certificates:objection_add", args=[publicity.pk]), data)


def test_an_objection_is_recorded_with_its_attachment(client, world, publicity):
    response = record_objection(client, world, publicity, SimpleUploadedFile("照片.png", PNG))
    assert response.status_code == 302
    objection = Objection.objects.get()
    attachment = Attachment.objects.get()
    assert attachment.owner == objection and attachment.mime_type == "image/png"
    page = client.get(publicity.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page


def test_an_objection_with_a_file_that_is_not_a_pdf_or_image_is_not_recorded(
    client, world, publicity
):
    response = record_objection(client, world, publicity, SimpleUploadedFile("a.png", HTML))
    assert response.status_code == 200
    assert response.context["form"].errors["attachment"] == [uploads.ATTACHMENT_NOT_ACCEPTED]
    assert not Objection.objects.exists() and not Attachment.objects.exists()


def test_an_objections_attachment_is_deleted_only_while_it_is_open(client, world, publicity):
    record_objection(client, world, publicity, SimpleUploadedFile("材料.pdf", PDF))
    post_file(client, "objection", Objection.objects.get(), "补充.pdf", PDF)
    first, second = Attachment.objects.all()
    assert client.post(reverse("attachments:delete", args=[first.pk])).status_code == 302
    certificate_services.objection_resolve(
        objection=Objection.objects.get(),
        actor=world.users["office_staff"],
        resolved_on=publicity.started_on,
        resolution="经核实已调离，更正名单",
        reason="处理公示异议",
    )
    response = client.post(reverse("attachments:delete", args=[second.pk]))
    assert objection_evidence.OBJECTION_RESOLVED in str(response.context["form"].errors)
    assert list(Attachment.objects.all()) == [second]


def test_another_units_clerk_cannot_reach_an_objections_attachment(client, world, publicity):
    record_objection(client, world, publicity, SimpleUploadedFile("材料.pdf", PDF))
    attachment = Attachment.objects.get()
    client.force_login(make_user(Role.CLERK, institution=world.sibling))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert post_file(client, "objection", attachment.owner, "x.pdf", PDF).status_code == 404


def test_an_unknown_owner_kind_is_404(client, world):
    client.force_login(world.users["office_staff"])
    assert client.get(reverse("attachments:add", args=["person", 1])).status_code == 404
