"""编制下沉 (seed 003 "累计为10个街镇下沉编制260余名", rule 23): a 划转 whose receiving units are
township units, marked with how the quota is used (县编乡用 or 乡编乡用), and the totals pushed
down per township, year and mode."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from bianzhi import access
from bianzhi.history import save_tracked
from orgs.choices import Category
from orgs.models import Institution

from .choices import AdjustmentKind, PushDownMode
from .models import Adjustment, AdjustmentLine

NOT_A_TRANSFER = "只有编制划转可以标记为编制下沉，本事项为“%(kind)s”。"
RECEIVER_NOT_TOWNSHIP = (
    "编制下沉的调入单位须为乡镇（街道）单位，“%(name)s”不是乡镇（街道）单位，不能标记为下沉。"
)
RECEIVER_IS_POOL = "编制下沉须调入乡镇（街道）单位，不能调入编制周转池。"
NO_RECEIVER = "编制下沉须有调入乡镇（街道）单位的明细。"
UNCHANGED = "该调整的编制下沉标记未改变。"


def check_push_down(*, kind: str, mode: str, receivers: list[Institution | None]) -> None:
    """Rule 23: only a 划转, and only when every receiving (plus) line is a township unit."""
    if not mode:
        return
    if kind != AdjustmentKind.TRANSFER:
        raise ValidationError(NOT_A_TRANSFER % {"kind": AdjustmentKind(kind).label})
    if not receivers:
        raise ValidationError(NO_RECEIVER)
    for institution in receivers:
        if institution is None:
            raise ValidationError(RECEIVER_IS_POOL)
        if not institution.is_township_unit:
            raise ValidationError(RECEIVER_NOT_TOWNSHIP % {"name": institution.full_name})


@transaction.atomic
def adjustment_mark_push_down(*, adjustment: Adjustment, mode: str, actor, reason: str):
    """Mark (or, with ``mode`` "", unmark) a recorded 划转 as 编制下沉 (rule 23). The quota
    figures do not change: the lines stay as applied."""
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if mode == adjustment.push_down:
        raise ValidationError(UNCHANGED)
    receivers = [
        line.institution
        for line in adjustment.lines.select_related("institution__region").filter(delta__gt=0)
    ]
    check_push_down(kind=adjustment.kind, mode=mode, receivers=receivers)
    adjustment.push_down = mode
    return save_tracked(adjustment, actor=actor, reason=reason, document=adjustment.document)


@dataclass
class PushDownRow:
    """编制下沉统计: one township, year and mode."""

    township_id: int
    township: str
    year: int
    mode: str
    quota: int
    adjustments: int

    @property
    def mode_label(self) -> str:
        return PushDownMode(self.mode).label


def township_of(institutions: dict[int, tuple[int | None, str, str]], pk: int) -> int:
    """The township a unit belongs to: itself or its nearest parent that is a 乡镇（街道） organ;
    a township unit outside any (e.g. a unit of a township-level region) stands for itself."""
    node, seen = pk, set()
    while node is not None and node not in seen:
        seen.add(node)
        parent, category, _ = institutions[node]
        if category == Category.TOWNSHIP:
            return node
        node = parent
    return pk


def push_down_totals(
    user,
    *,
    year: int | None = None,
    mode: str = "",
    as_of: datetime.date | None = None,
    narrow=None,
) -> list[PushDownRow]:
    """Quota pushed down (the plus lines of 下沉 adjustments) per township, year of the
    effective date and mode, within the user's scope: a clerk sees its own unit's lines.
    ``narrow`` further filters the lines (a ledger's region or unit)."""
    lines = access.restrict(AdjustmentLine.objects.all(), user).filter(
        delta__gt=0, institution__isnull=False
    )
    lines = lines.exclude(adjustment__push_down="")
    if year:
        lines = lines.filter(adjustment__effective_on__year=year)
    if mode:
        lines = lines.filter(adjustment__push_down=mode)
    if as_of:
        lines = lines.filter(adjustment__effective_on__lte=as_of)
    if narrow is not None:
        lines = narrow(lines)
    grouped = list(
        lines.annotate(year=ExtractYear("adjustment__effective_on"))
        .values("institution_id", "year", "adjustment__push_down", "adjustment_id")
        .annotate(quota=Sum("delta"))
        .order_by()
    )
    if not grouped:
        return []
    # The whole tree in one query: a township unit's parents may sit in another region.
    tree = {
        pk: (parent, category, name)
        for pk, parent, category, name in Institution.objects.values_list(
            "pk", "parent_id", "category", "full_name"
        )
    }
    quota: dict[tuple[int, int, str], int] = defaultdict(int)
    adjustments: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    for row in grouped:
        township = township_of(tree, row["institution_id"])
        key = (township, row["year"], row["adjustment__push_down"])
        quota[key] += row["quota"]
        adjustments[key].add(row["adjustment_id"])
    order = list(PushDownMode.values)
    rows = [
        PushDownRow(key[0], tree[key[0]][2], key[1], key[2], count, len(adjustments[key]))
        for key, count in quota.items()
    ]
    rows.sort(key=lambda row: (-row.year, row.township, order.index(row.mode)))
    return rows


def push_down_years(user) -> list[int]:
    """The years in which the user's scope saw quota pushed down, latest first (the filter)."""
    lines = access.restrict(AdjustmentLine.objects.all(), user).exclude(adjustment__push_down="")
    years = lines.annotate(year=ExtractYear("adjustment__effective_on")).values_list(
        "year", flat=True
    )
    return sorted(set(years), reverse=True)
