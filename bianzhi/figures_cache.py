"""Caching region-wide figures until the data behind them changes.

A city's overview sums 188,000 records, 7,800 quota lines and 28,000 leadership posts; it is read
far more often than the registry changes. Every domain write adds a history row (rule 13), so the
newest history id of each table the figures read is an exact version: the cache key holds them,
and the first read after any change computes afresh. One query reads all the versions.
"""

import hashlib

from django.core.cache import cache
from django.db.models import IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

TIMEOUT = 600


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
