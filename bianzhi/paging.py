"""Paging a list of a city's size (188,000 roster rows) at the cost of one page.

- The order is made total (the primary key last), so a row is on one page only and a page read
  backwards is the same page.
- A page in the back half of the list is read from the far end, in the reversed order, and turned
  round: the last page costs what the first does when an index serves the order.
- Pages deeper than ``MAX_DEPTH`` from both ends are not served: an offset that deep reads
  every row before it. The page asked for is moved to the nearest one served and the table
  says to narrow the list with the filters (``too_deep``).
- The row count is cached until the data it counts changes (the newest history id of every
  table its query reads, as ``figures_cache`` does): counting a whole city's join on every page
  view cost more than the page itself.
"""

import hashlib
import re
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import models

from .figures_cache import data_version

MAX_DEPTH = 40
COUNT_TIMEOUT = 600
TOO_DEEP = "只能翻看最前和最后各 {pages} 页；请用上方的查询条件缩小范围。"
QUOTED_NAME = re.compile(r'"([^"]+)"')


def _queryset(object_list):
    """The queryset behind ``object_list`` (a queryset, or django-tables2's rows of one)."""
    if isinstance(object_list, models.QuerySet):
        return object_list
    data = getattr(getattr(object_list, "data", None), "data", None)
    return data if isinstance(data, models.QuerySet) else None


def total_order(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` with its primary key last in its order, unless already there. A grouped
    queryset (``values(...).annotate(...)``, one row per group) is left as it is: ordering by the
    key would group by it too and split every group into its rows."""
    if queryset.query.group_by is not None:
        return queryset
    ordering = list(queryset.query.order_by or queryset.query.get_meta().ordering or ())
    if not ordering:
        return queryset.order_by("pk")
    names = {str(field).lstrip("-") for field in ordering}
    if names & {"pk", "id", queryset.model._meta.pk.attname}:
        return queryset
    return queryset.order_by(*ordering, "pk")


def _tables_of(sql: str):
    by_table = {model._meta.db_table: model for model in apps.get_models()}
    return {by_table[name] for name in QUOTED_NAME.findall(sql) if name in by_table}


def cached_count(queryset: models.QuerySet) -> int:
    """``queryset.count()``, cached while no table its query reads has changed. A query reading
    a table without history (no version to watch) is counted every time."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    read = _tables_of(sql)
    if not read or any(not hasattr(model, "history") for model in read):
        return queryset.count()
    tracked = sorted(read, key=lambda model: model._meta.db_table)
    version = data_version(ContentType, tracked)
    digest = hashlib.sha1(repr((sql, params, version)).encode()).hexdigest()
    key = f"bianzhi:count:{digest}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TIMEOUT)
    return count


class DeepPaginator(Paginator):
    """A paginator for long lists (see the module); any other list is paged as usual."""

    max_depth = MAX_DEPTH

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.queryset = _queryset(object_list)
        if self.queryset is not None:
            self.queryset = total_order(self.queryset)
            if isinstance(object_list, models.QuerySet):
                self.object_list = self.queryset
            else:
                object_list.data.data = self.queryset
        self.too_deep = False

    @cached_property
    def count(self):
        if self.queryset is None:
            return super().count
        return cached_count(self.queryset)

    @property
    def too_deep_message(self) -> str:
        return TOO_DEEP.format(pages=self.max_depth)

    def served(self, number: int) -> bool:
        return number <= self.max_depth or number > self.num_pages - self.max_depth

    def nearest_served(self, number: int) -> int:
        if self.served(number):
            return number
        self.too_deep = True
        if number <= self.num_pages / 2:
            return self.max_depth
        return self.num_pages - self.max_depth + 1

    def page(self, number):
        number = self.nearest_served(self.validate_number(number))
        if self.queryset is None or not self.queryset.ordered:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count - top:
            rows = list(self.queryset[bottom:top])
        else:
            rows = list(self.queryset.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
        # The rows read, not a slice of the query: the table's template would count the slice.
        if not isinstance(self.object_list, models.QuerySet):
            rows = type(self.object_list)(
                rows, self.object_list.table, pinned_data=self.object_list.pinned_data
            )
        return self._get_page(rows, number, self)
