"""The city's people: everyone on each line (leaders first), a few past their retirement month,
the leavers of the last three years with their ended records, the permits they entered on, the
leaders' appointments and this year's open permits."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from orgs.models import ApprovalDocument, Region
from people import idcrypto
from people.choices import EndReason, EntryWay, PersonCategory, PostCategory, RecordStatus, Sex
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from people.retirement import retirement_group, retirement_month
from sampledata.demo.people.maker import PeopleMaker
from sampledata.demo.people.profiles import Entrant, add_months, month_start
from staffing.choices import PermitPurpose, PermitStatus, PostKind
from staffing.models import UsagePermit

from . import careers
from .bulk import HistoryWriter, Version, create
from .lines import WORKER, Line

PURPOSES = {
    EntryWay.CIVIL_SERVICE_EXAM: PermitPurpose.EXAMINATION,
    EntryWay.PUBLIC_RECRUITMENT: PermitPurpose.EXAMINATION,
    EntryWay.TRANSFER_IN: PermitPurpose.TRANSFER_IN,
    EntryWay.VETERAN: PermitPurpose.VETERAN,
    EntryWay.TALENT: PermitPurpose.TALENT,
}
LEAVER_SHARE = 0.035
OVERDUE_SHARE = 0.0015
OPEN_PERMIT_SHARE = 0.06
EXIT_TITLES = {
    EndReason.RETIREMENT: "关于{}等同志退休的通知",
    EndReason.TRANSFER_OUT: "关于{}等同志工作调动的通知",
    EndReason.INTERNAL_TRANSFER: "关于{}等同志工作调动的通知",
    EndReason.RESIGNATION: "关于同意{}等同志辞职的批复",
}


@dataclass
class Seated:
    """What the change requests need to know of the people just created."""

    entries: dict = field(default_factory=lambda: defaultdict(list))  # permit → records
    exits: list = field(default_factory=list)  # ended records
    active: list = field(default_factory=list)  # a sample of active records


class StaffBuilder:
    def __init__(self, rng, history: HistoryWriter, tree, actor, today, career_rng):
        self.rng = rng
        # Its own stream, so the careers leave the rest of the city as the seed made it.
        self.career_rng = career_rng
        self.history = history
        self.tree = tree
        self.actor = actor
        self.today = today
        self.maker = PeopleMaker(rng, today, unique_names=False)
        # ID numbers are unique in the deployment, not only in this city.
        self.maker.id_numbers.update(
            number[:17]
            for number in idcrypto.decrypt_many(
                Person.objects.values_list("id_number_encrypted", flat=True)
            )
        )
        self.permit_serials: dict[int, int] = {}
        self.recent = today - datetime.timedelta(days=3 * 365)

    # --- who sits where ----------------------------------------------------------------------

    def _entrants(self, line: Line, main: bool) -> list[Entrant]:
        unit = line.unit
        institution = unit.institution
        departments = [d.name for d in unit.department_rows]
        key = line.key
        planned = []
        if main:
            for post in self._posts(line):
                if len(planned) < line.occupied:
                    planned.append(self.maker.leader(key, institution, departments, post))
        while len(planned) < line.occupied:
            if self.rng.random() < OVERDUE_SHARE:
                planned.append(self._retiree(key, institution, departments, overdue=True))
            else:
                planned.append(self.maker.staff(key, institution, departments))
        for _ in range(round(line.occupied * LEAVER_SHARE)):
            leaver = self._leaver(key, institution, departments)
            if leaver is not None:
                planned.append(leaver)
        return planned

    def _posts(self, line: Line) -> list[tuple]:
        posts = []
        quotas = line.unit_quotas
        if self.rng.random() < 0.96:
            posts.append((PostKind.UNIT_HEAD, "", ""))
        deputies = quotas[(PostKind.UNIT_DEPUTY, None)].approved
        posts += [(PostKind.UNIT_DEPUTY, "", "")] * (deputies - (self.rng.random() < 0.3))
        for department in line.unit.department_rows:
            if self.rng.random() < 0.85:
                posts.append((PostKind.DEPARTMENT_HEAD, department.name, ""))
        return posts

    def _retiree(self, key, institution, departments, *, overdue: bool, months_ago: int = 0):
        male = self.rng.random() < 0.55
        worker = key[1] == WORKER
        group = retirement_group(is_male=male, worker_post=worker)
        months = months_ago or self.rng.randint(1, 8)
        birth = self.maker.birth_retiring_in(add_months(month_start(self.today), -months), group)
        entrant = self.maker._person(
            key,
            institution,
            departments,
            post_category=PostCategory.WORKER if worker else PostCategory.MANAGEMENT,
            male=male,
            birth=birth,
        )
        entrant.ends_on = None if overdue else retirement_month(birth, group)
        return entrant

    def _leaver(self, key, institution, departments) -> Entrant | None:
        draw = self.rng.random()
        if draw < 0.6:
            entrant = self._retiree(
                key, institution, departments, overdue=False, months_ago=self.rng.randint(2, 34)
            )
            entrant.special = EndReason.RETIREMENT
        else:
            entrant = self.maker.staff(key, institution, departments)
            entrant.special = EndReason.TRANSFER_OUT if draw < 0.85 else EndReason.RESIGNATION
            entrant.ends_on = self.today - datetime.timedelta(days=self.rng.randint(30, 1000))
        if entrant.ends_on is None or entrant.ends_on <= entrant.entry_on + datetime.timedelta(30):
            return None
        return entrant

    # --- writing -----------------------------------------------------------------------------

    def build(self, region: Region, lines: list[Line], quotas: dict) -> Seated:
        seated = Seated()
        mains = set()
        for line in lines:
            line.unit_quotas = quotas[line.unit.institution.pk]
            if line.unit not in mains and line.row.establishment_type != WORKER:
                mains.add(line.unit)
                line.is_main = True
        placed = []  # (line, entrant)
        for line in lines:
            for entrant in self._entrants(line, getattr(line, "is_main", False)):
                placed.append((line, entrant))
        earlier_posts = careers.earlier_posts(self.career_rng, placed, lines, before=self.recent)
        people = [self._person(region, entrant) for _, entrant in placed]
        create(Person, people, history=self.history, day=lambda p: p._entry_on)
        person_of = {id(e): person for (_, e), person in zip(placed, people, strict=True)}
        placed += earlier_posts
        permits = self._permits(placed)
        documents = self._exit_documents(region, placed)
        records = []
        for line, entrant in placed:
            person = person_of[id(getattr(entrant, "career_of", entrant))]
            departments = {d.name: d for d in line.unit.department_rows}
            ended = entrant.ends_on is not None
            record = EstablishmentRecord(
                person=person,
                quota_line=line.row,
                department=departments.get(entrant.department),
                post_category=entrant.post_category,
                person_category=entrant.person_category,
                job_title=entrant.job_title,
                entry_way=entrant.entry_way,
                entry_on=entrant.entry_on,
                permit=permits.get(id(entrant)),
                status=RecordStatus.ENDED if ended else RecordStatus.ACTIVE,
                ended_on=entrant.ends_on,
                end_reason=entrant.special if ended else "",
                end_document=documents.get(id(entrant)),
            )
            entrant.record = record
            records.append(record)
        EstablishmentRecord.objects.bulk_create(records, batch_size=5000)
        for record in records:
            permit = record.permit
            self.history.add(
                Version(
                    record,
                    record.entry_on,
                    document=permit.number if permit else "",
                    values={
                        "status": RecordStatus.ACTIVE,
                        "ended_on": None,
                        "end_reason": "",
                        "end_document_id": None,
                    },
                )
            )
            if record.status == RecordStatus.ENDED:
                self.history.add(
                    Version(record, record.ended_on, "~", record.end_document.number, hour=11)
                )
                if record.ended_on >= self.recent:
                    seated.exits.append(record)
            elif permit is not None:
                seated.entries[permit].append(record)
            elif self.rng.random() < 0.005:
                seated.active.append(record)
        self._appoint(region, placed)
        self._open_permits(lines)
        return seated

    def _person(self, region: Region, entrant: Entrant) -> Person:
        number = entrant.id_number
        person = Person(
            **entrant.person_fields(),
            region=region,
            birth_date=datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
            sex=Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
        )
        person._entry_on = getattr(entrant, "career_started_on", entrant.entry_on)
        return person

    def _permit_number(self, day: datetime.date) -> str:
        """Serials run 1, 2, … per year across the deployment, as the service numbers them."""
        if day.year not in self.permit_serials:
            self.permit_serials[day.year] = UsagePermit.objects.filter(
                issued_on__year=day.year
            ).count()
        self.permit_serials[day.year] += 1
        return settings.BIANZHI["PERMIT_NUMBER_FORMAT"].format(
            prefix=settings.BIANZHI["PERMIT_NUMBER_PREFIX"],
            year=day.year,
            serial=self.permit_serials[day.year],
        )

    def _permits(self, placed) -> dict[int, UsagePermit]:
        """One permit per line, year and purpose for the entries of the last three years,
        issued a few weeks before the first of them and expired once its term ran out."""
        batches = defaultdict(list)
        for line, entrant in placed:
            if entrant.entry_on >= self.recent:
                purpose = PURPOSES.get(entrant.entry_way, PermitPurpose.OTHER)
                batches[(line, entrant.entry_on.year, purpose)].append(entrant)
        permits, owners = [], {}
        for (line, _, purpose), group in sorted(
            batches.items(), key=lambda item: min(e.entry_on for e in item[1])
        ):
            first = min(e.entry_on for e in group)
            last = max(e.entry_on for e in group)
            issued_on = first - datetime.timedelta(days=self.rng.randint(10, 40))
            expires_on = max(last, issued_on + datetime.timedelta(days=180))
            lapsed = expires_on < self.today
            permit = UsagePermit(
                number=self._permit_number(issued_on),
                quota_line=line.row,
                count=len(group),
                purpose=purpose,
                issued_on=issued_on,
                expires_on=expires_on,
                status=PermitStatus.EXPIRED if lapsed else PermitStatus.OPEN,
                closed_on=expires_on + datetime.timedelta(days=1) if lapsed else None,
            )
            permits.append(permit)
            for entrant in group:
                owners[id(entrant)] = permit
        UsagePermit.objects.bulk_create(permits, batch_size=5000)
        for permit in permits:
            self.history.add(
                Version(
                    permit,
                    permit.issued_on,
                    values={"status": PermitStatus.OPEN, "closed_on": None},
                )
            )
            if permit.closed_on:
                self.history.add(Version(permit, permit.closed_on, "~", hour=8))
        return owners

    def _exit_documents(self, region: Region, placed) -> dict[int, ApprovalDocument]:
        """One document per month and reason for the people who left."""
        groups = defaultdict(list)
        for _, entrant in placed:
            if entrant.ends_on is not None:
                groups[(entrant.ends_on.year, entrant.ends_on.month, entrant.special)].append(
                    entrant
                )
        documents, owners = [], {}
        prefix, issuer = f"{region.name[:1]}人社", f"{region.name}人力资源和社会保障局"
        for (year, month, reason), group in sorted(groups.items()):
            day = datetime.date(year, month, 1) - datetime.timedelta(days=10)
            document = self.tree.document(
                region, prefix, issuer, EXIT_TITLES[reason].format(group[0].name), day
            )
            documents.append(document)
            for entrant in group:
                owners[id(entrant)] = document
        create(ApprovalDocument, documents, history=self.history, day=lambda d: d.issued_on)
        return owners

    def _appoint(self, region: Region, placed) -> None:
        """Every leader appointed some months after entering, by the month's appointment
        document of the county's organisation department."""
        latest = self.today - datetime.timedelta(days=60)
        leaders = [(line, e) for line, e in placed if e.post is not None and e.ends_on is None]
        days = {}
        for _, entrant in leaders:
            earliest = entrant.entry_on + datetime.timedelta(days=30)
            span = max((latest - earliest).days, 0)
            days[id(entrant)] = min(
                earliest + datetime.timedelta(days=self.rng.randint(0, span)), latest
            )
            days[id(entrant)] = max(days[id(entrant)], entrant.entry_on)
        months = sorted({(d.year, d.month) for d in days.values()})
        prefix, issuer = f"{region.name[:1]}组干", f"中共{region.name}委组织部"
        documents = {
            month: self.tree.document(
                region, prefix, issuer, "关于干部职务任免的通知", datetime.date(*month, 1)
            )
            for month in months
        }
        create(
            ApprovalDocument,
            list(documents.values()),
            history=self.history,
            day=lambda d: d.issued_on,
        )
        appointments = []
        for line, entrant in leaders:
            kind, department_name, _ = entrant.post
            department = next(
                (d for d in line.unit.department_rows if d.name == department_name), None
            )
            quota = line.unit_quotas[(kind, department.pk if department else None)]
            started_on = days[id(entrant)]
            appointments.append(
                LeadershipAppointment(
                    person=entrant.record.person,
                    quota=quota,
                    title=entrant.job_title or PersonCategory(entrant.person_category).label,
                    started_on=started_on,
                    start_document=documents[(started_on.year, started_on.month)],
                )
            )
        create(
            LeadershipAppointment,
            appointments,
            history=self.history,
            day=lambda a: a.started_on,
            document=lambda a: a.start_document.number,
        )

    def _open_permits(self, lines: list[Line]) -> None:
        """This year's open permits, never more than a line's vacancy (rule 2)."""
        permits = []
        for line in lines:
            vacancy = line.approved - line.occupied
            if vacancy >= 1 and self.rng.random() < OPEN_PERMIT_SHARE:
                issued_on = self.today - datetime.timedelta(days=self.rng.randint(10, 150))
                permits.append(
                    UsagePermit(
                        number=self._permit_number(issued_on),
                        quota_line=line.row,
                        count=self.rng.randint(1, min(3, vacancy)),
                        purpose=PermitPurpose.EXAMINATION,
                        issued_on=issued_on,
                        expires_on=issued_on + datetime.timedelta(days=180),
                        notes="年度公开招聘",
                    )
                )
        create(UsagePermit, permits, history=self.history, day=lambda p: p.issued_on)
