"""工资统发核对 pages: the office and the partner departments upload a payroll (queued to the task
worker, followed on the run's page), read the findings of their regions (ID numbers masked in
lists, rule 14) and export them; the office records problems from them (rule 45); units and
supervising departments see nothing of it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bianzhi import files, ledgers
from oversight.choices import ProblemSource
from oversight.models import Problem
from payroll import jobs
from payroll.choices import FindingKind, RunStatus
from payroll.models import PayrollFinding, PayrollRun
from tests.kit import builders
from tests.ledgers.read import read

from .scene import MONTH, csv_file, new_run

pytestmark = pytest.mark.django_db

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def small(world):
    """One person in 编 not paid, one paid who is not in 编."""
    line = builders.quota(world.unit, 5)
    builders.enter(builders.person(world.region, "未发甲"), line)
    ghost = builders.id_number()
    rows = [["空饷乙", ghost, world.unit.full_name, "事业编制", "全额拨款", "4200"]]
    return rows, ghost


def done_run(world, rows, user="office_staff"):
    run = new_run(world, user=user)
    jobs.execute(run, csv_file(rows))
    return run


def upload(client, rows, month="", name="工资表.csv"):
    file = csv_file(rows)
    file.name = name
    return client.post(
        reverse("payroll:run_add"),
        {"month": month or MONTH.strftime("%Y-%m"), "region": client.region.pk, "file": file},
    )


@pytest.fixture
def as_role(client, world, settings):
    settings.TASKS = QUEUE_ONLY

    def login(role):
        client.force_login(world.users[role])
        client.region = world.region
        return client

    return login


@pytest.mark.parametrize("role", ["office_staff", "partner"])
def test_an_upload_is_queued_then_its_page_follows_the_run(as_role, small, role):
    rows, _ = small
    client = as_role(role)
    assert client.get(reverse("payroll:run_add")).status_code == 200

    response = upload(client, rows)

    run = PayrollRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.status == RunStatus.QUEUED and files.exists(run.upload_path)
    fragment = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment and "排队" in fragment

    jobs.run_payroll(run.pk)

    run.refresh_from_db()
    assert (run.status, run.finding_count, run.upload_path) == (RunStatus.DONE, 2, "")
    page = client.get(run.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page and "发现不符 2 条" in page
    assert "发放工资但不在编" in page and "在编但未发放" in page
    assert ("按类型登记问题" in page) == (role == "office_staff")
    assert client.get(reverse("payroll:run_list")).status_code == 200


def test_a_bad_file_ends_the_run_with_its_errors_in_chinese(as_role, small):
    client = as_role("office_staff")
    rows, _ = small
    upload(client, [[*rows[0][:3], "临时工", "", ""]])
    run = PayrollRun.objects.get()
    jobs.run_payroll(run.pk)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "工资表有 1 处错误，未进行核对" in page and "临时工" in page
    assert not PayrollFinding.objects.exists()


def test_a_month_ahead_or_a_second_upload_at_once_is_refused(as_role, small):
    client = as_role("office_staff")
    rows, _ = small
    response = upload(client, rows, month="2999-01")
    assert "工资月份不能晚于本月" in response.content.decode()
    upload(client, rows)
    response = upload(client, rows)
    assert "正在进行" in response.content.decode()
    assert PayrollRun.objects.count() == 1


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
def test_units_and_supervisors_see_nothing_of_it(as_role, world, small, role):
    run = done_run(world, small[0])
    finding = run.findings.first()
    client = as_role(role)
    for url in (
        reverse("payroll:run_list"),
        reverse("payroll:run_add"),
        reverse("payroll:template"),
        run.get_absolute_url(),
        reverse("payroll:finding_list"),
        finding.get_absolute_url(),
    ):
        assert client.get(url).status_code == 403, url


def test_another_regions_run_is_not_found(as_role, world, small):
    run = done_run(world, small[0])
    PayrollRun.objects.filter(pk=run.pk).update(region=world.other_region)
    client = as_role("office_staff")
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(run.findings.first().get_absolute_url()).status_code == 404
    assert "空饷乙" not in client.get(reverse("payroll:finding_list")).content.decode()


def test_the_findings_filter_by_kind_and_mask_id_numbers_in_the_list(as_role, world, small):
    rows, ghost = small
    run = done_run(world, rows)
    client = as_role("office_staff")
    url = reverse("payroll:finding_list")
    page = client.get(url, {"run": run.pk, "kind": FindingKind.NOT_IN_REGISTRY}).content.decode()
    assert "空饷乙" in page and "未发甲" not in page
    assert ghost not in page and ghost[:6] + "********" + ghost[-4:] in page
    page = client.get(url, {"q": "未发"}).content.decode()
    assert "未发甲" in page and "空饷乙" not in page
    page = client.get(url, {"institution": world.unit.pk, "recorded": "no"}).content.decode()
    assert "未发甲" in page and "空饷乙" in page


def test_a_finding_shows_the_full_number_to_the_office_only(as_role, world, small):
    rows, ghost = small
    run = done_run(world, rows)
    finding = run.findings.get(name="空饷乙")
    page = as_role("office_staff").get(finding.get_absolute_url()).content.decode()
    assert ghost in page and "登记问题" in page
    page = as_role("partner").get(finding.get_absolute_url()).content.decode()
    assert ghost not in page and finding.id_number_masked in page
    assert 'action="' + reverse("payroll:finding_problem", args=[finding.pk]) not in page


def test_the_template_and_the_ledger(as_role, world, small, tmp_path):
    client = as_role("partner")
    response = client.get(reverse("payroll:template"))
    book = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in book["工资统发名单"][1]]
    assert [header.strip("*") for header in headers if header][:4] == [
        "姓名", "身份证号", "单位", "编制类型",
    ]  # fmt: skip
    run = done_run(world, small[0])
    path = tmp_path / "payroll.xlsx"
    ledger = ledgers.get("payroll_findings")
    ledgers.write_ledger(
        ledger, user=world.users["partner"], params={"run": str(run.pk)}, target=str(path)
    )
    sheet = read(path)
    assert sheet.column("姓名") == ["空饷乙", "未发甲"]
    assert sheet.column("不符类型") == ["发放工资但不在编", "在编但未发放工资"]
    assert all("********" in number for number in sheet.column("身份证号"))
    assert not ledger.missing_table_columns()


def test_the_office_records_a_finding_as_a_problem_once(as_role, world, small):
    run = done_run(world, small[0])
    finding = run.findings.get(kind=FindingKind.NOT_PAID)
    client = as_role("office_staff")
    url = reverse("payroll:finding_problem", args=[finding.pk])
    data = {"requirement": "核实是否在岗", "deadline": "2999-12-31"}

    response = client.post(url, data)

    problem = Problem.objects.get()
    assert response.url == finding.get_absolute_url()
    assert (problem.source, problem.origin, problem.institution) == (
        ProblemSource.PAYROLL, finding, world.unit,
    )  # fmt: skip
    assert finding.id_number not in problem.finding and finding.id_number_masked in problem.finding
    page = client.get(problem.get_absolute_url()).content.decode()
    assert finding.get_absolute_url() in page  # the origin, for whom may open it
    client.post(url, data)
    assert Problem.objects.count() == 1
    clerk = as_role("clerk")
    page = clerk.get(problem.get_absolute_url()).content.decode()
    assert finding.get_absolute_url() not in page
    partner = as_role("partner")
    assert partner.post(url, data).status_code == 403


def test_a_kind_is_recorded_at_once_and_a_later_run_joins_the_open_problems(as_role, world, small):
    rows, _ = small
    run = done_run(world, rows)
    client = as_role("office_staff")
    url = reverse("payroll:run_problems", args=[run.pk])
    data = {
        "kind": FindingKind.NOT_IN_REGISTRY,
        "requirement": "停发并追回",
        "deadline": "2999-12-31",
    }

    response = client.post(url, data)

    assert response.url == run.get_absolute_url()
    assert Problem.objects.count() == 1
    assert run.findings.get(kind=FindingKind.NOT_IN_REGISTRY).problem is not None
    again = done_run(world, rows)
    client.post(reverse("payroll:run_problems", args=[again.pk]), data)
    assert Problem.objects.count() == 1
    joined = again.findings.get(kind=FindingKind.NOT_IN_REGISTRY)
    assert joined.problem == run.findings.get(kind=FindingKind.NOT_IN_REGISTRY).problem
    assert as_role("partner").post(url, data).status_code == 403


def test_a_run_past_the_time_limit_or_failing_stores_nothing(as_role, small, settings):
    client = as_role("office_staff")
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_TIME_LIMIT_SECONDS": -1}
    upload(client, small[0])
    run = PayrollRun.objects.get()
    jobs.run_payroll(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "超过时间上限" in run.error
    assert run.upload_path == "" and not PayrollFinding.objects.exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "超过时间上限" in page and "hx-trigger" not in page
    # A run delivered twice is run once.
    jobs.run_payroll(run.pk)
    assert PayrollRun.objects.get().error == run.error


def test_a_recorded_finding_links_its_problem_for_the_office(as_role, world, small):
    run = done_run(world, small[0])
    finding = run.findings.get(kind=FindingKind.NOT_PAID)
    client = as_role("office_admin")
    client.post(
        reverse("payroll:finding_problem", args=[finding.pk]),
        {"requirement": "核实", "deadline": "2999-12-31"},
    )
    problem = Problem.objects.get()
    page = client.get(finding.get_absolute_url()).content.decode()
    assert "已登记问题" in page and problem.get_absolute_url() in page
    assert 'action="' + reverse("payroll:finding_problem", args=[finding.pk]) not in page
