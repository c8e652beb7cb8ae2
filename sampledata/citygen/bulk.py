"""Inserting many rows with their history in a few statements (rule 13).

simple-history's ``bulk_create_with_history`` stamps every history row with the current time;
the as-of pages read history by its date, so the generated city dates each row at the day the
event happened, names the actor, the reason and the document, and can record a row's earlier
states (a quota line before its adjustments, a record before its exit).
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

BATCH = 5000


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """The instant an event of ``day`` is recorded: office hours, Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Version:
    """One history row of ``obj``: its state on ``day`` (``values`` override the final state)."""

    obj: models.Model
    day: datetime.date
    kind: str = "+"
    document: str = ""
    values: dict = field(default_factory=dict)
    hour: int = 9


class HistoryWriter:
    """Collects history rows per model and writes them in batches."""

    def __init__(self, *, actor, reason: str):
        self.actor = actor
        self.reason = reason
        self.rows: dict[type[models.Model], list] = {}
        self.written = 0
        # ``Model.history`` builds a manager class on every access: look each model up once.
        self.models: dict[type[models.Model], tuple] = {}

    def _historical(self, model):
        if model not in self.models:
            historical = model.history.model
            self.models[model] = (historical, [f.attname for f in historical.tracked_fields])
        return self.models[model]

    def add(self, version: Version) -> None:
        model = type(version.obj)
        historical, attnames = self._historical(model)
        values = {name: getattr(version.obj, name) for name in attnames}
        values.update(version.values)
        self.rows.setdefault(model, []).append(
            historical(
                history_date=moment(version.day, version.hour),
                history_user_id=self.actor.pk,
                history_change_reason=self.reason,
                history_type=version.kind,
                history_document=version.document or "",
                **values,
            )
        )

    def flush(self) -> None:
        for model, rows in self.rows.items():
            rows.sort(key=lambda row: row.history_date)
            self._historical(model)[0].objects.bulk_create(rows, batch_size=BATCH)
            self.written += len(rows)
        self.rows = {}


def create(model: type[models.Model], objs: list, *, history: HistoryWriter, day, document=""):
    """Bulk insert ``objs`` and add one creation row each, dated by ``day(obj)`` and citing
    ``document(obj)`` (callables) or the constants given."""
    model.objects.bulk_create(objs, batch_size=BATCH)
    for obj in objs:
        history.add(
            Version(
                obj,
                day(obj) if callable(day) else day,
                document=document(obj) if callable(document) else document,
            )
        )
    return objs
