"""Each generated region's pools with a purpose (rule 26) and talent special quotas (rule 27),
written through the services like the demo county's: a 急需紧缺人才周转池 split off the 统筹编制
pool, loans of it to units (one past its due date), and a 高层次人才专项编制 with a permit issued on
it in an over-established unit (its holder not yet entered: the city holds exactly the people
asked for). A handful of rows per region: they exercise the pages, not the scale."""

import datetime

from orgs.models import ApprovalDocument, Region
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, PoolPurpose
from staffing.models import PoolBalance, QuotaLine
from staffing.pools import loan_lend
from staffing.selectors import with_figures
from staffing.services import LineChange
from staffing.special_quotas import special_permit_issue, special_quota_grant

from .bulk import create
from .lines import Line

PUBLIC = EstablishmentType.PUBLIC
TALENT_SHARE = 4
LOANS = 2


class PoolBuilder:
    def __init__(self, rng, history, tree, actor, today: datetime.date, permit_number):
        # The generator numbers its permits itself (``StaffBuilder._permit_number``): these
        # take the next serials from it, so that its later regions do not repeat them.
        self.permit_number = permit_number
        self.rng = rng
        self.history = history
        self.tree = tree
        self.actor = actor
        self.today = today

    def _doc(self, region: Region, title: str, day: datetime.date) -> ApprovalDocument:
        document = self.tree.document(
            region, f"{region.name[:1]}编发", f"中共{region.name}委机构编制委员会", title, day
        )
        create(ApprovalDocument, [document], history=self.history, day=day)
        return document

    def build(self, region: Region, lines: list[Line]) -> dict:
        """Returns how many loans and special quotas it wrote."""
        counts = {"loans": 0, "special_quotas": 0}
        general = PoolBalance.objects.filter(
            region=region, establishment_type=PUBLIC, purpose=PoolPurpose.GENERAL
        ).first()
        if general is None or general.balance < TALENT_SHARE + 1:
            return counts
        start = self.today - datetime.timedelta(days=300)
        setup = self._doc(region, "关于设立急需紧缺人才用编周转池的通知", start)
        services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.ALLOCATE,
            summary=f"从统筹编制划出事业编制 {TALENT_SHARE} 名设立急需紧缺人才用编周转池",
            document=setup,
            effective_on=start,
            lines=[
                LineChange(PUBLIC, -TALENT_SHARE, pool_purpose=PoolPurpose.GENERAL),
                LineChange(PUBLIC, TALENT_SHARE, pool_purpose=PoolPurpose.TALENT),
            ],
            actor=self.actor,
        )
        talent = PoolBalance.objects.get(
            region=region, establishment_type=PUBLIC, purpose=PoolPurpose.TALENT
        )
        public = [line.row.pk for line in lines if line.row.establishment_type == PUBLIC]
        figures = list(
            with_figures(
                QuotaLine.objects.filter(pk__in=public).select_related("institution").order_by("pk")
            )
        )
        lendable = [line for line in figures if line.available >= 0 and line.in_force > 0]
        for index, line in enumerate(self.rng.sample(lendable, min(LOANS, len(lendable)))):
            overdue = index == 1
            lent_on = start + datetime.timedelta(days=30 + 60 * index)
            document = self._doc(
                region, f"关于{line.institution.full_name}借用人才周转池编制的批复", lent_on
            )
            loan_lend(
                pool=talent,
                institution=line.institution,
                funding_form=line.funding_form,
                count=1,
                purpose="引进急需紧缺专业人才",
                document=document,
                lent_on=lent_on,
                returns_on_leave=not overdue,
                due_on=self.today - datetime.timedelta(days=15)
                if overdue
                else self.today + datetime.timedelta(days=365),
                permit_expires_on=lent_on + datetime.timedelta(days=90) if overdue else None,
                permit_number=self.permit_number(lent_on),
                actor=self.actor,
            )
            counts["loans"] += 1
        # Rule 27 grants it to a full or over-established unit: an over-established one if any.
        over = next((line for line in figures if line.over > 0), None) or next(
            (line for line in figures if line.in_force > 0 and line.available <= 0), None
        )
        if over is not None:
            approved_on = self.today - datetime.timedelta(days=150)
            document = self._doc(
                region, f"关于核定{over.institution.full_name}高层次人才专项编制的批复", approved_on
            )
            general.refresh_from_db()
            special = special_quota_grant(
                quota_line=over,
                source=general,
                count=1,
                talent="急需学科领域博士",
                document=document,
                approved_on=approved_on,
                actor=self.actor,
            )
            # Issued, not yet used: the city holds exactly the people asked for.
            special_permit_issue(
                special_quota=special,
                count=1,
                issued_on=approved_on,
                expires_on=self.today + datetime.timedelta(days=90),
                number=self.permit_number(approved_on),
                actor=self.actor,
            )
            counts["special_quotas"] += 1
        return counts
