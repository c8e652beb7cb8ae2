"""公立医院人员控制总量备案 at city scale (rule 29): every generated hospital (profile
``hospital``) comes under filing with two years of figures fitting its people, a control total
filed from the standard (above it, with a reason, where the people already exceed it) and a few
备案制 people under it. SAMPLE DATA ONLY."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from hospitals.choices import HospitalCategory
from hospitals.models import ControlTotal, FiledStaffRecord, Hospital, HospitalFigures
from hospitals.standard import compute_standard, default_ratios
from orgs.models import ApprovalDocument, Region
from people.choices import PostCategory, Sex
from people.models import Person
from sampledata.demo.people.maker import PeopleMaker

from .bulk import HistoryWriter, create

OVER_REASON = "现有编制人员已超出测算标准，按实有人员备案，逐步消化"
FILED_SHARE = 0.12
JOBS = ("护士", "住院医师", "药剂师", "检验技师", "康复治疗师", "收费员")


def _category(name: str) -> str:
    if "中医" in name:
        return HospitalCategory.TCM
    if "妇幼" in name:
        return HospitalCategory.MATERNAL
    return HospitalCategory.GENERAL


class HospitalBuilder:
    def __init__(self, rng: random.Random, history: HistoryWriter, tree, maker, today):
        self.rng = rng
        self.history = history
        self.tree = tree
        # Its own people maker on its own stream, sharing the city's ID numbers (unique), so the
        # 备案制 people leave the rest of the city as the seed made it.
        self.maker = PeopleMaker(rng, today, unique_names=False)
        self.maker.id_numbers = maker.id_numbers
        self.today = today

    def _figures(self, hospital, occupied: int) -> list[HospitalFigures]:
        beds = max(20, round(occupied / 1.1 / 10) * 10)
        rows = []
        for back in (2, 1):
            rows.append(
                HospitalFigures(
                    hospital=hospital,
                    year=self.today.year - back,
                    approved_beds=beds,
                    open_beds=beds + self.rng.randint(-10, 20) * (3 - back),
                    bed_use_rate=Decimal(self.rng.randint(700, 990)) / 10,
                    outpatient_visits=beds * self.rng.randint(500, 1100),
                )
            )
        return rows

    def _people(self, region: Region, hospital, count: int, filed_on) -> list:
        people, records = [], []
        for _ in range(count):
            male = self.rng.random() < 0.35
            birth = self.today - datetime.timedelta(days=self.rng.randint(22 * 365, 45 * 365))
            number, _ = self.maker._id_number(birth, male)
            person = Person(
                name=self.maker._name(male),
                region=region,
                birth_date=birth,
                sex=Sex.MALE if male else Sex.FEMALE,
            )
            person.id_number = number
            people.append(person)
            entry_on = filed_on + datetime.timedelta(days=self.rng.randint(10, 300))
            records.append(
                FiledStaffRecord(
                    person=person,
                    hospital=hospital,
                    post_category=PostCategory.PROFESSIONAL,
                    job_title=self.rng.choice(JOBS),
                    entry_on=min(entry_on, self.today),
                )
            )
        return people, records

    def build(self, region: Region, units, lines) -> dict:
        occupied = defaultdict(int)
        for line in lines:
            occupied[line.unit.institution.pk] += line.occupied
        chosen = [u.institution for u in units if u.profile == "hospital"]
        if not chosen:
            return {}
        registered_on = datetime.date(self.today.year - 1, 1, 10)
        hospitals = create(
            Hospital,
            [
                Hospital(
                    institution=institution,
                    category=_category(institution.full_name),
                    registered_on=registered_on,
                )
                for institution in chosen
            ],
            history=self.history,
            day=registered_on,
        )
        figures = [row for h in hospitals for row in self._figures(h, occupied[h.institution_id])]
        create(HospitalFigures, figures, history=self.history, day=registered_on)
        latest = {row.hospital_id: row for row in figures if row.year == self.today.year - 1}
        filed_on = (
            datetime.date(self.today.year - 1, 3, 1)
            if self.today.month > 1
            else (datetime.date(self.today.year - 1, 1, 20))
        )
        document = self.tree.document(
            region,
            "编办备",
            f"{region.name}机构编制委员会办公室",
            "关于公立医院人员控制总量备案的通知",
            filed_on,
        )
        create(ApprovalDocument, [document], history=self.history, day=filed_on)
        totals, people, records = [], [], []
        for hospital in hospitals:
            row = latest[hospital.pk]
            standard = compute_standard(
                approved_beds=row.approved_beds,
                open_beds=row.open_beds,
                bed_use_rate=row.bed_use_rate,
                outpatient_visits=row.outpatient_visits,
                ratios=default_ratios(hospital.category),
            ).total
            on_quota = occupied[hospital.institution_id]
            filed = max(1, round(on_quota * FILED_SHARE))
            total = max(standard, on_quota + filed + 2)
            totals.append(
                ControlTotal(
                    hospital=hospital,
                    total=total,
                    standard=standard,
                    figures_year=row.year,
                    document=document,
                    filed_on=filed_on,
                    over_standard_reason=OVER_REASON if total > standard else "",
                )
            )
            made, filings = self._people(region, hospital, filed, filed_on)
            people += made
            records += filings
        create(ControlTotal, totals, history=self.history, day=filed_on, document=document.number)
        create(Person, people, history=self.history, day=filed_on)
        create(FiledStaffRecord, records, history=self.history, day=lambda r: r.entry_on)
        return {"hospitals": len(hospitals), "filed_staff": len(records)}
