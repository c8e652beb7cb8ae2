"""Writes of attachments: upload one to an owner, delete one while its owner is editable. Both
lock the owner, check its scope and the owner kind's rule, and record the change (rule 13)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from bianzhi import access
from bianzhi.history import attribute, save_tracked
from bianzhi.uploads import ATTACHMENT_NOT_ACCEPTED, validate_scan

from . import registry
from .models import Attachment

OUT_OF_SCOPE = "该对象不在您的管辖范围内。"


def visible(owner: models.Model, user) -> bool:
    """May ``user`` see ``owner`` (and so its attachments)?"""
    model = owner._meta.concrete_model
    return access.restrict(model.objects.filter(pk=owner.pk), user).exists()


def _locked(owner: models.Model, actor) -> models.Model:
    model = owner._meta.concrete_model
    locked = model.objects.select_for_update().filter(pk=owner.pk).first()
    if locked is None or not visible(locked, actor):
        raise PermissionDenied(OUT_OF_SCOPE)
    return locked


def attachments_of(owner: models.Model) -> models.QuerySet:
    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).select_related("uploaded_by")


@transaction.atomic
def attachment_add(*, owner: models.Model, upload, actor, description: str = "") -> Attachment:
    """上传附件: a PDF, JPEG or PNG (by content) within the size limit, to an owner the actor
    may attach to now."""
    kind = registry.kind_of(owner)
    owner = _locked(owner, actor)
    kind.check_add(owner, actor)
    file_kind = validate_scan(upload, not_accepted=ATTACHMENT_NOT_ACCEPTED)
    attachment = Attachment(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        file=upload,
        name=upload.name[:200],
        mime_type=file_kind.content_type,
        size=upload.size,
        description=description.strip(),
        uploaded_by=actor,
    )
    return save_tracked(attachment, actor=actor, reason=f"上传附件：{attachment.name}（{owner}）")


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> models.Model:
    """删除附件, only while its owner is editable; the owner is returned."""
    owner = attachment.owner
    kind = registry.kind_of(owner)
    owner = _locked(owner, actor)
    kind.check_delete(owner, actor)
    attribute(attachment, actor=actor, reason=f"删除附件：{attachment.name}（{owner}）")
    attachment.delete()
    return owner
