"""Generating the people of each unit and entering them through the services."""

import datetime
import random

from orgs.choices import ORGAN_KINDS, InstitutionKind, System
from orgs.models import Institution
from people.choices import (
    Degree,
    Education,
    EntryWay,
    PoliticalStatus,
    PostCategory,
)
from people.idnumbers import check_character
from people.retirement import RetirementGroup, retirement_group, retirement_month
from sampledata.demo import staffing as establishment
from staffing.choices import PermitPurpose, PostKind

from .profiles import (
    BIRTHPLACE_WEIGHTS,
    BIRTHPLACES,
    FEMALE_CHARS,
    LEADER_AGES,
    LEADER_CATEGORIES,
    MALE_CHARS,
    MALE_SHARE,
    MINORITIES,
    OFFICE_WORDS,
    ORGAN_LADDERS,
    PROFESSIONAL_LADDERS,
    PROFESSIONAL_SHARE,
    RESERVED_NAMES,
    ROLE_DEPARTMENTS,
    START_AGE,
    SURNAMES,
    WORKER_JOBS,
    Entrant,
    add_months,
    department_head_title,
    is_civil_service,
    month_start,
    profile_of,
    unit_titles,
    years_after,
)
from .scenarios import END_REASONS, Special


class PeopleMaker:
    """Fictional, plausible people with unique, valid ID numbers (rule 11) whose birth date and
    sex digit match the person.

    The demo county's names are unique but for its planned duplicates, so its duplicate list
    shows exactly them; ``unique_names=False`` lets names repeat as they do in a city, where
    thousands of people share a name with someone else in post."""

    def __init__(self, rng: random.Random, today: datetime.date, *, unique_names: bool = True):
        self.rng = rng
        self.today = today
        self.unique_names = unique_names
        self.names: set[str] = set(RESERVED_NAMES)
        self.id_numbers: set[str] = set()
        # Everyone not planned as overdue retires at least three months from now.
        self.retire_after = add_months(month_start(today), 3)
        # A line recruits every ``period`` years; a round's entrants share one permit.
        self.round_periods: dict[establishment.LineKey, int] = {}
        self.round_offsets: dict[establishment.LineKey, int] = {}
        self.round_days: dict[tuple, datetime.date] = {}
        # Lines a later adjustment reduces: nobody enters them after it (sampledata.demo.staffing).
        self.deadlines = {
            key: day - datetime.timedelta(days=30)
            for key, day in establishment.entry_deadlines().items()
        }

    # identity

    def _name(self, male: bool) -> str:
        chars = MALE_CHARS if male else FEMALE_CHARS
        while True:
            surname = self.rng.choice(SURNAMES)
            given = self.rng.sample(chars, 1 if self.rng.random() < 0.3 else 2)
            name = surname + "".join(given)
            if not self.unique_names:
                return name
            if name not in self.names:
                self.names.add(name)
                return name

    def _id_number(self, birth: datetime.date, male: bool) -> tuple[str, str]:
        while True:
            code = self.rng.choices(list(BIRTHPLACES), weights=BIRTHPLACE_WEIGHTS)[0]
            sex_digit = self.rng.choice("13579" if male else "02468")
            first17 = f"{code}{birth:%Y%m%d}{self.rng.randint(0, 99):02d}{sex_digit}"
            if first17 not in self.id_numbers:
                self.id_numbers.add(first17)
                return first17 + check_character(first17), self.rng.choice(BIRTHPLACES[code])

    def _birth(self, age: int, group: RetirementGroup) -> datetime.date:
        birth = self.today - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))
        while retirement_month(birth, group) < self.retire_after:
            birth = birth.replace(year=birth.year + 1, day=min(birth.day, 28))
        return birth

    def birth_retiring_in(self, month: datetime.date, group: RetirementGroup) -> datetime.date:
        """A birth date whose retirement month (rule 10) is ``month``, or the nearest earlier
        month in which somebody retires (the rise leaves some months without retirees)."""
        rule = group.value
        for back in range(12):
            target = add_months(month, -back)
            for age in range(rule.base_years * 12, rule.base_years * 12 + rule.cap_months + 1):
                birth = add_months(target, -age)
                if retirement_month(birth, group) == target:
                    return birth.replace(day=self.rng.randint(1, 28))
        raise ValueError(f"nobody retires near {month}")

    # attributes

    def _chance(self, share: float) -> bool:
        return self.rng.random() < share

    def _pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def _education(self, role: str, post_category: str, age: int) -> str:
        if post_category == PostCategory.WORKER:
            options = ((Education.HIGH_SCHOOL, 45), (Education.SECONDARY_VOCATIONAL, 30))
            options += ((Education.COLLEGE, 15), (Education.JUNIOR, 10))
        elif role == "doctor":
            options = ((Education.BACHELOR, 65), (Education.MASTER, 25), (Education.COLLEGE, 10))
        elif role == "nurse":
            options = ((Education.COLLEGE, 50), (Education.BACHELOR, 42))
            options += ((Education.SECONDARY_VOCATIONAL, 8),)
        elif age < 40:
            options = ((Education.BACHELOR, 78), (Education.MASTER, 14), (Education.COLLEGE, 8))
        else:
            options = ((Education.BACHELOR, 60), (Education.COLLEGE, 32))
            options += ((Education.MASTER, 5), (Education.SECONDARY_VOCATIONAL, 3))
        return self._pick(options)

    def _degree(self, education: str) -> str:
        if education == Education.DOCTORATE:
            return Degree.DOCTOR
        if education == Education.MASTER:
            return Degree.MASTER
        if education == Education.BACHELOR and self._chance(0.85):
            return Degree.BACHELOR
        return Degree.NONE

    def _political(self, institution: Institution, age: int, leader: bool) -> str:
        if institution.system == System.DEMOCRATIC_PARTY:
            return PoliticalStatus.DEMOCRATIC_PARTY
        if leader:
            return PoliticalStatus.PARTY_MEMBER
        party = 0.8 if is_civil_service(institution) else 0.45
        if age <= 28:
            return self._pick(
                (
                    (PoliticalStatus.PARTY_MEMBER, round(party * 50)),
                    (PoliticalStatus.PROBATIONARY, 5),
                    (PoliticalStatus.LEAGUE_MEMBER, 40),
                    (PoliticalStatus.MASSES, 20),
                )
            )
        return self._pick(
            (
                (PoliticalStatus.PARTY_MEMBER, round(party * 100)),
                (PoliticalStatus.DEMOCRATIC_PARTY, 4),
                (PoliticalStatus.NON_PARTY, 2),
                (PoliticalStatus.MASSES, round((1 - party) * 100)),
            )
        )

    def _rank(self, age: int, steps: int) -> int:
        """Seniority on a ladder of ``steps`` grades: by age, with some spread."""
        rank = 0 if age < 28 else 1 if age < 35 else 2 if age < 45 else 3 if age < 52 else 4
        rank -= self.rng.random() < 0.3
        return max(0, min(rank, steps - 1))

    def _role(self, profile: str, post_category: str) -> str:
        if post_category == PostCategory.WORKER:
            return "worker"
        if post_category == PostCategory.MANAGEMENT:
            return profile if profile in ORGAN_LADDERS else "public"
        if profile == "hospital":
            return self._pick((("doctor", 45), ("nurse", 40), ("technician", 8), ("pharmacist", 7)))
        return profile if profile in PROFESSIONAL_LADDERS else "public"

    def _titles(self, role: str, post_category: str, age: int) -> tuple[str, str]:
        """(职务, 职称) for a non-leader."""
        if post_category == PostCategory.WORKER:
            return self.rng.choice(WORKER_JOBS), ""
        if post_category == PostCategory.MANAGEMENT:
            ladder = ORGAN_LADDERS[role]
            return ladder[self._rank(age, len(ladder))], ""
        job, ladder = PROFESSIONAL_LADDERS[role]
        return job, ladder[self._professional_rank(age)]

    def _professional_rank(self, age: int) -> int:
        """初级 under 30, mostly 中级 in the thirties, 副高 for some from 38, 正高 rarely."""
        if age < 30:
            return 0
        if age < 38:
            return 1 if self._chance(0.7) else 0
        if age < 48:
            return 2 if self._chance(0.4) else 1
        return self.rng.choices((1, 2, 3), weights=(30, 60, 10))[0]

    def _male(self, profile: str, role: str) -> bool:
        share = {"nurse": 0.08, "doctor": 0.55}.get(role, MALE_SHARE.get(profile, 0.45))
        return self._chance(share)

    def _post_category(self, institution: Institution, key, profile: str) -> str:
        if key[1] == establishment.WORKER:
            return PostCategory.WORKER
        if institution.kind in ORGAN_KINDS:
            return PostCategory.MANAGEMENT
        if institution.kind == InstitutionKind.CIVIL_SERVANT_MANAGED:
            return PostCategory.WORKER if self._chance(0.08) else PostCategory.MANAGEMENT
        draw = self.rng.random()
        if draw < 0.06:
            return PostCategory.WORKER
        if draw < 0.06 + 0.94 * PROFESSIONAL_SHARE.get(profile, 0.5):
            return PostCategory.PROFESSIONAL
        return PostCategory.MANAGEMENT

    # entry

    def _entry(self, key, institution, post_category, male, birth, work_started_on, education, age):
        """(entry way, entry date, work start): mostly straight from school; some transferred
        in, some veterans; everyone in a unit younger than them was moved in (划转) when it was
        set up."""
        exam = (
            EntryWay.CIVIL_SERVICE_EXAM
            if institution.kind in ORGAN_KINDS and post_category != PostCategory.WORKER
            else EntryWay.PUBLIC_RECRUITMENT
        )
        first_job = work_started_on + datetime.timedelta(days=self.rng.randint(0, 60))
        draw = self.rng.random()
        way, entry_on = exam, first_job
        if post_category == PostCategory.WORKER and male and draw < 0.25:
            way = EntryWay.VETERAN
            work_started_on = datetime.date(birth.year + 18, 12, 1)
            entry_on = years_after(birth, self.rng.randint(24, 30))
        elif is_civil_service(institution) and male and age >= 38 and draw < 0.07:
            way = EntryWay.VETERAN
            work_started_on = datetime.date(birth.year + 18, 12, 1)
            entry_on = years_after(birth, self.rng.randint(32, min(age - 2, 42)))
        elif age >= 30 and draw < 0.2:
            way = EntryWay.TRANSFER_IN
            span = max(2, min(15, age - START_AGE[education] - 1))
            entry_on = years_after(work_started_on, self.rng.randint(1, span))
        elif (
            education in (Education.MASTER, Education.DOCTORATE)
            and draw < 0.5
            and not is_civil_service(institution)
        ):
            way = EntryWay.TALENT
        return self._settle(key, institution, way, entry_on, work_started_on)

    def _settle(self, key, institution, way, entry_on, work_started_on):
        """Move an entry to the line's next recruitment round, never later than two weeks ago;
        whoever would have come before the unit existed was moved in (划转) when it was set up."""
        latest = min(self.today - datetime.timedelta(days=14), self.deadlines.get(key, self.today))
        entry_on = min(self._next_round(key, max(entry_on, work_started_on), way), latest)
        work_started_on = min(work_started_on, entry_on)
        if entry_on < institution.established_on:
            way = EntryWay.REASSIGNMENT
            entry_on = min(institution.established_on + datetime.timedelta(days=30), latest)
        return way, entry_on, work_started_on

    def _next_round(self, key, day: datetime.date, way: str) -> datetime.date:
        period = self.round_periods.get(key, 1)
        offset = self.round_offsets.setdefault(key, self.rng.randrange(period))
        year = day.year
        while (year + offset) % period:
            year += 1
        if (key, year) not in self.round_days:
            month = self.rng.choice((4, 7, 8, 9))
            self.round_days[(key, year)] = datetime.date(year, month, 1)
        if way in (EntryWay.CIVIL_SERVICE_EXAM, EntryWay.PUBLIC_RECRUITMENT):
            return max(self.round_days[(key, year)], day)
        return day if year == day.year else years_after(day, year - day.year)

    # people

    def _person(
        self,
        key,
        institution: Institution,
        departments: list[str],
        *,
        age_range=(23, 59, 40),
        post_category: str | None = None,
        male: bool | None = None,
        birth: datetime.date | None = None,
        leader: bool = False,
    ) -> Entrant:
        profile = profile_of(institution)
        post_category = post_category or self._post_category(institution, key, profile)
        role = self._role(profile, post_category)
        male = self._male(profile, role) if male is None else male
        group = retirement_group(is_male=male, worker_post=post_category == PostCategory.WORKER)
        age = round(self.rng.triangular(*age_range))
        education = self._education(role, post_category, age)
        if leader:
            education = self._pick(
                ((Education.BACHELOR, 68), (Education.MASTER, 25), (Education.COLLEGE, 7))
            )
        if birth is None:
            birth = self._birth(max(age, START_AGE[education] + 1), group)
        age = (self.today - birth).days // 365
        work_started_on = datetime.date(
            birth.year + START_AGE[education], self.rng.choice((7, 8, 9)), 1
        )
        work_started_on = min(work_started_on, self.today - datetime.timedelta(days=30))
        way, entry_on, work_started_on = self._entry(
            key, institution, post_category, male, birth, work_started_on, education, age
        )
        id_number, native_place = self._id_number(birth, male)
        job_title, professional_title = self._titles(role, post_category, age)
        return Entrant(
            key=key,
            name=self._name(male),
            id_number=id_number,
            native_place=native_place,
            ethnicity="汉族" if self._chance(0.93) else self.rng.choice(MINORITIES),
            political_status=self._political(institution, age, leader),
            education=education,
            degree=self._degree(education),
            work_started_on=work_started_on,
            professional_title=professional_title,
            civil_servant=is_civil_service(institution) and post_category != PostCategory.WORKER,
            post_category=post_category,
            entry_way=way,
            entry_on=entry_on,
            job_title=job_title,
            department=self._department(departments, institution, post_category, role),
            employment_contract=institution.kind == InstitutionKind.PUBLIC_INSTITUTION,
        )

    def _department(self, departments, institution, post_category, role) -> str:
        """Organs and 参公 units: any department; public institutions: professionals in the
        departments that do the work, managers and workers in the offices."""
        if not departments:
            return ""
        word = ROLE_DEPARTMENTS.get(role)
        matching = [name for name in departments if word and word in name]
        if matching:
            return matching[0]
        office = [name for name in departments if any(w in name for w in OFFICE_WORDS)]
        if post_category == PostCategory.WORKER:
            pool = office
        elif is_civil_service(institution):
            pool = departments
        elif post_category == PostCategory.PROFESSIONAL:
            pool = [name for name in departments if name not in office]
        else:
            pool = office
        return self.rng.choice(pool or departments)

    def staff(self, key, institution, departments) -> Entrant:
        return self._person(key, institution, departments)

    def leader(self, key, institution, departments, post: tuple) -> Entrant:
        """A holder of ``post`` (post kind, department, post title): older, on a management
        post, in the unit for three years or more (transferred in if need be), so that the
        appointment can follow the entry."""
        kind = post[0]
        entrant = self._person(
            key,
            institution,
            departments,
            age_range=LEADER_AGES[kind],
            post_category=PostCategory.MANAGEMENT,
            male=self._chance(0.8 if kind == PostKind.UNIT_HEAD else 0.65),
            leader=True,
        )
        self.make_leader(entrant, institution, post)
        latest = self.today - datetime.timedelta(days=3 * 365 + self.rng.randint(0, 700))
        latest = min(latest, self.deadlines.get(key, latest))
        if entrant.entry_on > latest:
            entrant.entry_way = EntryWay.TRANSFER_IN
            entrant.entry_on = max(latest, entrant.work_started_on)
            if entrant.entry_on < institution.established_on:
                entrant.entry_way = EntryWay.REASSIGNMENT
                entrant.entry_on = institution.established_on + datetime.timedelta(days=30)
        return entrant

    def make_leader(self, entrant: Entrant, institution: Institution, post: tuple) -> None:
        kind, department, post_title = post
        head, deputy = unit_titles(institution.full_name)
        entrant.post = post
        entrant.person_category = LEADER_CATEGORIES[kind]
        entrant.job_title = {
            PostKind.UNIT_HEAD: head,
            PostKind.UNIT_DEPUTY: deputy,
            PostKind.DEPARTMENT_HEAD: department_head_title(department),
        }.get(kind, post_title)
        entrant.department = department

    def special(self, key, institution, departments, special: Special) -> Entrant:
        worker = special.worker
        post_category = PostCategory.WORKER if worker else None
        group = retirement_group(is_male=special.male, worker_post=worker)
        if special.kind in ("overdue", "retire", "retire_after_merger"):
            month = add_months(month_start(self.today), -special.months_ago)
            birth = self.birth_retiring_in(month, group)
        else:
            birth = self._birth(self.rng.randint(30, 48), group)
        entrant = self._person(
            key,
            institution,
            departments,
            post_category=post_category,
            male=special.male,
            birth=birth,
        )
        entrant.special = special.kind
        if special.name:
            entrant.name = special.name
        if special.post:
            self.make_leader(entrant, institution, (special.post, "", ""))
        if special.kind in END_REASONS:
            if special.kind.startswith("retire"):
                entrant.ends_on = retirement_month(birth, group)
            else:
                entrant.ends_on = self.today - datetime.timedelta(days=30 * special.months_ago)
        return entrant

    def recruit(self, key, institution, departments, purpose: str) -> Entrant:
        """A recent recruit: young, or a specialist brought in as talent."""
        talent = purpose == PermitPurpose.TALENT
        entrant = self._person(
            key,
            institution,
            departments,
            age_range=(28, 36, 31) if talent else (23, 29, 24),
            post_category=None if is_civil_service(institution) else PostCategory.PROFESSIONAL,
        )
        entrant.entry_way = (
            EntryWay.TALENT
            if talent
            else EntryWay.CIVIL_SERVICE_EXAM
            if institution.kind in ORGAN_KINDS
            else EntryWay.PUBLIC_RECRUITMENT
        )
        if talent:
            entrant.education, entrant.degree = Education.MASTER, Degree.MASTER
        return entrant
