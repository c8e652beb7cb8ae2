"""The one date rule every registration shares: what is recorded has happened."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

DATE_IN_FUTURE = "%(label)s不能晚于今天。"


def check_not_future(day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(DATE_IN_FUTURE % {"label": label})
