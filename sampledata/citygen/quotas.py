"""The city's establishment: quota lines sized to the people wanted, a few years of adjustments
(核定, 增编, 核减, 划转, 空编收回) replayed backwards from today's approvals so every line's history
adds up, total control and pool per region, leadership quotas and the open permits (staffing)."""

import datetime
from collections import defaultdict

from orgs.models import ApprovalDocument, Region
from staffing.choices import AdjustmentKind, PoolPurpose, PostKind, PushDownMode
from staffing.models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
)

from .bulk import HistoryWriter, Version, create, moment
from .lines import ADMIN, OVER_REASON, POLITICAL_LEGAL, PUBLIC, WORKER, Line

DEPUTIES = {"small": (1, 2), "organ": (2, 4), "education": (3, 4), "police": (3, 5)}
DEPUTIES |= {"court": (3, 5), "township": (4, 6), "hospital": (2, 4), "school": (1, 3)}
POOL_START = {ADMIN: 20, POLITICAL_LEGAL: 8, WORKER: 5, PUBLIC: 60}


def push_down_mode(receiver, day: datetime.date) -> str:
    """Every 划转 into a township unit is a 编制下沉 (rule 23), alternating the two modes by day
    so the generated city has both without drawing from the generator's random stream."""
    if not receiver.is_township_unit:
        return ""
    return PushDownMode.values[day.toordinal() % 2]


