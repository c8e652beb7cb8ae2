"""What a block of code wrote: rows and history records per model.

A refused service call must write nothing — no row and no history record — and an accepted one
exactly what it says; these helpers count both, for the models a test module watches.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.apps import apps

from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    UsagePermit,
)

# What the establishment and personnel services write.
ESTABLISHMENT_AND_PEOPLE = (
    QuotaLine,
    Adjustment,
    AdjustmentLine,
    PoolBalance,
    RegionTotal,
    UsagePermit,
    Person,
    EstablishmentRecord,
    LeadershipQuota,
    LeadershipAppointment,
)


def row_and_history_counts(
    models: Iterable = ESTABLISHMENT_AND_PEOPLE,
) -> dict[str, tuple[int, int]]:
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models}


@contextmanager
def nothing_written(models: Iterable = ESTABLISHMENT_AND_PEOPLE):
    """Assert that the block leaves every row and every history table as it found them."""
    before = row_and_history_counts(models)
    yield
    assert row_and_history_counts(models) == before


@contextmanager
def written(models: Iterable = ESTABLISHMENT_AND_PEOPLE):
    """Yield a dict that is filled, on leaving, with the (rows, history records) each model gained."""
    before = row_and_history_counts(models)
    gained: dict[str, tuple[int, int]] = {}
    yield gained
    for name, (rows, history) in row_and_history_counts(models).items():
        if (rows, history) != before[name]:
            gained[name] = (rows - before[name][0], history - before[name][1])


def row_counts() -> dict[str, int]:
    """Rows of every model of the project, historical ones included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def latest(obj):
    """The object's newest history record."""
    return obj.history.order_by("-history_id").first()


def attribution(record) -> tuple:
    """Who, why and on which document a history record says the change was made."""
    return record.history_user, record.history_change_reason, record.history_document
