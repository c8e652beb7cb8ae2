"""Rule 49 (the package is checked before anything is read, and written all or nothing) and rule
50 (a package writes its own region's rows only)."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from bianzhi import access
from bianzhi.access import Role
from exchange import importer, package
from exchange.choices import JobKind, JobState
from exchange.models import PackageJob
from orgs.models import ApprovalDocument, Institution
from people.models import Person
from tests.kit.factories import InstitutionFactory, make_user
from tests.kit.writes import ESTABLISHMENT_AND_PEOPLE, nothing_written

from . import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def counties(fresh_id_serials):
    city = scenario.city()
    north = scenario.county(city, "990121", "北县", staffed=2)
    south = scenario.county(city, "990122", "南县", staffed=1)
    return city, north, south


def tampered(data: bytes, name: str) -> bytes:
    """The package with a byte added to ``name`` (still valid JSON lines) and the manifest left
    as it was."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            if item == name:
                content = b" " + content
            target.writestr(item, content)
    return buffer.getvalue()


def test_a_package_whose_file_does_not_match_its_checksum_is_refused_before_any_row_is_read(
    counties, today
):
    _, north, _ = counties
    data = tampered(scenario.packed(north.region, today), "people.jsonl")

    with pytest.raises(ValidationError) as refusal:
        package.read(io.BytesIO(data))

    assert refusal.value.messages == [package.CHECKSUM_MISMATCH % {"file": "people.jsonl"}]
    assert "已被篡改" in refusal.value.messages[0]


def test_a_file_the_manifest_does_not_list_is_refused(counties, today):
    _, north, _ = counties
    buffer = io.BytesIO(scenario.packed(north.region, today))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("extra.jsonl", b"{}\n")

    with pytest.raises(ValidationError, match=r"清单未列出的文件 extra\.jsonl"):
        package.read(io.BytesIO(buffer.getvalue()))


def test_a_file_that_is_not_a_package_is_refused():
    with pytest.raises(ValidationError, match="不是上报数据包"):
        package.read_manifest(io.BytesIO(b"not a zip"))


def test_a_package_of_another_format_version_is_refused():
    buffer = io.BytesIO()
    package.write(buffer, header={"region": {"code": "990121"}, "as_of": "2026-01-01"}, tables={})
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        manifest = source.read(package.MANIFEST).replace(b'"version": 1', b'"version": 2')
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as target:
        target.writestr(package.MANIFEST, manifest)

    with pytest.raises(ValidationError, match="第 2 版"):
        package.read_manifest(changed)


def test_a_package_older_than_one_already_imported_is_refused(counties, today):
    _, north, _ = counties
    data = scenario.packed(north.region, today)
    older = scenario.rewritten(data, lambda tables: None)  # same rows, dated a day earlier below
    pkg = package.read(io.BytesIO(older))
    pkg.manifest["as_of"] = (today - datetime.timedelta(days=1)).isoformat()
    PackageJob.objects.create(
        kind=JobKind.IMPORT,
        user=make_user(Role.OFFICE_ADMIN, region=north.region.parent),
        region=north.region,
        as_of=today,
        status=JobState.DONE,
    )

    with pytest.raises(ValidationError, match="不能再导入截至"):
        importer.check_date(pkg, north.region)


def test_a_row_of_another_region_refuses_the_whole_package_and_writes_nothing(counties, today):
    _, north, south = counties
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)

    def stray(tables):
        tables["institutions"][0]["region_code"] = south.region.code

    with (
        nothing_written((*ESTABLISHMENT_AND_PEOPLE, Institution, ApprovalDocument)),
        pytest.raises(ValidationError, match="规则 50"),
    ):
        scenario.load(scenario.rewritten(data, stray))


def test_an_institution_whose_credit_code_belongs_to_another_region_is_refused(counties, today):
    _, north, south = counties
    InstitutionFactory(region=south.region, full_name="南县某局", credit_code="11990122MB0000000X")
    data = scenario.packed(north.region, today)

    def borrowed(tables):
        tables["institutions"][0]["credit_code"] = "11990122MB0000000X"

    with pytest.raises(ValidationError, match="属于南县的机构"):
        scenario.load(scenario.rewritten(data, borrowed))


def test_a_person_in_establishment_in_another_region_is_refused(counties, today):
    _, north, south = counties
    data = scenario.packed(north.region, today)
    southerner = Person.objects.filter(region=south.region, records__status="active").first()

    def claimed(tables):
        tables["people"][0]["id_number"] = southerner.id_number

    with pytest.raises(ValidationError, match="在南县在编"):
        scenario.load(scenario.rewritten(data, claimed))


def test_an_office_imports_only_packages_of_the_regions_below_it(counties, today):
    _, north, south = counties
    data = scenario.packed(north.region, today)
    neighbour = make_user(Role.OFFICE_ADMIN, region=south.region)

    with pytest.raises(ValidationError, match="不在您管辖的下级区划内"):
        scenario.load(data, actor=neighbour, user_scope=access.user_scope(neighbour))

    own = make_user(Role.OFFICE_ADMIN, region=north.region)
    with pytest.raises(ValidationError, match="不在您管辖的下级区划内"):
        scenario.load(data, actor=own, user_scope=access.user_scope(own))


def test_a_package_dated_after_today_is_refused(counties, today):
    _, north, _ = counties
    pkg = package.read(io.BytesIO(scenario.packed(north.region, today)))
    pkg.manifest["as_of"] = (today + datetime.timedelta(days=1)).isoformat()

    with pytest.raises(ValidationError, match="晚于今天"):
        importer.check_date(pkg, north.region)
