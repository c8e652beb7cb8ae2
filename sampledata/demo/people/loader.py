"""Loading the demo people once, in one transaction, and counting what was created."""

import datetime
import random
from collections import Counter, defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orgs import services as org_services
from orgs.choices import Status
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region
from people import services
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from sampledata.demo import staffing as establishment
from sampledata.demo.orgs import COUNTY_CODE, DEMO_REASON
from staffing import services as staffing_services
from staffing.choices import PermitPurpose, PostKind
from staffing.models import Adjustment, LeadershipQuota, QuotaLine, UsagePermit

from .maker import PeopleMaker
from .profiles import Entrant, appointing_body
from .scenarios import (
    CANCEL_REASON,
    COUNT_KEYS,
    CURRENT_PERMITS,
    END_REASONS,
    EXIT_DESTINATIONS,
    EXIT_DOCUMENTS,
    LEAVING_KINDS,
    OVER_QUOTA_INSTITUTION,
    PURPOSE_NOTES,
    PURPOSE_OF_ENTRY,
    ROUND_FLOORS,
    ROUND_PERIODS,
    SEED,
    SPECIALS,
    TRANSFER_DAYS_AGO,
    PermitScenario,
)


def _counts(region: Region) -> dict[str, int]:
    in_region = {"institution__region": region}
    return {
        "documents": ApprovalDocument.objects.filter(region=region).count(),
        "quota_lines": QuotaLine.objects.filter(**in_region).count(),
        "adjustments": Adjustment.objects.filter(region=region).count(),
        "permits": UsagePermit.objects.filter(quota_line__institution__region=region).count(),
        "people": Person.objects.filter(region=region).count(),
        "records": EstablishmentRecord.objects.filter(
            quota_line__institution__region=region
        ).count(),
        "leadership_quotas": LeadershipQuota.objects.filter(**in_region).count(),
        "appointments": LeadershipAppointment.objects.filter(
            quota__institution__region=region
        ).count(),
    }


def demo_establishment_exists(region: Region) -> bool:
    return QuotaLine.objects.filter(institution__region=region).exists()


def load_demo_people(*, actor, today: datetime.date | None = None) -> dict:
    """Load the demo county's establishment and people; return how many documents, quota
    lines, adjustments, permits, people, records, leadership quotas and appointments were
    created (all zero when the county already has quota lines). Needs the orgs demo loaded."""
    region = Region.objects.get(code=COUNTY_CODE)
    if demo_establishment_exists(region):
        return dict.fromkeys(COUNT_KEYS, 0)
    before = _counts(region)
    with transaction.atomic():
        _Loader(actor, region, today or timezone.localdate()).run()
    after = _counts(region)
    return {key: after[key] - before[key] for key in COUNT_KEYS}