class EstablishmentBuilder:
    """Writes one region's lines, adjustments, total control, pool and leadership quotas."""

    def __init__(self, rng, history: HistoryWriter, tree, actor, today: datetime.date):
        self.rng = rng
        self.history = history
        self.tree = tree
        self.actor = actor
        self.today = today
        self.start = datetime.date(today.year - 6, 3, 1)
        # (post kind, department pk) → LeadershipQuota, per institution pk
        self.quotas: dict[int, dict] = {}

    def _office(self, region: Region) -> tuple[str, str]:
        return f"{region.name[:1]}编发", f"中共{region.name}委机构编制委员会"

    def _doc(self, region, title, day) -> ApprovalDocument:
        prefix, issuer = self._office(region)
        return self.tree.document(region, prefix, issuer, title, day)

    def build(self, region: Region, lines: list[Line]) -> None:
        create(QuotaLine, [line.row for line in lines], history=_NoHistory(), day=self.today)
        adjustments = self._plan_adjustments(region, lines)
        self._write_adjustments(region, lines, adjustments)
        self._leadership(region, {line.unit for line in lines})

    # adjustments, planned from today backwards so that every earlier approval stays >= 0

    def _plan_adjustments(self, region, lines) -> list[dict]:
        rng = self.rng
        net = defaultdict(int)
        planned = []

        def fits(line, delta):
            return line.approved - (net[line] + delta) >= 1

        for line in lines:
            if line.row.over_establishment_reason:
                cut = line.occupied - line.approved + rng.randint(1, 3)
                day = self.today - datetime.timedelta(days=rng.randint(200, 500))
                name = line.unit.institution.full_name
                planned.append(
                    {
                        "kind": AdjustmentKind.DECREASE,
                        "day": day,
                        "summary": f"{name}机构改革核减编制",
                        "reason": OVER_REASON,
                        "lines": [(line, -cut)],
                    }
                )
                net[line] -= cut
        by_type = defaultdict(list)
        for line in lines:
            by_type[(line.row.establishment_type, line.row.funding_form)].append(line)
        count = max(2, len(lines) // 5)
        days = sorted(
            (self.today - datetime.timedelta(days=rng.randint(20, 3 * 365)) for _ in range(count)),
            reverse=True,
        )
        for day in days:
            line = rng.choice(lines)
            name = line.unit.institution.full_name
            draw = rng.random()
            delta = rng.randint(1, max(1, line.approved // 12))
            if draw < 0.4:
                entry = {
                    "kind": AdjustmentKind.INCREASE,
                    "summary": f"为{name}增加编制",
                    "lines": [(line, delta)],
                }
            elif draw < 0.6:
                entry = {
                    "kind": AdjustmentKind.RECLAIM,
                    "summary": f"收回{name}空余编制",
                    "lines": [(line, -delta), (None, delta)],
                }
            elif draw < 0.75:
                entry = {
                    "kind": AdjustmentKind.DECREASE,
                    "summary": f"核减{name}编制",
                    "lines": [(line, -delta)],
                }
            else:
                source = rng.choice(by_type[(line.row.establishment_type, line.row.funding_form)])
                if source is line:
                    continue
                entry = {
                    "kind": AdjustmentKind.TRANSFER,
                    "summary": f"从{source.unit.institution.full_name}划转编制至{name}",
                    "lines": [(source, -delta), (line, delta)],
                    "push_down": push_down_mode(line.unit.institution, day),
                }
            if all(target is None or fits(target, d) for target, d in entry["lines"]):
                for target, d in entry["lines"]:
                    if target is not None:
                        net[target] += d
                entry["day"] = day
                entry.setdefault("reason", "")
                planned.append(entry)
        for line in lines:
            line.initial = line.approved - net[line]
            line.start = max(self.start, line.unit.institution.established_on)
        planned.sort(key=lambda entry: entry["day"])
        initial_days = defaultdict(list)
        for line in lines:
            initial_days[line.start].append(line)
        initial = [
            {
                "kind": AdjustmentKind.INITIAL,
                "day": day,
                "summary": f"核定{region.name}各单位编制"
                if day == self.start
                else f"核定{group[0].unit.institution.full_name}编制",
                "reason": "",
                "lines": [(line, line.initial) for line in group],
            }
            for day, group in sorted(initial_days.items())
        ]
        return sorted(initial + planned, key=lambda entry: entry["day"])

    def _write_adjustments(self, region, lines, plan) -> None:
        documents = [
            self._doc(region, f"关于{entry['summary']}的通知", entry["day"]) for entry in plan
        ]
        create(ApprovalDocument, documents, history=self.history, day=lambda d: d.issued_on)
        adjustments = [
            Adjustment(
                region=region,
                kind=entry["kind"],
                summary=entry["summary"][:200],
                document=document,
                effective_on=entry["day"],
                over_establishment_reason=entry["reason"],
                push_down=entry.get("push_down", ""),
                applied_by=self.actor,
                applied_at=moment(entry["day"]),
            )
            for entry, document in zip(plan, documents, strict=True)
        ]
        create(
            Adjustment,
            adjustments,
            history=self.history,
            day=lambda a: a.effective_on,
            document=lambda a: a.document.number,
        )
        current = defaultdict(int)
        pool = defaultdict(int)
        types = sorted({(line.row.establishment_type) for line in lines})
        for kind in types:
            pool[kind] = POOL_START[kind]
        rows = []
        reason_now = {}
        peak = defaultdict(int)
        totals = defaultdict(int)
        for entry, adjustment in zip(plan, adjustments, strict=True):
            for target, delta in entry["lines"]:
                kind = (
                    target.row.establishment_type
                    if target
                    else entry["lines"][0][0].row.establishment_type
                )
                if target is None:
                    before = pool[kind]
                    pool[kind] += delta
                    rows.append(
                        AdjustmentLine(
                            adjustment=adjustment,
                            institution=None,
                            establishment_type=kind,
                            funding_form="",
                            pool_purpose=PoolPurpose.GENERAL,
                            delta=delta,
                            approved_before=before,
                            approved_after=before + delta,
                        )
                    )
                    continue
                before = current[target]
                current[target] += delta
                totals[kind] += delta
                rows.append(
                    AdjustmentLine(
                        adjustment=adjustment,
                        institution=target.unit.institution,
                        establishment_type=kind,
                        funding_form=target.row.funding_form,
                        delta=delta,
                        approved_before=before,
                        approved_after=before + delta,
                    )
                )
                if entry["reason"]:
                    reason_now[target] = entry["reason"]
                values = {
                    "approved": current[target],
                    "over_establishment_reason": reason_now.get(target, ""),
                }
                self.history.add(
                    Version(
                        target.row,
                        entry["day"],
                        "+" if before == 0 and entry["kind"] == AdjustmentKind.INITIAL else "~",
                        adjustment.document.number,
                        values,
                        hour=10,
                    )
                )
            for kind in types:
                peak[kind] = max(peak[kind], totals[kind] + pool[kind])
        create(
            AdjustmentLine,
            rows,
            history=self.history,
            day=lambda r: r.adjustment.effective_on,
            document=lambda r: r.adjustment.document.number,
        )
        for line in lines:
            assert current[line] == line.approved, (line.key, current[line], line.approved)
            line.row.approved = line.approved
        QuotaLine.objects.bulk_update(
            [line.row for line in lines], ["approved", "over_establishment_reason"], batch_size=5000
        )
        document = self._doc(
            region,
            f"关于核定{region.name}机构编制总量的通知",
            self.start - datetime.timedelta(days=30),
        )
        create(ApprovalDocument, [document], history=self.history, day=document.issued_on)
        create(
            RegionTotal,
            [
                RegionTotal(
                    region=region,
                    establishment_type=kind,
                    total=peak[kind] + max(5, peak[kind] // 50),
                    document=document,
                )
                for kind in types
            ],
            history=self.history,
            day=document.issued_on,
            document=document.number,
        )
        balances = [
            PoolBalance(region=region, establishment_type=kind, balance=pool[kind])
            for kind in types
        ]
        create(PoolBalance, balances, history=self.history, day=self.start)

    # leadership quotas

    def _leadership(self, region, units) -> None:
        day = self.start
        document = self._doc(region, f"关于核定{region.name}各单位领导职数的通知", day)
        create(ApprovalDocument, [document], history=self.history, day=day)
        quotas = []
        for unit in sorted(units, key=lambda u: u.institution.pk):
            institution = unit.institution
            low, high = DEPUTIES.get(unit.profile, (1, 2))
            quotas.append(
                LeadershipQuota(
                    institution=institution,
                    post_kind=PostKind.UNIT_HEAD,
                    approved=1,
                    document=document,
                )
            )
            quotas.append(
                LeadershipQuota(
                    institution=institution,
                    post_kind=PostKind.UNIT_DEPUTY,
                    approved=self.rng.randint(low, high),
                    document=document,
                )
            )
            for department in unit.department_rows:
                quotas.append(
                    LeadershipQuota(
                        institution=institution,
                        department=department,
                        post_kind=PostKind.DEPARTMENT_HEAD,
                        approved=1,
                        document=document,
                    )
                )
        create(
            LeadershipQuota,
            quotas,
            history=self.history,
            day=lambda q: max(day, q.institution.established_on),
            document=document.number,
        )
        for quota in quotas:
            unit_quotas = self.quotas.setdefault(quota.institution_id, {})
            unit_quotas[(quota.post_kind, quota.department_id)] = quota


class _NoHistory:
    """Quota lines are recorded by the adjustments that set them (their first row is the
    initial approval), not at insertion."""

    def add(self, version) -> None:
        pass
