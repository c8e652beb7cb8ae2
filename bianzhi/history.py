"""Attaching actor, reason and document to every recorded change (domain rule 13).

Every domain model declares ``history = tracked_history()``. Services call ``save_tracked`` (or set
the attribution with ``attribute``) so that a change made from a page, an import, a management
command or a fixture loader names who made it, why, and under which document.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .privacy import IdPolicy
from .str_paths import related_names_queryset

SYSTEM_USERNAME = "system"
EMPTY = "（空）"


class DocumentedHistoricalModel(models.Model):
    """Base of every historical table: the document number the change was made under."""

    history_document = models.CharField("文号", max_length=100, blank=True, default="")

    class Meta:
        abstract = True


_tracked: list[HistoricalRecords] = []


def tracked_history(**kwargs) -> HistoricalRecords:
    kwargs.setdefault("bases", [DocumentedHistoricalModel])
    kwargs.setdefault("cascade_delete_history", False)
    records = HistoricalRecords(**kwargs)
    _tracked.append(records)
    return records


def _records_of(model: type[models.Model]) -> HistoricalRecords:
    return next(records for records in _tracked if records.cls is model)


def attribute(instance: models.Model, *, actor, reason: str, document=None) -> models.Model:
    """Mark the next save of ``instance`` as done by ``actor`` for ``reason`` under ``document``."""
    if actor is None:
        raise ValueError("Every recorded change needs an actor (rule 13).")
    if not reason:
        raise ValueError("Every recorded change needs a reason (rule 13).")
    instance._history_user = actor
    instance._change_reason = reason
    instance._history_document = str(document) if document else ""
    return instance


@receiver(pre_create_historical_record)
def _record_document(sender, instance, history_instance, **kwargs):
    history_instance.history_document = getattr(instance, "_history_document", "") or ""


@transaction.atomic
def save_tracked(
    instance: models.Model, *, actor, reason: str, document=None, m2m: dict | None = None
) -> models.Model:
    """Validate and save one row with its attribution; the single write path for services.

    ``m2m`` maps many-to-many field names to their new members. The row and its relations are
    written first and recorded once, so one change is one history record.
    """
    instance.full_clean()
    attribute(instance, actor=actor, reason=reason, document=document)
    if not m2m:
        instance.save()
        return instance
    history_type = "+" if instance._state.adding else "~"
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, members in m2m.items():
            getattr(instance, name).set(members)
    finally:
        del instance.skip_history_when_saving
    _records_of(type(instance)).create_historical_record(instance, history_type)
    return instance


def apply_changes(instance: models.Model, changes: dict) -> dict:
    """Set ``changes`` on ``instance``; return only those that differ from what it held."""
    changed = {}
    for name, value in changes.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed[name] = value
    return changed


def system_actor():
    """The account named in history for changes made by commands and fixture loaders.

    It cannot log in; like every user it is never deleted.
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "系统", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# --- reading history -------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    reason: str
    document: str
    changes: list[FieldChange] = field(default_factory=list)


_KINDS = {"+": "新建", "~": "修改", "-": "删除"}


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    hidden = getattr(model, "history_hidden_fields", frozenset())
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in {"created", "modified", *hidden}
    ]


def _display(value, model_field: models.Field, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _related_names(fields: list[models.Field], records: list) -> dict:
    """Names of every object a foreign key in ``records`` points at: one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for f in fields:
        if f.is_relation:
            ids = {getattr(r, f.attname) for r in records} - {None}
            wanted.setdefault(f.related_model, set()).update(ids)
    names = {}
    for related_model, ids in wanted.items():
        for obj in related_names_queryset(related_model).filter(pk__in=ids):
            names[(related_model, obj.pk)] = str(obj)
    return names


def _shown(value, model_field: models.Field, names: dict, policy: IdPolicy, name: str) -> str:
    if not (model_field.is_relation or model_field.choices):
        value = policy.field(name, value)
    return _display(value, model_field, names)


def change_log(instance: models.Model, *, policy: IdPolicy) -> list[HistoryEntry]:
    """Every recorded change of ``instance``, newest first, with old → new value per field; ID
    numbers and birth dates (also inside JSON fields and reasons) as ``policy`` shows them."""
    return change_logs([instance], policy=policy)[instance.pk]


def change_logs(instances, *, policy: IdPolicy) -> dict:
    """``change_log`` of each of ``instances`` (of one model), by primary key, read in a fixed
    number of queries however many objects and history rows there are: one for the history
    rows with their users, one per model their foreign keys point at."""
    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])
    pk_name = model._meta.pk.attname
    by_object: dict = {instance.pk: [] for instance in instances}
    records = list(
        model.history.filter(**{f"{pk_name}__in": list(by_object)})
        .select_related("history_user")
        .order_by("history_id")
    )
    for record in records:
        by_object[getattr(record, pk_name)].append(record)
    fields = _tracked_fields(model)
    names = _related_names(fields, records)
    return {pk: _entries(model, own, fields, names, policy) for pk, own in by_object.items()}


def _entries(model, records: list, fields: list, names: dict, policy: IdPolicy):
    # Per attname: (the name the privacy policy knows, how to read the stored value), e.g. an
    # encrypted ID number shown decrypted, then masked or not.
    readers = getattr(model, "history_decrypted_fields", {})
    entries = []
    previous = None

    def value(record, f):
        stored = getattr(record, f.attname)
        if f.attname in readers and stored:
            return readers[f.attname][1](stored)
        return stored

    for record in records:
        changes = []
        for f in fields:
            new = value(record, f)
            old = value(previous, f) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                name = readers[f.attname][0] if f.attname in readers else f.name
                changes.append(
                    FieldChange(
                        label=str(f.verbose_name),
                        old=_shown(old, f, names, policy, name) if previous is not None else "",
                        new=_shown(new, f, names, policy, name),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "（未知）",
                kind=_KINDS.get(record.history_type, record.history_type),
                reason=policy.text(record.history_change_reason or ""),
                document=record.history_document,
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
