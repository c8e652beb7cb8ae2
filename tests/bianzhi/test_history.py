"""Rule 13: every change to domain data is recorded with who, when, why and the document number;
the change log reads that history back as labelled old → new values."""

import datetime
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bianzhi.access import Role
from bianzhi.history import (
    EMPTY,
    SYSTEM_USERNAME,
    attribute,
    change_log,
    save_tracked,
    system_actor,
)
from bianzhi.privacy import FULL
from orgs.choices import (
    Category,
    InstitutionKind,
    Level,
    PublicServiceClass,
    Relation,
    System,
)
from orgs.models import ApprovalDocument, Institution, InternalDepartment, UserScope
from orgs.services import (
    department_abolish,
    department_create,
    department_update,
    document_create,
    document_update,
    institution_abolish,
    institution_create,
    institution_update,
)
from tests.kit.clock import day
from tests.kit.factories import (
    DepartmentFactory,
    DocumentFactory,
    InstitutionFactory,
    RegionFactory,
    UserFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@contextmanager
def history_written(model):
    """Collect the history records of ``model`` written inside the block, oldest first."""
    before = set(model.history.values_list("history_id", flat=True))
    written: list = []
    yield written
    written.extend(model.history.exclude(history_id__in=before).order_by("history_id"))


def assert_attributed(record, *, actor, reason, document_number):
    assert record.history_user == actor
    assert record.history_change_reason == reason
    assert record.history_document == document_number


@pytest.fixture
def region():
    return RegionFactory(name="测试县")


@pytest.fixture
def actor():
    return UserFactory(username="zhangsan", first_name="张三")


@pytest.fixture
def document(region):
    return DocumentFactory(region=region, number="测编发〔2026〕7号")


def organ(region, **fields):
    return {
        "full_name": "测试县统计局",
        "region": region,
        "kind": InstitutionKind.PARTY_GOVERNMENT,
        "system": System.GOVERNMENT,
        "category": Category.WORKING_DEPARTMENT,
        "level": Level.SECTION,
        **fields,
    }


# --- every write is recorded once, with actor, reason and document ----------------------------


def test_creating_an_institution_records_actor_reason_and_document(region, actor, document):
    with history_written(Institution) as written:
        institution_create(actor=actor, reason="新设统计局", document=document, **organ(region))
    [record] = written
    assert record.history_type == "+"
    assert_attributed(record, actor=actor, reason="新设统计局", document_number=document.number)


def test_the_establishing_document_is_the_document_of_the_creation(region, actor, document):
    with history_written(Institution) as written:
        institution_create(actor=actor, **organ(region, establishing_document=document))
    [record] = written
    assert_attributed(record, actor=actor, reason="新设机构", document_number=document.number)


def test_updating_an_institution_records_actor_reason_and_document(region, actor, document):
    institution = InstitutionFactory(region=region)
    with history_written(Institution) as written:
        institution_update(
            institution=institution,
            actor=actor,
            reason="调整规格",
            changes={"level": Level.DEPUTY_DIVISION},
            document=document,
        )
    [record] = written
    assert record.history_type == "~"
    assert_attributed(record, actor=actor, reason="调整规格", document_number=document.number)


def test_abolishing_an_institution_records_one_entry_for_it_and_each_department(
    region, actor, document
):
    institution = InstitutionFactory(region=region)
    DepartmentFactory(institution=institution, name="办公室")
    DepartmentFactory(institution=institution, name="综合股")
    with history_written(Institution) as written, history_written(InternalDepartment) as deps:
        institution_abolish(
            institution=institution,
            document=document,
            abolished_on=timezone.localdate(),
            actor=actor,
            reason="机构改革",
        )
    [record] = written
    assert_attributed(record, actor=actor, reason="机构改革", document_number=document.number)
    assert len(deps) == 2
    for record in deps:
        assert_attributed(record, actor=actor, reason="机构改革", document_number=document.number)


def test_department_writes_record_actor_reason_and_document(region, actor, document):
    institution = InstitutionFactory(region=region)
    with history_written(InternalDepartment) as created:
        department = department_create(
            actor=actor,
            reason="新设内设机构",
            document=document,
            institution=institution,
            name="办公室",
        )
    with history_written(InternalDepartment) as updated:
        department_update(
            department=department,
            actor=actor,
            reason="更名",
            changes={"name": "综合办公室"},
            document=document,
        )
    with history_written(InternalDepartment) as abolished:
        department_abolish(
            department=department,
            document=document,
            abolished_on=timezone.localdate(),
            actor=actor,
            reason="撤销内设机构",
        )
    for written, reason in [
        (created, "新设内设机构"),
        (updated, "更名"),
        (abolished, "撤销内设机构"),
    ]:
        [record] = written
        assert_attributed(record, actor=actor, reason=reason, document_number=document.number)


def test_registering_a_document_with_its_institutions_is_one_record(region, actor):
    first, second = InstitutionFactory(region=region), InstitutionFactory(region=region)
    with history_written(ApprovalDocument) as written:
        document = document_create(
            actor=actor,
            number="测编发〔2026〕9号",
            title="关于统计局机构编制的批复",
            issuer="测试县机构编制委员会",
            issued_on=day(2, 1),
            region=region,
            institutions=[first, second],
        )
    [record] = written
    assert record.history_type == "+"
    assert_attributed(record, actor=actor, reason="登记批准文件", document_number=document.number)
    assert {row.institution_id for row in record.institutions.all()} == {first.pk, second.pk}


@pytest.mark.parametrize(
    ("changes", "new_institutions"),
    [
        ({"title": "更正后的标题"}, None),
        ({}, "second"),
        ({"title": "更正后的标题"}, "second"),
    ],
    ids=["fields", "institutions", "both"],
)
def test_updating_a_document_is_one_record(region, actor, changes, new_institutions):
    first, second = InstitutionFactory(region=region), InstitutionFactory(region=region)
    document = DocumentFactory(region=region)
    document.institutions.add(first)
    institutions = [first, second] if new_institutions else None
    with history_written(ApprovalDocument) as written:
        document_update(
            document=document,
            actor=actor,
            reason="更正批准文件",
            changes=changes,
            institutions=institutions,
        )
    [record] = written
    assert_attributed(record, actor=actor, reason="更正批准文件", document_number=document.number)


def test_an_update_without_a_real_change_records_nothing(region, actor, document):
    institution = InstitutionFactory(region=region, short_name="统计局")
    department = DepartmentFactory(institution=institution, name="办公室")
    document.institutions.add(institution)
    with (
        history_written(Institution) as institutions,
        history_written(InternalDepartment) as departments,
        history_written(ApprovalDocument) as documents,
    ):
        institution_update(
            institution=institution,
            actor=actor,
            reason="无变化",
            changes={"short_name": "统计局", "level": institution.level},
        )
        department_update(department=department, actor=actor, reason="无变化", changes={})
        department_update(
            department=department, actor=actor, reason="无变化", changes={"name": "办公室"}
        )
        document_update(
            document=document,
            actor=actor,
            reason="无变化",
            changes={"title": document.title},
            institutions=[institution],
        )
    assert (institutions, departments, documents) == ([], [], [])


# --- attribution is required ------------------------------------------------------------------


def test_attribute_refuses_a_change_without_actor(region):
    with pytest.raises(ValueError, match="actor"):
        attribute(InstitutionFactory.build(region=region), actor=None, reason="新设机构")


@pytest.mark.parametrize("reason", ["", None])
def test_attribute_refuses_a_change_without_reason(region, actor, reason):
    with pytest.raises(ValueError, match="reason"):
        attribute(InstitutionFactory.build(region=region), actor=actor, reason=reason)


def test_a_service_write_without_actor_writes_nothing(region):
    with history_written(Institution) as written, pytest.raises(ValueError):
        institution_create(actor=None, **organ(region))
    assert written == []
    assert not Institution.objects.filter(full_name="测试县统计局").exists()


def test_save_tracked_without_reason_writes_nothing(region, actor):
    with history_written(Institution) as written, pytest.raises(ValueError):
        save_tracked(Institution(**organ(region)), actor=actor, reason="")
    assert written == []
    assert not Institution.objects.exists()


# --- the system actor -------------------------------------------------------------------------


def test_the_system_actor_cannot_log_in():
    user = system_actor()
    assert user.username == SYSTEM_USERNAME
    assert not user.is_active
    assert not user.has_usable_password()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_the_system_actor_is_created_once_and_reused():
    User = get_user_model()
    first = system_actor()
    count = User.objects.count()
    assert system_actor().pk == first.pk
    assert User.objects.count() == count


# --- reading history back: change_log ---------------------------------------------------------


@pytest.fixture
def changed_institution(region, actor, document):
    """Created, then re-graded under a document, then placed under a parent by someone else."""
    parent = InstitutionFactory(region=region, full_name="测试县教育局")
    other = UserFactory(username="lisi", first_name="李四")
    institution = institution_create(
        actor=actor,
        reason="新设机构",
        document=document,
        full_name="测试县教育考试中心",
        short_name="考试中心",
        region=region,
        kind=InstitutionKind.PUBLIC_INSTITUTION,
        system=System.OTHER,
        category=Category.SUBORDINATE_INSTITUTION,
        level=Level.SECTION,
        public_service_class=PublicServiceClass.CLASS_ONE,
    )
    regrading = DocumentFactory(region=region, number="测编发〔2026〕8号")
    institution_update(
        institution=institution,
        actor=actor,
        reason="调整规格",
        document=regrading,
        changes={"level": Level.DEPUTY_DIVISION, "established_on": datetime.date(2020, 3, 1)},
    )
    institution_update(
        institution=institution,
        actor=other,
        reason="明确主管部门",
        changes={"parent": parent, "relation": Relation.DIRECT, "short_name": ""},
    )
    return institution


def triples(entry):
    return [(c.label, c.old, c.new) for c in entry.changes]


def test_change_log_lists_entries_newest_first(changed_institution):
    log = change_log(changed_institution, policy=FULL)
    assert [entry.reason for entry in log] == ["明确主管部门", "调整规格", "新设机构"]
    assert [entry.kind for entry in log] == ["修改", "修改", "新建"]
    assert [entry.who for entry in log] == ["李四", "张三", "张三"]
    assert [entry.document for entry in log] == ["", "测编发〔2026〕8号", "测编发〔2026〕7号"]
    assert log[0].when >= log[1].when >= log[2].when


def test_change_log_shows_choice_labels_and_dates(changed_institution):
    regrading = change_log(changed_institution, policy=FULL)[1]
    assert triples(regrading) == [
        ("机构规格", "正科级", "副处级"),
        ("设立日期", EMPTY, "2020-03-01"),
    ]


def test_change_log_shows_related_names_and_empty_values(changed_institution):
    placing = change_log(changed_institution, policy=FULL)[0]
    assert triples(placing) == [
        ("简称", "考试中心", EMPTY),
        ("主管部门（举办单位）", EMPTY, "测试县教育局"),
        ("隶属关系", EMPTY, "直属"),
    ]
    assert EMPTY == "（空）"


def test_change_log_of_a_creation_lists_the_values_given(changed_institution, region):
    creation = change_log(changed_institution, policy=FULL)[-1]
    shown = {label: (old, new) for label, old, new in triples(creation)}
    assert shown["机构全称"] == ("", "测试县教育考试中心")
    assert shown["行政区划"] == ("", region.name)
    assert shown["单位类型"] == ("", "事业单位")
    assert shown["事业单位分类"] == ("", "公益一类")
    assert shown["设立文件"] == ("", "测编发〔2026〕7号")
    assert shown["状态"] == ("", "正常")
    # Fields left empty at creation are not listed.
    assert "主管部门（举办单位）" not in shown
    assert "设立日期" not in shown


def test_change_log_shows_yes_and_no_for_flags(region, actor):
    user = make_user(Role.PARTNER, region=region)
    scope = UserScope.objects.get(user=user)
    scope.may_see_full_id = True
    save_tracked(scope, actor=actor, reason="授权查看完整身份证号")
    assert triples(change_log(scope, policy=FULL)[0]) == [("可查看完整身份证号", "否", "是")]


def institution_changed_times(region, actor, times: int) -> Institution:
    parents = [InstitutionFactory(region=region) for _ in range(3)]
    institution = institution_create(
        actor=actor,
        document=DocumentFactory(region=region),
        **organ(region, full_name=f"测试县第{times}次调整的机构"),
    )
    for n in range(times):
        institution_update(
            institution=institution,
            actor=UserFactory(),
            reason=f"第{n + 1}次调整",
            document=DocumentFactory(region=region),
            changes={"parent": parents[n % 3], "sort_order": n + 1},
        )
    return institution


def test_change_log_queries_do_not_grow_with_the_number_of_changes(
    region, actor, django_assert_max_num_queries
):
    few = institution_changed_times(region, actor, 3)
    many = institution_changed_times(region, actor, 30)
    with CaptureQueriesContext(connection) as few_queries:
        assert len(change_log(few, policy=FULL)) == 4
    with CaptureQueriesContext(connection) as many_queries:
        assert len(change_log(many, policy=FULL)) == 31
    assert len(many_queries) == len(few_queries)
    # history with its users, then one query per related model: regions, institutions, documents
    with django_assert_max_num_queries(4):
        change_log(many, policy=FULL)
