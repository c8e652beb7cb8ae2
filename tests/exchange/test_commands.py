"""manage.py export_package and import_package: the same package and import as the pages, for
the system operator."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from bianzhi import files
from bianzhi.models import AccessEvent
from exchange import package

from . import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(fresh_id_serials):
    return scenario.county(scenario.city(), "990121", "北县", staffed=2)


def test_a_package_exported_on_the_command_line_imports_on_the_command_line(
    north, today, tmp_path, capsys
):
    before = scenario.figures(north.region)
    call_command("export_package", "990121", "--output", str(tmp_path))
    (path,) = tmp_path.glob("*.zip")
    assert path.name == f"上报数据包_990121北县_{today:%Y%m%d}.zip"
    assert AccessEvent.objects.filter(label__startswith="上报数据包").exists()
    scenario.wipe(north.region)

    call_command("import_package", str(path))

    assert "已导入 北县" in capsys.readouterr().out
    assert scenario.figures(north.region) == before


def test_a_package_as_of_a_day_before_the_registry_existed_is_empty(north, today, tmp_path):
    target = tmp_path / "old.zip"
    yesterday = today - datetime.timedelta(days=1)

    call_command(
        "export_package", "990121", "--as-of", yesterday.isoformat(), "--output", str(target)
    )

    manifest = package.read(target.open("rb")).manifest
    assert manifest["as_of"] == yesterday.isoformat()
    assert {entry["table"]: entry["rows"] for entry in manifest["files"]}["institutions"] == 0


def test_the_import_command_names_a_refusal(north, today, tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a package")

    with pytest.raises(CommandError, match="不是上报数据包"):
        call_command("import_package", str(path))


def test_prune_exports_deletes_packages_older_than_the_days_kept(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    old = files.save("exchange/upload-old.zip", b"PK")
    new = files.save("exchange/export-1-new.zip", b"PK")
    # The clock may be frozen on another day than the files' own: date both by it.
    now = timezone.now().timestamp()
    long_ago = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    os.utime(files.generated().path(old), (long_ago, long_ago))
    os.utime(files.generated().path(new), (now, now))
    call_command("prune_exports", stdout=io.StringIO())
    assert not files.exists(old)
    assert files.exists(new)
