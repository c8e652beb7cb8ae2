"""Two counties under one city, built through the services as real data is, and what the tests
need around them: region figures, packages in memory, and wiping a county's rows so that an
import starts from what a fresh city instance would hold."""

import io
from dataclasses import dataclass

from bianzhi.history import system_actor
from exchange import export, importer, package
from orgs.choices import RegionLevel, Status
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from staffing.choices import PostKind
from staffing.models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    UsagePermit,
)
from staffing.selectors import region_figures
from tests.kit import builders
from tests.kit.factories import (
    DepartmentFactory,
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
)


@dataclass
class County:
    region: Region
    bureau: Institution
    unit: Institution
    bureau_line: QuotaLine
    unit_line: QuotaLine


def city() -> Region:
    return RegionFactory(code="990100", name="示例市", level=RegionLevel.CITY)


def county(parent: Region, code: str, name: str, *, staffed: int, over: int = 0) -> County:
    """A bureau with a department and a head, and a public institution under it with
    ``staffed`` people in ``staffed + 2`` slots; ``over`` more people on the bureau's line
    than it has slots (超编)."""
    region = RegionFactory(code=code, name=name, parent=parent)
    bureau = InstitutionFactory(region=region, full_name=f"{name}财政局")
    unit = PublicInstitutionFactory(region=region, full_name=f"{name}会计服务中心", parent=bureau)
    DepartmentFactory(institution=bureau, name="办公室")
    # An abolished unit still parent of an active one (what a county's history holds).
    headquarters = InstitutionFactory(
        region=region,
        full_name=f"{name}建设指挥部",
        status=Status.ABOLISHED,
        abolished_on=builders.EFFECTIVE,
        abolition_document=builders.document(region=region),
    )
    InstitutionFactory(region=region, full_name=f"{name}建设指挥部办公室", parent=headquarters)
    bureau_line = builders.quota(bureau, 2)
    unit_line = builders.quota(unit, staffed + 2)
    builders.staff(unit_line, staffed, name_prefix=f"{name}职工")
    cadres = builders.staff(bureau_line, 2, name_prefix=f"{name}干部")
    for index in range(over):
        builders.enter_unchecked(builders.person(region, f"{name}超编{index + 1}"), bureau_line)
    head = builders.leadership_quota(bureau, PostKind.UNIT_HEAD, 1)
    builders.appoint(cadres[0].person, head)
    return County(region, bureau, unit, bureau_line, unit_line)


def figures(region: Region) -> dict:
    """Per establishment type: (approved, occupied, vacancy, over) over the region's subtree."""
    ids = region.subtree_ids()
    lines = QuotaLine.objects.filter(institution__region__in=ids)
    return {
        row.establishment_type: (row.approved, row.occupied, row.vacancy, row.over)
        for row in region_figures(lines, region_ids=ids).totals
    }


def summed(*parts: dict) -> dict:
    return {
        kind: tuple(sum(part[kind][i] for part in parts) for i in range(4)) for kind in parts[0]
    }


def packed(region: Region, day) -> bytes:
    buffer = io.BytesIO()
    export.write_package(region, day, buffer)
    return buffer.getvalue()


def rewritten(data: bytes, change) -> bytes:
    """The package after ``change(tables)``, with a manifest that matches it again (a package
    made by hand, not a tampered one)."""
    pkg = package.read(io.BytesIO(data))
    change(pkg.tables)
    header = {
        key: value
        for key, value in pkg.manifest.items()
        if key not in ("format", "version", "files")
    }
    buffer = io.BytesIO()
    package.write(buffer, header=header, tables=pkg.tables)
    return buffer.getvalue()


def load(data: bytes, *, actor=None, user_scope=None):
    return importer.import_package(
        package.read(io.BytesIO(data)), actor=actor or system_actor(), user_scope=user_scope
    )


def wipe(region: Region) -> None:
    """Delete the county's rows (the test's stand-in for a city instance that never had them)."""
    ids = region.subtree_ids()
    institutions = Institution.objects.filter(region__in=ids)
    LeadershipAppointment.objects.filter(quota__institution__in=institutions).delete()
    EstablishmentRecord.objects.filter(quota_line__institution__in=institutions).delete()
    UsagePermit.objects.filter(quota_line__institution__in=institutions).delete()
    Person.objects.filter(region__in=ids).delete()
    LeadershipQuota.objects.filter(institution__in=institutions).delete()
    AdjustmentLine.objects.filter(adjustment__region__in=ids).delete()
    Adjustment.objects.filter(region__in=ids).delete()
    QuotaLine.objects.filter(institution__in=institutions).delete()
    RegionTotal.objects.filter(region__in=ids).delete()
    PoolBalance.objects.filter(region__in=ids).delete()
    InternalDepartment.objects.filter(institution__in=institutions).delete()
    while institutions.exists():
        institutions.exclude(
            pk__in=institutions.filter(parent__isnull=False).values("parent")
        ).delete()
    ApprovalDocument.objects.filter(region__in=ids).delete()


def tracked_rows() -> int:
    """History rows of every table an import writes."""
    from exchange.tables import SPECS

    return sum(spec.model.history.count() for spec in SPECS.values())
