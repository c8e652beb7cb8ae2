"""What puts a confirmation back to 待确认 (rule 47), whichever path saved the row (a page, a
change request, an import, a command): the person's recorded status changes, or the record's
placement (quota line, post category) does. A new record (entry, transfer) needs no reset: it
has no confirmation yet. The reset is attributed to whoever made the change."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from bianzhi.history import system_actor
from people.choices import RecordStatus
from people.models import EstablishmentRecord, Person

from . import services
from .choices import StatusKind

STATUS_FIELDS = {
    "civil_servant_registered": StatusKind.CIVIL_SERVICE,
    "employment_contract_signed": StatusKind.EMPLOYMENT,
}
PLACEMENT_FIELDS = ("quota_line_id", "post_category")
STATUS_CHANGED = "登记的%(kind)s变更，待重新确认（规则 47）"
PLACEMENT_CHANGED = "编制或岗位变更，待重新确认（规则 47）"


def _actor(instance):
    return getattr(instance, "_history_user", None) or system_actor()


def _before(model, instance, fields):
    if instance._state.adding or instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(pre_save, sender=Person)
def _person_before(sender, instance, **kwargs):
    instance._confirmation_before = _before(Person, instance, STATUS_FIELDS)


@receiver(post_save, sender=Person)
def _person_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_confirmation_before", None)
    if not before:
        return
    kinds = [
        kind for field, kind in STATUS_FIELDS.items() if before[field] != getattr(instance, field)
    ]
    if not kinds:
        return
    records = EstablishmentRecord.objects.filter(person=instance, status=RecordStatus.ACTIVE)
    services.reset(
        record_ids=records.values_list("pk", flat=True),
        kinds=kinds,
        actor=_actor(instance),
        reason="；".join(STATUS_CHANGED % {"kind": kind.label} for kind in kinds),
    )


@receiver(pre_save, sender=EstablishmentRecord)
def _record_before(sender, instance, **kwargs):
    instance._confirmation_before = _before(EstablishmentRecord, instance, PLACEMENT_FIELDS)


@receiver(post_save, sender=EstablishmentRecord)
def _record_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_confirmation_before", None)
    if not before or all(before[field] == getattr(instance, field) for field in PLACEMENT_FIELDS):
        return
    services.reset(record_ids=[instance.pk], actor=_actor(instance), reason=PLACEMENT_CHANGED)
