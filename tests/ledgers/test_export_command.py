"""python manage.py export_ledger KIND --out FILE [--region CODE] [--institution ID] [--as-of DATE]"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bianzhi import files
from bianzhi.history import save_tracked, system_actor
from bianzhi.models import ExportJob
from tests.kit.clock import YEAR, day

from .read import read
from .scene import build_scene


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_the_command_writes_the_region_office_view(scene, tmp_path):
    out = tmp_path / "roster.xlsx"
    call_command("export_ledger", "roster", "--out", str(out), "--region", scene.world.region.code)
    sheet = read(out)
    assert len(sheet.data()) == 4
    assert not any("*" in number for number in sheet.column("身份证号"))


def test_institution_and_as_of_options(scene, tmp_path):
    out = tmp_path / "institutions.xlsx"
    call_command(
        "export_ledger",
        "institutions",
        "--out",
        str(out),
        "--region",
        scene.world.region.code,
        "--institution",
        str(scene.world.sibling.pk),
        "--as-of",
        day(2, 15).isoformat(),
    )
    sheet = read(out)
    assert [row[1] for row in sheet.data()] == ["示例县兄弟单位"]
    assert sheet.data()[0][9:13] == [2, 2, 0, 0]
    assert f"截至日期：{YEAR}年2月15日" in sheet.sheet["A2"].value


def test_as_a_user_the_command_keeps_the_users_scope_and_masking(scene, tmp_path):
    out = tmp_path / "clerk.xlsx"
    call_command("export_ledger", "roster", "--out", str(out), "--user", "clerk")
    sheet = read(out)
    assert set(sheet.column("单位")) == {"示例县本单位"}
    assert all("*" in number for number in sheet.column("身份证号"))


def test_bad_arguments_are_errors_with_a_message(scene, tmp_path):
    out = str(tmp_path / "x.xlsx")
    with pytest.raises(CommandError, match="没有名为"):
        call_command("export_ledger", "nonsense", "--out", out)
    with pytest.raises(CommandError, match="多个顶级行政区划"):
        call_command("export_ledger", "roster", "--out", out)
    with pytest.raises(CommandError, match="无效"):
        call_command(
            "export_ledger", "roster", "--out", out, "--region", "990121", "--as-of", "tomorrow"
        )
    with pytest.raises(CommandError, match="没有用户名"):
        call_command("export_ledger", "roster", "--out", out, "--user", "nobody")


def test_with_one_top_region_no_region_is_needed(scene, tmp_path):
    other = scene.world.other_region
    other.parent = scene.world.region
    save_tracked(other, actor=system_actor(), reason="测试：并入上级区划")
    out = tmp_path / "all.xlsx"
    call_command("export_ledger", "leavers", "--out", str(out))
    assert len(read(out).data()) == 1


def test_prune_exports_deletes_old_files_only(client, scene, tmp_path):
    client.force_login(scene.world.users["office_staff"])
    for kind in ("roster", "leavers"):
        client.post(reverse("exports:start", args=[kind]))
    old, new = ExportJob.objects.order_by("pk")
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    old_path = old.path
    call_command("prune_exports")
    old.refresh_from_db()
    new.refresh_from_db()
    assert not files.exists(old_path) and old.path == "" and "过保存期限" in old.error
    assert files.exists(new.path)
    assert client.get(reverse("exports:download", args=[old.pk])).status_code == 404
