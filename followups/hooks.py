"""Where approvals are recorded: an adjustment saved by ``staffing.services.adjustment_apply``
or a unit saved with its establishing date schedules its follow-ups once the transaction commits
(rule 40); a finished 问效 evaluation concludes its follow-up (rule 41). Signals, because staffing and orgs sit below this app and may not import it."""

from django.db.models.signals import post_save

from assessments.signals import evaluation_finished
from orgs.models import Institution
from staffing.models import Adjustment

from .scheduling import FOLLOWED_KINDS, schedule_after_commit
from .scoring import concluded_by_engine


def adjustment_saved(sender, instance, created, **kwargs):
    if created and instance.kind in FOLLOWED_KINDS and not kwargs.get("raw"):
        schedule_after_commit(adjustment_id=instance.pk)


def institution_saved(sender, instance, created, **kwargs):
    if instance.established_on and not kwargs.get("raw"):
        schedule_after_commit(institution_id=instance.pk)


def connect():
    post_save.connect(adjustment_saved, sender=Adjustment, dispatch_uid="followups_adjustment")
    post_save.connect(institution_saved, sender=Institution, dispatch_uid="followups_institution")
    evaluation_finished.connect(concluded_by_engine, dispatch_uid="followups_conclude")
