"""Caching region-wide figures until the data behind them changes, and keeping them warm.

A city's overview sums 188,000 records, 7,800 quota lines and 28,000 leadership posts; it is read
far more often than the registry changes. Every domain write adds a history row (rule 13), so the
newest history id of each table the figures read is an exact version: the cache key holds them,
and the first read after any change computes afresh. One query reads all the versions.

So that the first read after a change is not the one that waits, the task worker recomputes the
figures someone has looked at in the last half hour a few seconds after a write to the data they
read is committed: one refresh queued at a time, so a burst of approvals costs one recomputation.
The versions keep the figures exact whether or not the worker got there first.
"""

import datetime
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from . import access

TIMEOUT = 600
WATCHERS_KEY = "bianzhi:figures:watchers"
WATCH_SECONDS = 30 * 60
QUEUED_KEY = "bianzhi:figures:refresh-queued"
# Writes in the seconds before a refresh runs are covered by it.
REFRESH_DELAY = datetime.timedelta(seconds=10)
# A queued refresh that no worker took (none running) stops blocking new ones after this.
QUEUED_SECONDS = 5 * 60


def data_version(base, models) -> tuple:
    """The newest history id of each of ``models``' history tables, read in one query as
    subqueries on one row of ``base`` (with the time each was recorded) (a model with rows whenever there are figures, such as
    the regions); ``()`` when ``base`` is empty."""
    latest = {}
    for index, model in enumerate(models):
        newest = model.history.model.objects.order_by("-history_id")
        latest[f"id{index}"] = Coalesce(
            Subquery(newest.values("history_id")[:1], output_field=IntegerField()), Value(0)
        )
        # With the id, the time: a rolled-back transaction can hand out the same id again.
        latest[f"at{index}"] = Subquery(newest.values("history_date")[:1])
    row = base._default_manager.order_by().annotate(**latest).values_list(*latest)[:1]
    return tuple(next(iter(row), ()))


def cached_figures(name: str, *, scope_key, base, models, compute):
    """``compute()``, cached per ``name``, scope and the versions of ``models``' data."""
    version = data_version(base, models)
    digest = hashlib.sha1(repr((scope_key, version)).encode()).hexdigest()
    key = f"bianzhi:figures:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


# --- figure sets: what a page reads, per user scope ----------------------------------------------

REGISTRY: dict[str, "FigureSet"] = {}


@dataclass(frozen=True)
class FigureSet:
    """Region-wide figures of a page: ``compute(user, today)`` over the user's scope, read from
    ``models`` (``base``: a model with rows whenever there are figures, see ``data_version``).
    Defined at import time of an app's ``figures`` module, which its config imports, so that the
    task worker knows them too."""

    name: str
    base: type
    models: tuple
    compute: Callable[..., dict]

    def __post_init__(self):
        REGISTRY[self.name] = self

    def for_user(self, user, *, watch: bool = True) -> dict:
        """The figures for ``user``'s role and scope today; ``watch`` keeps them warm for a while."""
        if watch:
            _watch(self.name, user.pk)
        today = timezone.localdate()
        scope = access.user_scope(user)
        # A reviewer's or a clerk's scope is its institutions (it has no regions): without them
        # in the key every clerk would read the figures of the first clerk who looked.
        return cached_figures(
            self.name,
            scope_key=(
                access.role_of(user),
                sorted(scope.region_ids()),
                sorted(scope.institution_ids()),
                today,
            ),
            base=self.base,
            models=self.models,
            compute=lambda: self.compute(user, today),
        )


def _watch(name: str, user_pk: int) -> None:
    watchers = cache.get(WATCHERS_KEY) or {}
    now = time.time()
    if now - watchers.get((name, user_pk), 0) < 60:
        return
    watchers = {key: seen for key, seen in watchers.items() if now - seen < WATCH_SECONDS}
    watchers[(name, user_pk)] = now
    cache.set(WATCHERS_KEY, watchers, WATCH_SECONDS)


def watched() -> list[tuple[str, int]]:
    """(figure set, user pk) of every figure set looked at in the last half hour."""
    now = time.time()
    watchers = cache.get(WATCHERS_KEY) or {}
    return sorted(key for key, seen in watchers.items() if now - seen < WATCH_SECONDS)


def refresh_watched() -> int:
    """Compute the watched figures the cache lacks; the number of figure sets looked at."""
    entries = [(name, pk) for name, pk in watched() if name in REGISTRY]
    users = get_user_model().objects.filter(is_active=True).in_bulk({pk for _, pk in entries})
    refreshed = 0
    for name, pk in entries:
        if pk in users:
            REGISTRY[name].for_user(users[pk], watch=False)
            refreshed += 1
    return refreshed


@task()
def refresh_figures_task() -> int:
    # Cleared first: a write committed while this runs queues the next refresh.
    cache.delete(QUEUED_KEY)
    return refresh_watched()


def schedule_refresh() -> None:
    if watched() and cache.add(QUEUED_KEY, True, QUEUED_SECONDS):
        run_after = timezone.now() + REFRESH_DELAY
        refresh_figures_task.using(run_after=run_after).enqueue()


def history_written(sender, **kwargs) -> None:
    """simple_history's ``post_create_historical_record``, sent for every domain write (rule 13):
    a write to what some figure set reads schedules a refresh once committed."""
    if any(sender.instance_type in figures.models for figures in REGISTRY.values()):
        # Robust: the write is committed by then; a failed enqueue must not make it an error.
        transaction.on_commit(schedule_refresh, robust=True)
