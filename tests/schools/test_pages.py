"""The pages of 中小学编制 (rule 28) for each role in and out of scope: the comparison and its
export, a school, the forms, the import, the standard, and the reallocation that only the
education bureau's reviewer may make."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from bianzhi import access, ledgers
from schools.models import Reallocation, SchoolProfile, StaffingStandard, StudentCount
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.pages import rows
from tests.kit.writes import nothing_written
from tests.ledgers.read import read

from .scene import profile, school, students

pytestmark = pytest.mark.django_db

LIST = "schools:standard_list"


def login(client, scene, who):
    client.force_login(scene.users[who])
    return client


def school_names(response) -> set[str]:
    return {row.name for row in response.context["table"].data}


def test_anonymous_users_are_sent_to_log_in(client, scene):
    school_pk = scene.senior.school_profile.pk
    urls = [
        reverse(LIST),
        reverse("schools:school_detail", args=[school_pk]),
        reverse("schools:profile_add"),
        reverse("schools:profile_edit", args=[school_pk]),
        reverse("schools:student_set"),
        reverse("schools:student_import"),
        reverse("schools:student_template"),
        reverse("schools:student_marked", args=["token"]),
        reverse("schools:standard_settings"),
        reverse("schools:reallocation_list"),
        reverse("schools:reallocation_add"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_the_office_sees_every_school_with_totals(client, scene, this_year):
    students(scene.senior.school_profile, this_year, senior=2000)
    page = login(client, scene, "office_staff").get(reverse(LIST), {"school_year": this_year})
    assert page.status_code == 200
    assert school_names(page) == {
        scene.senior.full_name,
        scene.junior.full_name,
        scene.township.full_name,
        scene.other_school.full_name,
    }
    row = next(r for r in rows(page) if r and r[0] == scene.senior.full_name)
    assert row[-5:] == ["2000", "160", "150", "0", "缺 10"]
    assert page.context["totals"].standard == 160
    searched = client.get(reverse(LIST), {"q": "第二"})
    assert school_names(searched) == {scene.junior.full_name}


def test_the_reviewer_sees_its_bureaus_schools_only(client, scene):
    page = login(client, scene, "reviewer").get(reverse(LIST))
    assert page.status_code == 200
    assert scene.other_school.full_name not in school_names(page)
    assert reverse("schools:reallocation_add") in page.content.decode()
    menu = (
        [entry["label"] for entry in page.context["menu"] for entry in entry.get("links", [entry])]
        if "menu" in page.context
        else None
    )
    assert "中小学编制" in page.content.decode()
    assert menu is None or "中小学编制" in menu


def offered(user) -> list[str]:
    return [
        link["label"] for entry in access.menu_for(user) for link in entry.get("links", [entry])
    ]


@pytest.mark.parametrize(
    ("who", "shown"),
    [("office_admin", True), ("reviewer", True), ("health_reviewer", False), ("clerk", False)],
)
def test_the_menu_offers_the_page_to_the_office_and_the_education_reviewer(scene, who, shown):
    assert ("中小学编制" in offered(scene.users[who])) is shown


@pytest.mark.parametrize("who", ["clerk", "partner", "health_reviewer"])
def test_other_roles_are_refused_the_page(client, scene, who):
    assert login(client, scene, who).get(reverse(LIST)).status_code == 403


def test_the_page_takes_a_constant_number_of_queries(client, scene, region, this_year):
    login(client, scene, "office_staff")
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(LIST), {"school_year": this_year})
    for index in range(5):
        more = school(region, f"测试县第{index + 3}小学", scene.bureau, 40)
        students(profile(more, "primary"), this_year, primary=700)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse(LIST), {"school_year": this_year})
    assert len(page.context["table"].data) == 9
    assert len(many) == len(few)


def test_the_ledger_is_the_pages_table(scene, this_year, tmp_path):
    students(scene.senior.school_profile, this_year, senior=2000)
    ledger = ledgers.get("school_standards")
    assert ledger.title == "中小学教职工编制核定台账"
    assert not ledger.missing_table_columns()
    path = tmp_path / "schools.xlsx"
    ledgers.write_ledger(
        ledger, user=scene.users["reviewer"], params={"school_year": this_year}, target=str(path)
    )
    sheet = read(path)
    assert sheet.headers()[:4] == ["序号", "学校", "学段", "寄宿制/乡镇"]
    assert sorted(sheet.column("学校")) == sorted(
        [scene.senior.full_name, scene.junior.full_name, scene.township.full_name]
    )
    assert sheet.totals()[sheet.headers().index("标准编制数")] == 160
    assert not ledger.allows(scene.users["clerk"])


def test_a_school_page_lists_its_years_and_history(client, scene, this_year):
    students(scene.township.school_profile, this_year, junior=480, primary=830)
    login(client, scene, "reviewer")
    page = client.get(reverse("schools:school_detail", args=[scene.township.school_profile.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "九年一贯制" in text and "寄宿制学校" in text and "登记学生数" in text
    assert len(page.context["history"]) == 2
    outside = reverse("schools:school_detail", args=[scene.other_school.school_profile.pk])
    assert client.get(outside).status_code == 404
    login(client, scene, "clerk")
    assert client.get(outside).status_code == 403


def test_the_reviewer_records_students_and_the_clerk_may_not(client, scene, this_year):
    data = {
        "school": scene.junior.school_profile.pk,
        "school_year": this_year,
        "junior": "1350",
        "reason": "教育事业统计",
    }
    login(client, scene, "clerk")
    assert client.get(reverse("schools:student_set")).status_code == 403
    login(client, scene, "reviewer")
    form = client.get(reverse("schools:student_set"), {"school": data["school"]})
    assert form.status_code == 200
    response = client.post(reverse("schools:student_set"), data)
    assert response.status_code == 302
    assert StudentCount.objects.get().students == 1350
    outside = {**data, "school": scene.other_school.school_profile.pk}
    assert client.post(reverse("schools:student_set"), outside).status_code == 200
    assert StudentCount.objects.count() == 1


def test_the_office_registers_and_edits_a_school(client, scene, region):
    new = PublicInstitutionFactory(region=region, full_name="测试县新区小学", sector="education")
    login(client, scene, "office_staff")
    assert client.get(reverse("schools:profile_add")).status_code == 200
    response = client.post(
        reverse("schools:profile_add"),
        {"institution": new.pk, "primary": "on", "township": "on", "reason": "新设学校"},
    )
    assert response.status_code == 302
    created = SchoolProfile.objects.get(institution=new)
    assert created.primary and created.township
    edit = reverse("schools:profile_edit", args=[created.pk])
    assert client.get(edit).status_code == 200
    assert (
        client.post(edit, {"primary": "on", "boarding": "on", "reason": "改寄宿"}).status_code
        == 302
    )
    created.refresh_from_db()
    assert created.boarding
    login(client, scene, "clerk")
    assert client.get(edit).status_code == 403


def _upload(rows_):
    book = Workbook()
    book.active.append(["学校名称", "学年", "高中学生数", "初中学生数", "小学学生数"])
    for row in rows_:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "学生数.xlsx"
    return buffer


def test_the_import_page_with_template_and_error_workbook(client, scene, this_year):
    login(client, scene, "office_staff")
    assert client.get(reverse("schools:student_import")).status_code == 200
    template = client.get(reverse("schools:student_template"))
    assert template.status_code == 200 and template["Content-Type"].endswith("sheet")
    bad = client.post(
        reverse("schools:student_import"),
        {"file": _upload([[scene.senior.full_name, this_year, None, 100, None]])},
    )
    assert bad.status_code == 200
    marked = bad.context["marked_url"]
    assert marked and client.get(marked).status_code == 200
    assert not StudentCount.objects.exists()
    good = client.post(
        reverse("schools:student_import"),
        {"file": _upload([[scene.senior.full_name, this_year, 1800, None, None]])},
    )
    assert good.context["result"].ok
    assert StudentCount.objects.get().students == 1800
    login(client, scene, "clerk")
    assert client.get(reverse("schools:student_import")).status_code == 403


def test_the_office_admin_sets_the_countys_standard(client, scene, region):
    url = reverse("schools:standard_settings")
    login(client, scene, "office_staff")
    assert client.get(url).status_code == 403
    login(client, scene, "office_admin")
    assert client.get(url).status_code == 200
    data = {
        "senior_ratio": "12.5",
        "junior_ratio": "13",
        "primary_ratio": "19",
        "boarding_percent": "5",
        "boarding_per_school": "2",
        "township_percent": "0",
        "township_per_school": "1",
        "reason": "县编委会议定",
    }
    assert client.post(url, data).status_code == 302
    standard = StaffingStandard.objects.get(region=region)
    assert (standard.junior_ratio, standard.township_per_school) == (13, 1)
    assert standard.history.get().history_user == scene.users["office_admin"]


def reallocation_data(scene, receiver, **changes):
    return {
        "source": scene.junior.quota_lines.get().pk,
        "target": receiver.school_profile.pk,
        "count": "4",
        "document_number": "测教发〔2026〕9号",
        "document_title": "关于调剂教职工编制的通知",
        "document_issued_on": TODAY.isoformat(),
        "effective_on": TODAY.isoformat(),
        "summary": "按学生数调剂",
        **changes,
    }


def test_the_reviewer_reallocates_on_its_page(client, scene):
    url = reverse("schools:reallocation_add")
    login(client, scene, "reviewer")
    form = client.get(url)
    assert form.status_code == 200
    assert "所属 3 所学校现有事业编制核定合计 330 名" in form.content.decode()
    response = client.post(url, reallocation_data(scene, scene.senior))
    assert response.status_code == 302
    assert response.url == reverse("schools:reallocation_list")
    reallocation = Reallocation.objects.get()
    assert (reallocation.count, reallocation.target) == (4, scene.senior)
    listed = client.get(reverse("schools:reallocation_list"), {"q": "第一中学"})
    assert listed.status_code == 200
    assert listed.context["table"].paginator.count == 1


def test_the_page_refuses_a_school_outside_the_bureau(client, scene):
    login(client, scene, "reviewer")
    data = reallocation_data(scene, scene.senior, target=scene.other_school.school_profile.pk)
    with nothing_written():
        response = client.post(reverse("schools:reallocation_add"), data)
    assert response.status_code == 200
    assert "target" in response.context["form"].errors


@pytest.mark.parametrize("who", ["clerk", "office_staff", "health_reviewer", "partner"])
def test_other_roles_are_refused_the_reallocation(client, scene, who):
    login(client, scene, who)
    url = reverse("schools:reallocation_add")
    assert client.get(url).status_code == 403
    with nothing_written():
        assert client.post(url, reallocation_data(scene, scene.senior)).status_code == 403


@pytest.mark.parametrize("who", ["office_staff", "reviewer"])
def test_the_reallocations_list_opens(client, scene, who):
    assert login(client, scene, who).get(reverse("schools:reallocation_list")).status_code == 200


def test_the_clerk_is_refused_the_reallocations_list(client, scene):
    assert (
        login(client, scene, "clerk").get(reverse("schools:reallocation_list")).status_code == 403
    )