class _Loader:
    def __init__(self, actor, region: Region, today: datetime.date):
        self.actor = actor
        self.region = region
        self.today = today
        self.rng = random.Random(SEED)
        self.institutions = {
            institution.full_name: institution
            for institution in Institution.objects.filter(
                region=region, status=Status.ACTIVE
            ).select_related("establishing_document", "parent")
        }
        self.departments: dict[str, list[InternalDepartment]] = defaultdict(list)
        for department in InternalDepartment.objects.filter(
            institution__region=region, status=Status.ACTIVE
        ).order_by("institution_id", "sort_order", "pk"):
            self.departments[department.institution.full_name].append(department)
        self.establishment = establishment.Establishment(
            actor=actor, region=region, institutions=self.institutions
        )
        self.maker = PeopleMaker(self.rng, today)
        self.serials: dict[tuple[str, int], int] = {}
        self.entrants: list[Entrant] = []
        self.posts: list[establishment.PostSpec] = []
        self.last_expiry_run = datetime.date.min
        self.permit_numbers: list[str] = []

    def run(self) -> None:
        lines = self.establishment.approve()
        self.plan(lines)
        self.enter_history()
        self.establishment.adjust_later()
        permits = self.issue_current_permits()
        self.establishment.approve_leadership(self.posts, self.departments)
        self.appoint()
        self.leave_and_transfer(permits)
        staffing_services.permits_expire(today=self.today, actor=self.actor)

    # --- who goes where --------------------------------------------------------------------

    def plan(self, lines: dict) -> None:
        """Decide every line's people: leaders on the main line, the specials, staff to a fill
        of 70–100 %, minus the vacancies the later adjustments and current permits need."""
        reserved = establishment.reserved_for_adjustments()
        allocated = {
            (name, kind, funding): delta
            for name, kind, funding, delta in establishment.ALLOCATE_LINES
        }
        scenario_slots: dict = defaultdict(int)
        for scenario in CURRENT_PERMITS:
            scenario_slots[scenario.line] += scenario.count
        for key, slots in scenario_slots.items():
            reserved[key] += max(0, slots - allocated.get(key, 0))
        specials = defaultdict(list)
        for special in SPECIALS:
            specials[special.line].append(special)
        merged = establishment.merged_lines()
        for key, line in lines.items():
            self.maker.round_periods[key] = ROUND_PERIODS[
                next(i for i, floor in enumerate(ROUND_FLOORS) if line.approved >= floor)
            ]
        for key, line in lines.items():
            institution = self.institutions[key[0]]
            leaving = [s for s in specials[key] if s.kind in LEAVING_KINDS]
            if key in merged:
                size = line.approved
            else:
                size = min(round(line.approved * self._fill()), line.approved - reserved[key])
                size -= len(leaving)
            self._plan_line(key, line, institution, size, specials[key])
        for scenario in CURRENT_PERMITS:
            for _ in range(scenario.used):
                self.entrants.append(self._recruit(scenario))

    def _fill(self) -> float:
        draw = self.rng.random()
        if draw < 0.12:
            return 1.0
        if draw < 0.5:
            return self.rng.uniform(0.9, 1.0)
        if draw < 0.82:
            return self.rng.uniform(0.8, 0.9)
        return self.rng.uniform(0.7, 0.8)

    def _plan_line(self, key, line, institution, size, specials) -> None:
        departments = [d.name for d in self.departments[institution.full_name]]
        planned: list[Entrant] = []
        for special in specials:
            planned.append(self.maker.special(key, institution, departments, special))
        holders = defaultdict(int)
        for entrant in planned:
            if entrant.post:
                holders[entrant.post] += 1
        active_specials = sum(1 for s in specials if s.kind not in LEAVING_KINDS)
        if key == establishment.main_line(institution.full_name):
            posts = establishment.leadership_plan(institution, departments)
            self.posts.extend(posts)
            room = size - active_specials
            for post in self._leaders_wanted(institution, posts, holders, room):
                planned.append(self.maker.leader(key, institution, departments, post))
        staff = size - sum(1 for e in planned if not e.leaves)
        for _ in range(max(staff, 0)):
            planned.append(self.maker.staff(key, institution, departments))
        self.entrants.extend(planned)

    def _leaders_wanted(self, institution, posts, holders, room):
        """One (post kind, department, post title) per holder still to seat: every head but a
        few, most deputies and department heads, one deputy beyond the quota at the over-quota
        unit; never more leaders than the line has people."""
        wanted = []
        for post in posts:
            key = (post.post_kind, post.department, post.post_title)
            if post.post_kind == PostKind.UNIT_HEAD:
                filled = 0 if self.rng.random() < 0.04 else 1
            elif post.post_kind == PostKind.UNIT_DEPUTY:
                filled = post.approved - (1 if self.rng.random() < 0.3 else 0)
                if institution.full_name == OVER_QUOTA_INSTITUTION:
                    filled = post.approved + 1
            elif post.post_kind == PostKind.DEPARTMENT_HEAD:
                filled = 1 if self.rng.random() < 0.85 else 0
            else:
                filled = post.approved
            wanted += [key] * (filled - holders[key])
        # Department heads go first, then deputies, when a small unit cannot seat them all.
        while len(wanted) > room:
            wanted.remove(
                next(
                    (w for w in reversed(wanted) if w[0] == PostKind.DEPARTMENT_HEAD),
                    wanted[-1],
                )
            )
        return wanted

    def _recruit(self, scenario: PermitScenario) -> Entrant:
        institution = self.institutions[scenario.line[0]]
        departments = [d.name for d in self.departments[institution.full_name]]
        earliest = self.today - datetime.timedelta(days=scenario.issued_days_ago - 14)
        entry_on = earliest + datetime.timedelta(
            days=self.rng.randint(0, max((self.today - earliest).days - 3, 0))
        )
        entrant = self.maker.recruit(scenario.line, institution, departments, scenario.purpose)
        entrant.entry_on = entry_on
        entrant.work_started_on = min(entrant.work_started_on, entry_on)
        entrant.scenario = scenario
        return entrant

    # --- entering --------------------------------------------------------------------------

    def _document(self, prefix, issuer, title, issued_on, institutions) -> ApprovalDocument:
        key = (prefix, issued_on.year)
        serial = self.serials.get(key) or self.rng.randint(3, 12)
        self.serials[key] = serial + self.rng.randint(1, 3)
        return org_services.document_create(
            actor=self.actor,
            reason=DEMO_REASON,
            number=f"{prefix}〔{issued_on.year}〕{serial}号",
            title=title,
            issuer=issuer,
            issued_on=issued_on,
            region=self.region,
            institutions=institutions,
        )

    def _expire_until(self, day: datetime.date) -> None:
        """The office's yearly sweep: on the first of January, lapsed permits marked expired."""
        new_year = datetime.date(day.year, 1, 1)
        if new_year > self.last_expiry_run:
            staffing_services.permits_expire(today=new_year, actor=self.actor)
            self.last_expiry_run = new_year

    def enter_history(self) -> None:
        """Everyone who entered before now, in date order: one permit per line, year and purpose,
        sized to the people entering under it, issued a few weeks before the first of them."""
        batches = defaultdict(list)
        for entrant in self.entrants:
            if entrant.scenario is None:
                purpose = PURPOSE_OF_ENTRY.get(entrant.entry_way, PermitPurpose.OTHER)
                batches[(entrant.key, entrant.entry_on.year, purpose)].append(entrant)
        ordered = []
        for (key, _, purpose), group in batches.items():
            first = min(e.entry_on for e in group)
            issued_on = first - datetime.timedelta(days=self.rng.randint(10, 40))
            ordered.append((issued_on, key, purpose, group))
        ordered.sort(key=lambda batch: (batch[0], batch[1], batch[2]))
        current = list(self.current_issue_dates().values())
        self._number_permits([batch[0] for batch in ordered] + current)
        for issued_on, key, purpose, group in ordered:
            self._expire_until(issued_on)
            last = max(e.entry_on for e in group)
            permit = staffing_services.permit_issue(
                quota_line=self.establishment.lines[key],
                count=len(group),
                purpose=purpose,
                issued_on=issued_on,
                expires_on=max(last, issued_on + datetime.timedelta(days=180)),
                actor=self.actor,
                number=self.permit_numbers.pop(0),
                notes=PURPOSE_NOTES[purpose],
            )
            for entrant in sorted(group, key=lambda e: e.entry_on):
                self._enter(entrant, permit)

    def current_issue_dates(self) -> dict[PermitScenario, datetime.date]:
        return {
            scenario: self.today - datetime.timedelta(days=scenario.issued_days_ago)
            for scenario in CURRENT_PERMITS
        }

    def _number_permits(self, issue_dates: list[datetime.date]) -> None:
        """Permit numbers in date order, whatever order the permits are issued in: the serial
        of each year continues after the permits the deployment already holds, as the service
        numbers them (``staffing.services.next_permit_number``)."""
        years = {day.year for day in issue_dates}
        serials = Counter(
            UsagePermit.objects.filter(issued_on__year__in=years).values_list(
                "issued_on__year", flat=True
            )
        )
        numbers = {}
        for index, day in sorted(enumerate(issue_dates), key=lambda item: (item[1], item[0])):
            serials[day.year] += 1
            numbers[index] = settings.BIANZHI["PERMIT_NUMBER_FORMAT"].format(
                prefix=settings.BIANZHI["PERMIT_NUMBER_PREFIX"],
                year=day.year,
                serial=serials[day.year],
            )
        self.permit_numbers = [numbers[index] for index in range(len(issue_dates))]

    def _enter(self, entrant: Entrant, permit: UsagePermit) -> None:
        person = services.person_register(
            actor=self.actor, region=self.region, reason=DEMO_REASON, **entrant.person_fields()
        )
        department = self._department(entrant.key[0], entrant.department)
        entrant.record = services.entry_register(
            person=person,
            quota_line=self.establishment.lines[entrant.key],
            permit=permit,
            post_category=entrant.post_category,
            entry_way=entrant.entry_way,
            entry_on=entrant.entry_on,
            actor=self.actor,
            department=department,
            person_category=entrant.person_category,
            job_title=entrant.job_title,
            reason=DEMO_REASON,
        )

    def _department(self, institution_name: str, name: str) -> InternalDepartment | None:
        if not name:
            return None
        return next(d for d in self.departments[institution_name] if d.name == name)

    def issue_current_permits(self) -> dict[str, UsagePermit]:
        """This year's permits: open with slots left, fully used, one cancelled after one
        entry, one expired unused, and the one the transfer will use."""
        recruits = defaultdict(list)
        for entrant in self.entrants:
            if entrant.scenario is not None:
                recruits[entrant.scenario].append(entrant)
        permits = {}
        numbers = dict(zip(CURRENT_PERMITS, self.permit_numbers, strict=True))
        for scenario, issued_on in sorted(self.current_issue_dates().items(), key=lambda i: i[1]):
            expires_on = issued_on + datetime.timedelta(days=scenario.valid_days)
            permit = staffing_services.permit_issue(
                quota_line=self.establishment.lines[scenario.line],
                count=scenario.count,
                purpose=scenario.purpose,
                issued_on=issued_on,
                expires_on=expires_on,
                actor=self.actor,
                number=numbers[scenario],
                notes=scenario.notes,
            )
            for entrant in sorted(recruits[scenario], key=lambda e: e.entry_on):
                self._enter(entrant, permit)
            if scenario.fate == "cancel":
                staffing_services.permit_cancel(
                    permit=permit, actor=self.actor, reason=CANCEL_REASON
                )
            elif scenario.fate == "expire":
                staffing_services.permits_expire(
                    today=expires_on + datetime.timedelta(days=1), actor=self.actor
                )
            permits[scenario.fate] = permit
        return permits

    # --- leadership ------------------------------------------------------------------------

    def appoint(self) -> None:
        """Appoint every planned leader: unit posts under one document of the appointing body,
        department heads under another; the over-quota deputy under a document that allows it."""
        quotas = self.establishment.leadership
        by_institution = defaultdict(list)
        for entrant in self.entrants:
            if entrant.post and entrant.record is not None:
                by_institution[entrant.key[0]].append(entrant)
        for name, leaders in by_institution.items():
            institution = self.institutions[name]
            unit = [e for e in leaders if e.post[0] != PostKind.DEPARTMENT_HEAD]
            departments = [e for e in leaders if e.post[0] == PostKind.DEPARTMENT_HEAD]
            over = []
            if name == OVER_QUOTA_INSTITUTION:
                deputies = [e for e in unit if e.post[0] == PostKind.UNIT_DEPUTY]
                over = deputies[-1:]
                unit = [e for e in unit if e not in over]
            for group, level in ((unit, "unit"), (departments, "department"), (over, "over")):
                if group:
                    self._appoint_group(institution, group, level, quotas)

    def _appoint_group(self, institution, group, level, quotas) -> None:
        """One appointment document for ``group``, dated after every member's entry and before
        any member's planned exit (their posts end with it)."""
        latest_entry = max(e.entry_on for e in group)
        if level == "over":
            started_on = self.today - datetime.timedelta(days=40)
        else:
            earliest = latest_entry + datetime.timedelta(days=30)
            latest = min(
                [self.today - datetime.timedelta(days=60)]
                + [e.ends_on - datetime.timedelta(days=90) for e in group if e.ends_on]
            )
            started_on = earliest + datetime.timedelta(
                days=self.rng.randint(0, max((latest - earliest).days, 0))
            )
        started_on = max(min(started_on, self.today), latest_entry)
        prefix, issuer = appointing_body(institution, departments=level == "department")
        names = group[0].name if len(group) == 1 else f"{group[0].name}等"
        document = self._document(
            prefix, issuer, f"关于{names}同志任职的通知", started_on, [institution]
        )
        over_quota_document = None
        if level == "over":
            over_quota_document = self._document(
                "示编函",
                "中共示例县委机构编制委员会办公室",
                f"关于同意{institution.full_name}超职数配备副职领导的复函",
                started_on - datetime.timedelta(days=10),
                [institution],
            )
        for entrant in group:
            kind, department, title = entrant.post
            services.appointment_start(
                person=entrant.record.person,
                quota=quotas[(institution.full_name, kind, department, title)],
                title=entrant.job_title,
                started_on=started_on,
                document=document,
                actor=self.actor,
                over_quota_document=over_quota_document,
                reason=DEMO_REASON,
            )

    # --- leaving ---------------------------------------------------------------------------

    def leave_and_transfer(self, permits: dict[str, UsagePermit]) -> None:
        """Retirements, transfers out and a resignation in date order; then the transfer from
        二中 to 一中 on the permit issued for it (rule 7: one transaction ends and opens)."""
        leaving = sorted(
            (e for e in self.entrants if e.ends_on is not None), key=lambda e: e.ends_on
        )
        for entrant in leaving:
            self._leave(entrant)
        mover = next(e for e in self.entrants if e.special == "transfer")
        moved_on = self.today - datetime.timedelta(days=TRANSFER_DAYS_AGO)
        source = self.institutions[mover.key[0]]
        target_key = next(s.line for s in CURRENT_PERMITS if s.fate == "transfer")
        target = self.institutions[target_key[0]]
        document = self._document(
            "示教人",
            "示例县教育局",
            f"关于{mover.name}同志工作调动的通知",
            moved_on - datetime.timedelta(days=7),
            [source, target],
        )
        departments = self.departments[target.full_name]
        services.transfer_register(
            record=mover.record,
            quota_line=self.establishment.lines[target_key],
            permit=permits["transfer"],
            transferred_on=moved_on,
            post_category=mover.post_category,
            actor=self.actor,
            department=departments[1] if len(departments) > 1 else None,
            job_title=mover.job_title,
            document=document,
            reason=DEMO_REASON,
        )

    def _leave(self, entrant: Entrant) -> None:
        institution = self.institutions[entrant.key[0]]
        reason = END_REASONS[entrant.special]
        prefix, issuer, title = EXIT_DOCUMENTS[reason]
        document = self._document(
            prefix,
            issuer,
            title.format(entrant.name),
            entrant.ends_on - datetime.timedelta(days=10),
            [institution],
        )
        services.exit_register(
            record=entrant.record,
            ended_on=entrant.ends_on,
            end_reason=reason,
            actor=self.actor,
            end_document=document,
            reason=DEMO_REASON,
            destination=EXIT_DESTINATIONS.get(reason, ""),
        )
