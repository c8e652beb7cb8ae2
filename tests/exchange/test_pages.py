"""导出上报数据包 and 导入下级数据包 pages: the office admin of a county exports its package, the
office admin of the city uploads it, sees the manifest, confirms and reads the outcome; nobody
else opens them (the package carries full ID numbers)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bianzhi.access import Role
from bianzhi.models import AccessEvent, IdNumbers
from exchange.choices import JobKind, JobState
from exchange.models import PackageJob
from tests.kit.factories import make_user

from . import scenario

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_at_once(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.VAR_DIR = tmp_path


@pytest.fixture
def north(fresh_id_serials):
    city = scenario.city()
    return scenario.county(city, "990121", "北县", staffed=2, over=1)


def test_the_county_admin_exports_its_package_and_downloads_it(client, north, today):
    admin = make_user(Role.OFFICE_ADMIN, region=north.region)
    client.force_login(admin)
    page = client.get(reverse("exchange:package_export"))
    assert "完整身份证号" in page.content.decode()

    response = client.post(reverse("exchange:package_export"), {"as_of": today.isoformat()})

    job = PackageJob.objects.get(user=admin, kind=JobKind.EXPORT)
    assert response.url == job.get_absolute_url()
    assert job.status == JobState.DONE
    shown = client.get(job.get_absolute_url()).content.decode()
    assert job.sha256 in shown
    download = client.get(reverse("exchange:package_download", args=[job.pk]))
    data = b"".join(download.streaming_content)
    assert scenario.package.sha256(data) == job.sha256
    assert scenario.package.read(io.BytesIO(data)).region_code == "990121"
    event = AccessEvent.objects.get(user=admin, label__startswith="上报数据包")
    assert event.id_numbers == IdNumbers.FULL


def test_an_as_of_date_after_today_is_refused(client, north, today):
    client.force_login(make_user(Role.OFFICE_ADMIN, region=north.region))

    response = client.post(
        reverse("exchange:package_export"), {"as_of": today + datetime.timedelta(days=1)}
    )

    assert "数据截止日期不能晚于今天" in response.content.decode()
    assert not PackageJob.objects.exists()


def test_the_city_admin_previews_confirms_and_reads_what_was_imported(client, north, today):
    before = scenario.figures(north.region)
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)
    admin = make_user(Role.OFFICE_ADMIN, region=north.region.parent)
    client.force_login(admin)
    upload = SimpleUploadedFile("北县.zip", data, content_type="application/zip")

    preview = client.post(reverse("exchange:package_import"), {"package": upload})

    text = preview.content.decode()
    assert "北县（990121）" in text and "确认导入" in text
    assert not PackageJob.objects.exists()
    token = preview.context["confirm"].initial["upload"]

    response = client.post(reverse("exchange:package_import"), {"upload": token})

    job = PackageJob.objects.get(user=admin, kind=JobKind.IMPORT)
    assert response.url == job.get_absolute_url()
    assert job.status == JobState.DONE, job.error
    assert "导入完成" in client.get(job.get_absolute_url()).content.decode()
    progress = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert "bz-package-progress" in progress.content.decode()
    assert scenario.figures(north.region) == before


def test_a_tampered_upload_is_refused_on_the_job_page(client, north, today):
    from .test_rules import tampered

    data = tampered(scenario.packed(north.region, today), "records.jsonl")
    admin = make_user(Role.OFFICE_ADMIN, region=north.region.parent)
    client.force_login(admin)
    preview = client.post(
        reverse("exchange:package_import"), {"package": SimpleUploadedFile("x.zip", data)}
    )
    token = preview.context["confirm"].initial["upload"]

    client.post(reverse("exchange:package_import"), {"upload": token})

    job = PackageJob.objects.get(user=admin)
    assert job.status == JobState.FAILED
    assert "SHA-256 与清单不符" in client.get(job.get_absolute_url()).content.decode()


def test_a_package_of_the_admins_own_region_is_refused_at_the_preview(client, north, today):
    client.force_login(make_user(Role.OFFICE_ADMIN, region=north.region))
    upload = SimpleUploadedFile("own.zip", scenario.packed(north.region, today))

    response = client.post(reverse("exchange:package_import"), {"package": upload})

    assert "不在您管辖的下级区划内" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICE_STAFF, Role.PARTNER])
def test_only_the_office_admin_opens_the_exchange_pages(client, north, role):
    client.force_login(make_user(role, region=north.region))

    assert client.get(reverse("exchange:package_export")).status_code == 403
    assert client.get(reverse("exchange:package_import")).status_code == 403
