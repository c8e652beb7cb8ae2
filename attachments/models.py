"""附件: a file of evidence (a PDF or an image) attached to a change request, an establishment
adjustment or a publicity objection.

One model for every owner, linked by a generic foreign key: the owners live in three apps on
different layers (people, staffing, certificates), and a model with a foreign key to each would
have to sit above all of them, where the owners' own pages could not import it. The owners
declare themselves in ``attachments.registry`` instead, the way checks and hooks are declared
elsewhere. Files are stored like the document scans (``bianzhi.uploads``): checked by content,
kept under MEDIA_ROOT and served only through a view that checks the owner's scope."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bianzhi.excel.safety import human_size
from bianzhi.history import tracked_history


class Attachment(models.Model):
    """附件: one uploaded file of one owner. Deleting one removes the row (the history keeps who
    uploaded and deleted it, and the stored file stays, as replaced scans do)."""

    owner_type = models.ForeignKey(
        ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField("所属对象编号")
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField("文件", upload_to="attachments/%Y/")
    name = models.CharField("文件名", max_length=200)
    mime_type = models.CharField("文件格式", max_length=50)
    size = models.PositiveIntegerField("大小（字节）")
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    history = tracked_history()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("attachments:download", args=[self.pk])

    @property
    def size_label(self) -> str:
        return human_size(self.size)

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")
