"""领导职数配备台账: one row per unit — its unit posts (正职 before 副职, then other posts) with
核定, 实配 and the current holders' names, its departments' posts summed, and 缺配 / 超配.

Four queries whatever the number of units: the units, their quotas summed by post kind, each
quota's count, and the current appointments with the holders' names.
"""

from collections import defaultdict

from django.db.models import Sum

from bianzhi import access
from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.ledgers import LedgerFilters, query_dict
from orgs.models import Institution

from .. import occupancy
from ..choices import PostKind
from ..models import LeadershipQuota
from .common import numbered, serial_column

# The column groups, in the customary order: the unit's 正职, its 副职, other posts
# (纪检组长 …), then its departments' 正职 and 副职.
GROUPS = (
    (PostKind.UNIT_HEAD, "单位正职", True),
    (PostKind.UNIT_DEPUTY, "单位副职", True),
    (PostKind.OTHER, "其他职数", True),
    (PostKind.DEPARTMENT_HEAD, "内设机构正职", False),
    (PostKind.DEPARTMENT_DEPUTY, "内设机构副职", False),
)
NOT_COUNTING = "（不占职数）"


def _figure(kind, figure):
    return lambda row: row["posts"][kind][figure]


def leadership_figures(quotas, *, names: bool = False) -> dict:
    """Per institution and post kind 核定 and 实配 (counting holders), per institution 缺配 and
    超配 summed over its quotas (a surplus on one post does not fill another), and with
    ``names`` the current holders' names (those not counting marked). Two queries."""
    approved = defaultdict(dict)
    for pk, kind, n in (
        quotas.order_by().values_list("institution_id", "post_kind").annotate(n=Sum("approved"))
    ):
        approved[pk][kind] = n or 0
    per_quota = defaultdict(int)
    filled = defaultdict(lambda: defaultdict(int))
    holders = defaultdict(lambda: defaultdict(list))
    appointments = occupancy.current_appointments().filter(quota__in=quotas.values("pk"))
    if not names:
        appointments = appointments.filter(counts_against_quota=True)
    for quota_id, pk, kind, name, counts in appointments.order_by(
        "quota__institution_id", "quota__post_kind", "started_on", "pk"
    ).values_list(
        "quota_id",
        "quota__institution_id",
        "quota__post_kind",
        "person__name",
        "counts_against_quota",
    ):
        if counts:
            per_quota[quota_id] += 1
            filled[pk][kind] += 1
        if names:
            holders[pk][kind].append(name if counts else name + NOT_COUNTING)
    gaps = defaultdict(lambda: [0, 0])
    for quota_id, pk, n in quotas.order_by().values_list("pk", "institution_id", "approved"):
        held = per_quota.get(quota_id, 0)
        gaps[pk][0] += max(n - held, 0)
        gaps[pk][1] += max(held - n, 0)
    return {"approved": approved, "filled": filled, "gaps": gaps, "holders": holders}


@register
class LeadershipHoldersLedger(Ledger):
    kind = "leadership_holders"
    title = "领导职数配备台账"
    list_url_name = "staffing:leadership_list"
    frozen_columns = 2

    def columns(self, user, params=None) -> list[Column]:
        columns = [serial_column(), column("单位", "full_name", width=UNIT_WIDTH)]
        for kind, group, named in GROUPS:
            for figure, header in (("approved", "核定"), ("filled", "实配")):
                columns.append(
                    Column(
                        header,
                        _figure(kind, figure),
                        kind=INTEGER,
                        width=5,
                        group=group,
                        total=True,
                        key=f"{kind}_{figure}",
                    )
                )
            if named:
                columns.append(
                    Column(
                        "现任",
                        lambda row, kind=kind: "、".join(row["posts"][kind]["names"]),
                        width=18,
                        group=group,
                        key=f"{kind}_names",
                    )
                )
        columns += [
            Column("缺配", lambda row: row["shortfall"], kind=INTEGER, width=5, total=True),
            Column("超配", lambda row: row["excess"], kind=INTEGER, width=5, total=True),
        ]
        return columns

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        quotas = filters.apply_scoped(access.restrict(LeadershipQuota.objects.all(), user))
        figures = leadership_figures(quotas, names=True)
        approved, filled, gaps, holders = (
            figures["approved"],
            figures["filled"],
            figures["gaps"],
            figures["holders"],
        )
        units = (
            access.restrict(Institution.objects.all(), user)
            .filter(pk__in=quotas.values("institution_id"))
            .order_by("region__code", "sort_order", "full_name", "pk")
        )

        def rows():
            for row in units.values("pk", "full_name"):
                pk = row["pk"]
                row["posts"] = {
                    kind: {
                        "approved": approved[pk].get(kind, 0),
                        "filled": filled[pk].get(kind, 0),
                        "names": holders[pk].get(kind, ()),
                    }
                    for kind, _, _ in GROUPS
                }
                row["shortfall"], row["excess"] = gaps[pk]
                yield row

        return Prepared(filters.subtitle(user), numbered(rows()), count=None)
