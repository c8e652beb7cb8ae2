"""The city's regions, institution trees and internal departments (机构).

Every county gets the organs a county has (party, congress, government departments, CPPCC,
courts, mass organisations, townships), each department its public institutions, the education
and health bureaus their schools and hospitals, the townships their service centres; the rest of
the requested count is filled with schools, clinics and township centres in that proportion.
"""

import datetime
import random
from dataclasses import dataclass

from orgs.choices import (
    Category,
    Level,
    PublicServiceClass,
    RegionLevel,
    Relation,
    Sector,
    System,
)
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region
from orgs.validators import credit_code_check_character, organisation_code_check_character

from .bulk import HistoryWriter, create
from .names import (
    CITY,
    COUNTIES,
    DEPARTMENT_UNITS,
    DEPARTMENTS,
    MANAGED,
    MASS,
    ORGAN,
    ORGANS,
    PUBLIC,
    TOWNSHIP_NAMES,
    TOWNSHIP_UNITS,
    chinese_number,
)


@dataclass(eq=False)
class Unit:
    """An institution to create and what sizes and staffs it."""

    institution: Institution
    profile: str  # small, organ, police, court, school, hospital, clinic, township, center
    parent: "Unit | None" = None
    departments: tuple[str, ...] = ()


class TreeBuilder:
    def __init__(self, rng: random.Random, history: HistoryWriter, city_code: str = CITY[0]):
        self.rng = rng
        self.city_code = city_code
        # Document numbers are unique in the deployment: another generated city tags its own.
        self.tag = "" if city_code == CITY[0] else city_code[:4]
        self.history = history
        self.serials: dict[tuple[str, int], int] = {}
        self.credit_serial = 0

    # --- regions and documents -------------------------------------------------------------

    def regions(self, counties: int) -> tuple[Region, list[Region]]:
        day = datetime.date(2000, 1, 1)
        city = Region(code=self.city_code, name=CITY[1], level=RegionLevel.CITY)
        create(Region, [city], history=self.history, day=day)
        below = [
            Region(
                code=self.city_code[:4] + code[4:], name=name, level=RegionLevel.COUNTY, parent=city
            )
            for code, name in COUNTIES[:counties]
        ]
        create(Region, below, history=self.history, day=day)
        return city, below

    def document(
        self, region: Region, prefix: str, issuer: str, title: str, day
    ) -> ApprovalDocument:
        key = (prefix, day.year)
        serial = self.serials.get(key, 0) + 1
        self.serials[key] = serial
        return ApprovalDocument(
            number=f"{self.tag}{prefix}〔{day.year}〕{serial}号",
            title=title,
            issuer=issuer,
            issued_on=day,
            region=region,
        )

    # --- institutions ----------------------------------------------------------------------

    def _credit_code(self, region: Region, kind: str) -> str:
        self.credit_serial += 1
        digit = {ORGAN: "1", MASS: "3"}.get(kind, "2")
        organisation = f"MB{self.credit_serial:06d}"  # GB 11714: eight characters and a check
        body = (
            f"1{digit}{region.code}{organisation}{organisation_code_check_character(organisation)}"
        )
        return body + credit_code_check_character(body)

    def _institution(self, region, name, kind, system, category, profile, parent, sort_order):
        public = kind in (PUBLIC, MANAGED)
        sector = Sector.OTHER
        if profile in ("school",) or (parent and parent.profile == "education"):
            sector = Sector.EDUCATION
        elif profile in ("hospital", "clinic"):
            sector = Sector.HEALTH
        elif profile in ("township",) or (parent and parent.profile == "township"):
            sector = Sector.TOWNSHIP
        if name.endswith("教育局"):
            profile = "education"
        established = datetime.date(
            self.rng.randint(1978, 2018), self.rng.randint(1, 12), self.rng.randint(1, 28)
        )
        if parent is not None:
            established = max(established, parent.institution.established_on)
        level = Level.SECTION
        if region.level == RegionLevel.CITY:
            level = Level.DIVISION
        if public:
            level = self.rng.choice((Level.DEPUTY_SECTION, Level.UNIT, Level.UNRATED))
        institution = Institution(
            full_name=name,
            region=region,
            parent=parent.institution if parent else None,
            relation=Relation.DIRECT if parent else "",
            kind=kind,
            system=system,
            category=category,
            level=level,
            public_service_class=(
                (
                    PublicServiceClass.CLASS_TWO
                    if profile == "hospital"
                    else PublicServiceClass.CLASS_ONE
                )
                if kind == PUBLIC
                else ""
            ),
            sector=sector,
            credit_code=self._credit_code(region, kind),
            legal_person_cert_no=f"事证第{region.code}{self.credit_serial:06d}号" if public else "",
            established_on=established,
            sort_order=sort_order,
        )
        return Unit(institution, profile, parent, DEPARTMENTS.get(_department_set(profile), ()))

    def county(self, region: Region, count: int) -> list[Unit]:
        """The institutions of one county (or of the city level itself), about ``count``."""
        r = region.name
        units: list[Unit] = []
        order = iter(range(10, 10**7, 10))

        def add(name, kind, system, category, profile, parent=None):
            unit = self._institution(
                region, name, kind, system, category, profile, parent, next(order)
            )
            units.append(unit)
            return unit

        organs = [add(p.format(r=r), k, s, c, prof) for p, k, s, c, prof in ORGANS]
        by_suffix = {unit.institution.full_name.removeprefix(r): unit for unit in organs}
        education = next(u for u in organs if u.institution.full_name.endswith("教育局"))
        health = next(u for u in organs if u.institution.full_name.endswith("卫生健康局"))
        working = [
            u
            for u in organs
            if u.profile == "organ" and u.institution.category == Category.WORKING_DEPARTMENT
        ]
        for unit in working:
            base = unit.institution.full_name.removeprefix(r).removeprefix("中共")
            base = base.removesuffix("局").removesuffix("部").removesuffix("办公室")
            for suffix in self.rng.sample(DEPARTMENT_UNITS, self.rng.randint(1, 3)):
                kind = MANAGED if "执法" in suffix else PUBLIC
                add(
                    f"{r}{base}{suffix}",
                    kind,
                    System.OTHER,
                    Category.SUBORDINATE_INSTITUTION,
                    "center",
                    unit,
                )
        del by_suffix
        townships = []
        is_city = region.level == RegionLevel.CITY
        for index in range(0 if is_city else min(14, max(2, count // 40))):
            place = TOWNSHIP_NAMES[index * 2 : index * 2 + 2]
            kind_word = "镇" if index % 3 else "乡"
            townships.append(
                add(
                    f"{r}{place}{kind_word}人民政府",
                    ORGAN,
                    System.GOVERNMENT,
                    Category.TOWNSHIP,
                    "township",
                )
            )
        add(
            f"{r}人民医院",
            PUBLIC,
            System.OTHER,
            Category.SUBORDINATE_INSTITUTION,
            "hospital",
            health,
        )
        add(
            f"{r}中医医院",
            PUBLIC,
            System.OTHER,
            Category.SUBORDINATE_INSTITUTION,
            "hospital",
            health,
        )
        add(
            f"{r}疾病预防控制中心",
            PUBLIC,
            System.OTHER,
            Category.SUBORDINATE_INSTITUTION,
            "center",
            health,
        )
        for township in townships:
            name = township.institution.full_name.removesuffix("人民政府")
            for suffix in TOWNSHIP_UNITS:
                kind = MANAGED if "执法" in suffix else PUBLIC
                add(
                    f"{name}{suffix}",
                    kind,
                    System.OTHER,
                    Category.SUBORDINATE_INSTITUTION,
                    "center",
                    township,
                )
            add(
                f"{name}卫生院",
                PUBLIC,
                System.OTHER,
                Category.SUBORDINATE_INSTITUTION,
                "clinic",
                health,
            )
            add(
                f"{name}中心小学",
                PUBLIC,
                System.OTHER,
                Category.SUBORDINATE_INSTITUTION,
                "school",
                education,
            )
        serials = {"中学": 0, "小学": 0, "幼儿园": 0, "卫生院": 0, "服务站": 0}
        while len(units) < count:
            draw = self.rng.random()
            if draw < 0.55:
                ending = self.rng.choice(("中学", "小学", "小学", "幼儿园"))
                serials[ending] += 1
                add(
                    f"{r}第{chinese_number(serials[ending])}{ending}",
                    PUBLIC,
                    System.OTHER,
                    Category.SUBORDINATE_INSTITUTION,
                    "school",
                    education,
                )
            elif draw < 0.75:
                serials["卫生院"] += 1
                add(
                    f"{r}社区卫生服务中心（第{chinese_number(serials['卫生院'])}）",
                    PUBLIC,
                    System.OTHER,
                    Category.SUBORDINATE_INSTITUTION,
                    "clinic",
                    health,
                )
            else:
                parent = self.rng.choice(townships or working)
                serials["服务站"] += 1
                base = parent.institution.full_name.removesuffix("人民政府").removesuffix("局")
                add(
                    f"{base}第{chinese_number(serials['服务站'])}服务站",
                    PUBLIC,
                    System.OTHER,
                    Category.SUBORDINATE_INSTITUTION,
                    "center",
                    parent,
                )
        return units

    def save_units(self, region: Region, units: list[Unit]) -> list[Unit]:
        """Insert the units parents first, each with its establishing document and departments."""
        office = (
            f"中共{region.name}委机构编制委员会办公室"
            if region.level != RegionLevel.CITY
            else "中共示例市委机构编制委员会办公室"
        )
        prefix = f"{region.name[:1]}编"
        documents = []
        for unit in units:
            institution = unit.institution
            document = self.document(
                region,
                prefix,
                office,
                f"关于设立{institution.full_name}的批复",
                institution.established_on,
            )
            documents.append(document)
        create(ApprovalDocument, documents, history=self.history, day=lambda d: d.issued_on)
        for unit, document in zip(units, documents, strict=True):
            unit.institution.establishing_document = document
        depth = {}
        for unit in units:
            depth[unit] = 0 if unit.parent is None else depth[unit.parent] + 1
        for level in sorted(set(depth.values())):
            batch = [u for u in units if depth[u] == level]
            for unit in batch:
                if unit.parent is not None:
                    unit.institution.parent = unit.parent.institution
            create(
                Institution,
                [u.institution for u in batch],
                history=self.history,
                day=lambda i: i.established_on,
                document=lambda i: i.establishing_document.number,
            )
        Through = ApprovalDocument.institutions.through
        Through.objects.bulk_create(
            [
                Through(approvaldocument_id=document.pk, institution_id=unit.institution.pk)
                for unit, document in zip(units, documents, strict=True)
            ],
            batch_size=5000,
        )
        departments = []
        for unit in units:
            for index, name in enumerate(unit.departments):
                departments.append(
                    InternalDepartment(
                        institution=unit.institution,
                        name=name,
                        level=Level.UNIT,
                        sort_order=(index + 1) * 10,
                    )
                )
        create(
            InternalDepartment,
            departments,
            history=self.history,
            day=lambda d: d.institution.established_on,
        )
        by_institution = {}
        for department in departments:
            by_institution.setdefault(department.institution_id, []).append(department)
        for unit in units:
            unit.department_rows = by_institution.get(unit.institution.pk, [])
        return units


def _department_set(profile: str) -> str:
    if profile in ("small", "education"):
        return "organ"
    if profile == "clinic":
        return "center"
    return profile
