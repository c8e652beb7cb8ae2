"""The booklet (issue 16 items 6–7): rendered by the task from the committed snapshot with its
progress, the same bytes on every render, each copy an even number of pages with every inner page
numbered with the certificate number and the copy, the 登记机关（盖章） column, the 使用须知, the
事业单位's 法定代表人 and 宗旨和业务范围, 岗位设置, and the inner pages alone for pre-printed covers."""

import re
import shutil

import pytest
from django.urls import reverse

from bianzhi.history import save_tracked, system_actor
from certificates import printing, rendering, services
from certificates.choices import PdfState
from certificates.models import PdfJob
from staffing.post_structure import post_structure_set
from tests.kit import builders

from .scene import issued, staffed
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils")


def legal_person(unit):
    unit.legal_representative = "赵法人"
    unit.purpose_and_scope = "为群众提供示例服务。"
    return save_tracked(unit, actor=system_actor(), reason="法人登记")


@needs_poppler
def test_the_task_renders_the_committed_snapshot_with_progress_and_the_same_bytes(world):
    certificate = issued(staffed(world.unit), store_pdf=True)
    job = PdfJob.objects.get(certificate=certificate)
    assert job.state == PdfState.DONE and job.percent == 100
    pages = len(pdf_text(certificate).split("\f")) - 1
    assert job.done == job.total == pages
    assert certificate.history.filter(history_change_reason=rendering.PDF_REASON).exists()

    again, digest = printing.certificate_pdf(certificate)
    assert digest == certificate.pdf_sha256
    assert again == rendering.stored_pdf(certificate)
    # Later annual reviews do not change the frozen PDF.
    services.annual_review_record(certificate=certificate, result="passed", actor=system_actor())
    assert printing.certificate_pdf(certificate)[1] == certificate.pdf_sha256


def test_the_certificate_page_shows_the_render_in_progress(world, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    certificate = issued(staffed(world.unit), store_pdf=True)
    assert not certificate.pdf
    progress = reverse("certificates:pdf_progress", args=[certificate.pk])
    assert client.get(progress).status_code == 302  # sign in first
    client.force_login(world.users["office_staff"])
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "bz-pdf-progress" in html and "排队" in html
    assert f'hx-get="{progress}"' in html
    rendering.run_render(PdfJob.objects.get().pk)
    done = client.get(progress).content.decode()
    assert "PDF 已生成" in done and "hx-get" not in done


@needs_poppler
def test_each_copy_has_even_pages_numbered_with_number_and_copy(world):
    legal_person(world.unit)
    line = staffed(world.unit, [f"人员{i:02d}" for i in range(45)]).quota_lines.get()
    post_structure_set(
        line=line,
        management=5,
        professional=35,
        worker=5,
        document=builders.document(world.unit),
        actor=system_actor(),
        reason="岗位设置",
    )
    certificate = issued(world.unit, store_pdf=True)
    pages = pdf_text(certificate).split("\f")[:-1]
    assert len(pages) % 2 == 0
    covers = [i for i, page in enumerate(pages) if page.strip() and "· 第 " not in page]
    assert len(covers) == 2 and covers[0] == 0
    second = covers[1]
    assert second % 2 == 0  # copy 2's cover is a front side: copy 1 has an even page count
    for copy, inner in (("单位留存", pages[1:second]), ("编办存档", pages[second + 1 :])):
        numbered = [page for page in inner if page.strip()]
        assert numbered
        for index, page in enumerate(numbered, start=1):
            footer = re.sub(r"\s+", " ", page.strip().splitlines()[-1])
            assert f"{certificate.number} · {copy} · 第 {index} 页" in footer
    text = "\n".join(pages)
    assert "登记机关" in text and "使用须知" in text
    assert "赵法人" in text and "为群众提供示例服务。" in text
    assert "管理岗位 5 个" in text and "专业技术岗位 35 个" in text


def test_the_print_page_offers_the_inner_pages_and_says_what_the_pdf_lacks(world, client):
    certificate = issued(staffed(world.unit))
    services.annual_review_record(certificate=certificate, result="passed", actor=system_actor())
    client.force_login(world.users["office_staff"])
    url = reverse("certificates:certificate_print", args=[certificate.pk])
    full = client.get(url).content.decode()
    assert full.count('class="sheet cover') == 2 and "?inner=1" in full
    assert "1 次年审已打印在本页，但不在发证时冻结的 PDF 中" in full
    inner = client.get(url, {"inner": "1"}).content.decode()
    assert 'class="sheet cover' not in inner and inner.count("<h2>基本情况</h2>") == 2
    assert 'class="inner-only"' in inner
