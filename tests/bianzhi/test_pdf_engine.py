"""The PDF engine runs in its own process: documents come back as PDF with their page count, the
same HTML gives the same bytes, a missing engine says what to install, a crashed engine fails one
document and the next starts a fresh engine; pages of several PDFs combine with one laid over
another (bianzhi.pdf)."""

import io
import os
import shutil
import subprocess

import pytest
from pikepdf import Pdf

from bianzhi.pdf import compose, renderer

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils")

PAGES = """<style>@page { size: A4; margin: 20mm } p { break-after: page }
html { font-family: 'Noto Serif CJK SC', serif }</style>""" + "".join(
    f"<p>第{n}页正文</p>" for n in (1, 2, 3)
)


@pytest.fixture
def fresh_engine():
    renderer.shutdown()
    yield
    renderer.shutdown()


def text_of(data: bytes) -> list[str]:
    output = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, check=True, capture_output=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in output.split("\f")[:-1]]


@needs_poppler
def test_a_document_is_laid_out_in_another_process_and_the_same_html_gives_the_same_bytes():
    first = renderer.render(PAGES)
    assert first.pages == 3 and first.data.startswith(b"%PDF")
    assert text_of(first.data) == ["第1页正文", "第2页正文", "第3页正文"]
    assert renderer.render(PAGES).data == first.data
    assert renderer._engine.process.pid != os.getpid()
    assert "weasyprint" not in __import__("sys").modules


def test_a_missing_engine_says_what_to_install(fresh_engine, tmp_path, monkeypatch):
    broken = tmp_path / "weasyprint"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise OSError('cannot load library libpango-1.0-0')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with pytest.raises(renderer.PdfEngineMissing) as missing:
        renderer.render(PAGES)
    assert "libpango-1.0-0" in str(missing.value) and "fonts-noto-cjk" in str(missing.value)
    assert renderer.engine_problem() == str(missing.value)


def test_a_crashed_engine_fails_that_document_and_the_next_starts_afresh(fresh_engine):
    renderer.render(PAGES)
    renderer._engine.process.kill()
    with pytest.raises(renderer.PdfEngineFailed, match="PDF 引擎进程意外退出"):
        renderer.render(PAGES)
    assert renderer.render(PAGES).pages == 3


def test_a_worker_that_ends_takes_its_engine_with_it(fresh_engine):
    renderer.render(PAGES)
    engine = renderer._engine.process
    renderer.shutdown()
    assert engine.wait(timeout=10) == 0


@needs_poppler
def test_pages_combine_in_the_order_given_each_laid_over_its_underlying_page():
    body = renderer.render(PAGES).data
    marks = renderer.render(
        "<style>@page { size: A4; margin: 0 } div { break-after: page; padding-top: 250mm }"
        "html { font-family: 'Noto Serif CJK SC', serif }</style>"
        + "".join(f"<div>标记{n}</div>" for n in range(1, 5))
    ).data
    sheets = [
        compose.Sheet(0, under=2),
        compose.Sheet(1),
        compose.Sheet(2, under=0),
        compose.Sheet(3, under=0),
    ]
    combined = compose.combine(marks, [body], sheets, "示例")
    assert text_of(combined) == ["第3页正文 标记1", "标记2", "第1页正文 标记3", "第1页正文 标记4"]
    assert str(Pdf.open(io.BytesIO(combined)).docinfo.Title) == "示例"
    assert compose.combine(marks, [body], sheets, "示例") == combined


def test_a_working_engine_is_not_asked_again_whether_it_loads(fresh_engine, monkeypatch):
    assert renderer.engine_problem() is None
    asked = []
    monkeypatch.setattr(renderer._Engine, "ask", lambda *args: asked.append(args))
    assert renderer.engine_problem() is None and asked == []
