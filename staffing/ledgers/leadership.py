"""领导职数台账 (per unit and post kind: 核定, 实配, 缺配, 超配) and 领导职数调整台账 (each change of
a leadership quota, before → after, read from its history)."""

import datetime

from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import CODE, DATE, INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, Prepared, parse_date, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict

from ..choices import PostKind
from ..filtersets import LeadershipFilterSet
from ..models import LeadershipQuota
from ..selectors import leadership_with_figures
from ..tables import LeadershipTable
from .common import labels, numbered, serial_column

POST = labels(PostKind)
ORDER = ("institution__sort_order", "institution__full_name", "department__name", "post_kind")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the current time zone."""
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def post_label(row) -> str:
    return row["post_title"] or POST.get(row["post_kind"], row["post_kind"])


def actor_name(row) -> str:
    """经办人 as a person's name (as ``User.get_full_name``), the account name without one."""
    first, last = row["history_user__first_name"], row["history_user__last_name"]
    return f"{first} {last}".strip() or row["history_user__username"] or ""


@register
class LeadershipLedger(Ledger):
    kind = "leadership"
    title = "领导职数台账"
    table_class = LeadershipTable
    list_url_name = "staffing:leadership_list"
    frozen_columns = 3
    empty_text = "无领导职数"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("单位", "institution__full_name", width=UNIT_WIDTH, key="institution"),
            column("内设机构", "department__name", width=16, key="department"),
            Column("职务类别", post_label, width=14, key="post"),
            column("核定", "approved", kind=INTEGER, width=8, total=True),
            column("实配", "filled", kind=INTEGER, width=8, total=True),
            column("缺配", "shortfall", kind=INTEGER, width=8, total=True),
            column("超配", "excess", kind=INTEGER, width=8, total=True),
            column("依据文件", "document__number", kind=CODE, width=22, key="document"),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        quotas = leadership_with_figures(access.restrict(LeadershipQuota.objects.all(), user))
        filterset = LeadershipFilterSet(params, queryset=quotas, request=FakeRequest(user))
        quotas = filterset.qs if filterset.is_valid() else quotas.none()
        quotas = filters.apply_scoped(quotas).order_by(*ORDER, "pk")
        rows = quotas.values(
            "institution__full_name",
            "department__name",
            "post_kind",
            "post_title",
            "approved",
            "filled",
            "shortfall",
            "excess",
            "document__number",
        ).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(filters.subtitle(user), numbered(rows), count=None)


@register
class LeadershipChangesLedger(Ledger):
    """Every setting of a leadership quota recorded by the cut-off date (from ``since`` if
    given): first setting (调整前 0) and each change of the count, with document, reason and who."""

    kind = "leadership_changes"
    title = "领导职数调整台账"
    list_url_name = "staffing:leadership_list"
    frozen_columns = 3
    empty_text = "本期无领导职数调整"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            column("发文日期", "document_date", kind=DATE, width=12),
            column("单位", "institution__full_name", width=UNIT_WIDTH),
            column("内设机构", "department__name", width=16),
            Column("职务类别", post_label, width=14),
            column("调整前", "before", kind=INTEGER, width=8),
            column("增减", "delta", kind=INTEGER, width=8, total=True),
            column("调整后", "approved", kind=INTEGER, width=8),
            Column(
                "文号",
                lambda row: row["history_document"] or row["document__number"],
                kind=CODE,
                width=22,
            ),
            column("事由", "history_change_reason", width=24),
            column("办理日期", "date", kind=DATE, width=12),
            Column("经办人", actor_name, width=10),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        since = parse_date(params.get("since"))
        quotas = filters.apply_scoped(access.restrict(LeadershipQuota.objects.all(), user))
        history = LeadershipQuota.history.filter(
            id__in=quotas.values("pk"), history_date__lt=end_of_day(filters.as_of)
        ).order_by("institution__sort_order", "institution_id", "id", "history_date", "history_id")
        values = history.values(
            "id",
            "history_type",
            "history_date",
            "institution__full_name",
            "department__name",
            "post_kind",
            "post_title",
            "approved",
            "document__number",
            "document__issued_on",
            "history_document",
            "history_change_reason",
            "history_user__username",
            "history_user__first_name",
            "history_user__last_name",
        ).iterator(chunk_size=CHUNK_SIZE)

        def changes():
            previous_id, previous = None, 0
            for row in values:
                first = row["id"] != previous_id
                if first:
                    previous_id, previous = row["id"], 0
                before, previous = previous, row["approved"]
                if row["history_type"] == "-" or (row["approved"] == before and not first):
                    continue
                row["date"] = timezone.localtime(row["history_date"]).date()
                if since and row["date"] < since:
                    continue
                row["before"], row["delta"] = before, row["approved"] - before
                # The document cited by this setting (the quota's document as it was then).
                row["document_date"] = row["document__issued_on"]
                yield row

        return Prepared(filters.subtitle(user), numbered(changes()), count=None)
