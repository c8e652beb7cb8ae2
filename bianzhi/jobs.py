"""What the background jobs share (导出任务, 导入任务, 证书 PDF 生成): progress written without
history, and the cap on how many jobs one user may have queued or running."""

import datetime
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


def save_progress(job: models.Model, **fields) -> None:
    """A job is not domain data (no history): a plain update keeps progress writes cheap."""
    type(job).objects.filter(pk=job.pk).update(**fields)


def open_jobs(model: type[models.Model], user, *, stale_minutes: int):
    """The user's jobs of ``model`` still queued or running, started within ``stale_minutes``
    (a job a crashed worker left running does not block for ever)."""
    since = timezone.now() - datetime.timedelta(minutes=stale_minutes)
    return model.objects.filter(user=user, status__in=model.OPEN_STATES, created_at__gte=since)


@contextmanager
def user_slot(model: type[models.Model], user, *, limit: int, stale_minutes: int, refused: str):
    """A transaction in which ``user`` may start one more job of ``model``: refused with
    ``refused`` (which may name ``%(limit)d``) when ``limit`` are already open. One user's requests
    wait for each other on the user's row, so two at once cannot both pass."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if open_jobs(model, user, stale_minutes=stale_minutes).count() >= limit:
            raise ValidationError(refused % {"limit": limit})
        yield
