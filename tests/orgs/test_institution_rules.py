"""The rules of the institutions registry (domain.md §2, rule 8), checked through the services in
``orgs.services``: each refusal carries its Chinese message and writes nothing — no row and no
history record."""

import datetime
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs import services
from orgs.choices import (
    Category,
    InstitutionKind,
    Level,
    PublicServiceClass,
    Relation,
    Status,
    System,
)
from orgs.models import (
    CYCLE_MESSAGE,
    LEGAL_PERSON_ONLY_FOR_INSTITUTIONS,
    PUBLIC_SERVICE_CLASS_ONLY_FOR_INSTITUTIONS,
    PUBLIC_SERVICE_CLASS_REQUIRED,
    RELATION_NEEDS_PARENT,
    ApprovalDocument,
    Institution,
    InternalDepartment,
)
from orgs.services import (
    ABOLITION_DATE_IN_FUTURE,
    ABOLITION_NEEDS_DOCUMENT,
    ABOLITION_WITH_ACTIVE_CHILDREN,
    ALREADY_ABOLISHED,
    DEPARTMENT_ALREADY_ABOLISHED,
    INSTITUTION_ABOLISHED,
    PARENT_ABOLISHED,
    department_abolish,
    department_create,
    department_update,
    document_create,
    institution_abolish,
    institution_create,
    institution_update,
)
from tests.kit import writes
from tests.kit.clock import day
from tests.kit.factories import (
    DepartmentFactory,
    DocumentFactory,
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def constraint_message(model, name: str) -> str:
    [constraint] = [c for c in model._meta.constraints if c.name == name]
    return constraint.violation_error_message


NAME_TAKEN = constraint_message(Institution, "institution_active_name_unique_in_region")
DEPARTMENT_NAME_TAKEN = constraint_message(
    InternalDepartment, "department_active_name_unique_in_institution"
)
DOCUMENT_NUMBER_TAKEN = ApprovalDocument._meta.get_field("number").error_messages["unique"]

WATCHED = (Institution, InternalDepartment, ApprovalDocument)
nothing_written = partial(writes.nothing_written, WATCHED)


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def document(region):
    return DocumentFactory(region=region)


def organ(region, **fields):
    return {
        "full_name": "测试县财政局",
        "region": region,
        "kind": InstitutionKind.PARTY_GOVERNMENT,
        "system": System.GOVERNMENT,
        "category": Category.WORKING_DEPARTMENT,
        "level": Level.SECTION,
        **fields,
    }


def public_institution(region, **fields):
    return {
        "full_name": "测试县财政局国库集中支付中心",
        "region": region,
        "kind": InstitutionKind.PUBLIC_INSTITUTION,
        "system": System.OTHER,
        "category": Category.SUBORDINATE_INSTITUTION,
        "level": Level.DEPUTY_SECTION,
        "public_service_class": PublicServiceClass.CLASS_ONE,
        **fields,
    }


def abolish(institution, actor, document, on=None):
    return institution_abolish(
        institution=institution,
        document=document,
        abolished_on=on or timezone.localdate(),
        actor=actor,
        reason="机构改革撤销",
    )


# --- names ------------------------------------------------------------------------------------


def test_name_is_unique_among_active_institutions_of_a_region(region, actor):
    InstitutionFactory(region=region, full_name="测试县财政局")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **organ(region, full_name="测试县财政局"))
    assert excinfo.value.messages == [NAME_TAKEN]


def test_renaming_to_the_name_of_an_active_institution_of_the_region_is_refused(region, actor):
    InstitutionFactory(region=region, full_name="测试县财政局")
    other = InstitutionFactory(region=region, full_name="测试县审计局")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=other, actor=actor, reason="更名", changes={"full_name": "测试县财政局"}
        )
    assert excinfo.value.messages == [NAME_TAKEN]
    other.refresh_from_db()
    assert other.full_name == "测试县审计局"


def test_the_same_name_is_allowed_in_another_region(region, actor):
    InstitutionFactory(region=region, full_name="测试县财政局")
    institution = institution_create(
        actor=actor, **organ(RegionFactory(), full_name="测试县财政局")
    )
    assert institution.pk is not None


def test_the_name_of_an_abolished_institution_may_be_used_again(region, actor, document):
    first = InstitutionFactory(region=region, full_name="测试县财政局")
    abolish(first, actor, document)
    second = institution_create(actor=actor, **organ(region, full_name="测试县财政局"))
    assert second.pk != first.pk
    assert Institution.objects.filter(region=region, full_name="测试县财政局").count() == 2


def test_the_database_refuses_a_second_active_institution_of_the_same_name(region):
    InstitutionFactory(region=region, full_name="测试县财政局")
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(**organ(region, full_name="测试县财政局"))


def test_the_database_allows_the_name_of_an_abolished_institution(region, document, today):
    Institution.objects.create(
        **organ(region, full_name="测试县财政局"),
        status=Status.ABOLISHED,
        abolished_on=today,
        abolition_document=document,
    )
    Institution.objects.create(**organ(region, full_name="测试县财政局"))


# --- the tree ---------------------------------------------------------------------------------


def test_an_institution_cannot_be_its_own_parent(region, actor):
    institution = InstitutionFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=institution, actor=actor, reason="调整隶属", changes={"parent": institution}
        )
    assert excinfo.value.message_dict == {"parent": [CYCLE_MESSAGE]}


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_an_institution_cannot_be_placed_under_one_of_its_descendants(region, actor, depth):
    top = InstitutionFactory(region=region)
    node = top
    for _ in range(depth):
        node = InstitutionFactory(region=region, parent=node)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=top, actor=actor, reason="调整隶属", changes={"parent": node}
        )
    assert excinfo.value.message_dict == {"parent": [CYCLE_MESSAGE]}
    top.refresh_from_db()
    assert top.parent is None


def test_an_institution_may_move_under_an_unrelated_institution(region, actor):
    institution = InstitutionFactory(region=region)
    cousin = InstitutionFactory(region=region, parent=InstitutionFactory(region=region))
    moved = institution_update(
        institution=institution, actor=actor, reason="调整隶属", changes={"parent": cousin}
    )
    assert moved.parent == cousin


def test_a_relation_needs_a_parent(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **organ(region, relation=Relation.DIRECT))
    assert excinfo.value.message_dict == {"relation": [RELATION_NEEDS_PARENT]}


def test_removing_the_parent_while_keeping_the_relation_is_refused(region, actor):
    parent = InstitutionFactory(region=region)
    child = InstitutionFactory(region=region, parent=parent, relation=Relation.ASSIGNED)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(institution=child, actor=actor, reason="调整", changes={"parent": None})
    assert excinfo.value.message_dict == {"relation": [RELATION_NEEDS_PARENT]}


def test_a_new_institution_cannot_be_placed_under_an_abolished_parent(region, actor, document):
    parent = abolish(InstitutionFactory(region=region), actor, document)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **organ(region, parent=parent))
    assert excinfo.value.message_dict == {"parent": [PARENT_ABOLISHED % {"name": parent.full_name}]}


def test_an_institution_cannot_be_moved_under_an_abolished_parent(region, actor, document):
    parent = abolish(InstitutionFactory(region=region), actor, document)
    institution = InstitutionFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=institution, actor=actor, reason="调整隶属", changes={"parent": parent}
        )
    assert excinfo.value.message_dict == {"parent": [PARENT_ABOLISHED % {"name": parent.full_name}]}


def test_a_parent_abolished_after_it_was_read_is_still_refused(region, actor, document):
    """The service must judge the parent by the database, not by the caller's copy of it
    (a form that read the parent before another desk abolished it)."""
    parent = InstitutionFactory(region=region)
    abolish(parent, actor, document)  # ``parent`` in memory still reads 正常
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **organ(region, parent=parent))
    assert excinfo.value.message_dict == {"parent": [PARENT_ABOLISHED % {"name": parent.full_name}]}


# --- kind-dependent attributes ----------------------------------------------------------------


def test_a_public_institution_needs_its_public_service_class(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **public_institution(region, public_service_class=""))
    assert excinfo.value.message_dict == {"public_service_class": [PUBLIC_SERVICE_CLASS_REQUIRED]}


def test_a_civil_servant_managed_unit_may_leave_the_public_service_class_empty(region, actor):
    institution = institution_create(
        actor=actor,
        **public_institution(
            region, kind=InstitutionKind.CIVIL_SERVANT_MANAGED, public_service_class=""
        ),
    )
    assert institution.pk is not None


@pytest.mark.parametrize(
    "kind", [InstitutionKind.PARTY_GOVERNMENT, InstitutionKind.MASS_ORGANISATION]
)
def test_organs_have_no_public_service_class(region, actor, kind):
    fields = organ(region, kind=kind, public_service_class=PublicServiceClass.CLASS_TWO)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(actor=actor, **fields)
    assert excinfo.value.message_dict == {
        "public_service_class": [PUBLIC_SERVICE_CLASS_ONLY_FOR_INSTITUTIONS]
    }


def test_turning_a_public_institution_into_an_organ_must_drop_its_class(region, actor):
    institution = PublicInstitutionFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=institution,
            actor=actor,
            reason="转为行政机构",
            changes={"kind": InstitutionKind.PARTY_GOVERNMENT},
        )
    assert excinfo.value.message_dict == {
        "public_service_class": [PUBLIC_SERVICE_CLASS_ONLY_FOR_INSTITUTIONS]
    }


@pytest.mark.parametrize(
    "kind", [InstitutionKind.PARTY_GOVERNMENT, InstitutionKind.MASS_ORGANISATION]
)
def test_only_public_institutions_have_a_legal_person_certificate(region, actor, kind):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_create(
            actor=actor, **organ(region, kind=kind, legal_person_cert_no="事证第1号")
        )
    assert excinfo.value.message_dict == {
        "legal_person_cert_no": [LEGAL_PERSON_ONLY_FOR_INSTITUTIONS]
    }


@pytest.mark.parametrize(
    "kind", [InstitutionKind.PUBLIC_INSTITUTION, InstitutionKind.CIVIL_SERVANT_MANAGED]
)
def test_public_institutions_may_record_their_legal_person_certificate(region, actor, kind):
    institution = institution_create(
        actor=actor, **public_institution(region, kind=kind, legal_person_cert_no="事证第1号")
    )
    assert institution.legal_person_cert_no == "事证第1号"


# --- abolition (rule 8) -----------------------------------------------------------------------


def test_abolition_needs_a_document(region, actor):
    institution = InstitutionFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(institution, actor, None)
    assert excinfo.value.message_dict == {"document": [ABOLITION_NEEDS_DOCUMENT]}
    institution.refresh_from_db()
    assert institution.status == Status.ACTIVE


def test_abolition_cannot_be_dated_in_the_future(region, actor, document, today):
    institution = InstitutionFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(institution, actor, document, on=today + datetime.timedelta(days=1))
    assert excinfo.value.message_dict == {"abolished_on": [ABOLITION_DATE_IN_FUTURE]}


def test_abolition_may_be_dated_today_or_earlier(region, actor, document, today):
    earlier = InstitutionFactory(region=region)
    on_the_day = InstitutionFactory(region=region)
    assert abolish(earlier, actor, document, on=today - datetime.timedelta(days=30)).abolished_on
    assert abolish(on_the_day, actor, document, on=today).abolished_on == today


def test_an_institution_with_active_children_cannot_be_abolished(region, actor, document):
    parent = InstitutionFactory(region=region)
    InstitutionFactory(region=region, parent=parent, full_name="测试县第一中学", sort_order=1)
    InstitutionFactory(region=region, parent=parent, full_name="测试县第二中学", sort_order=2)
    gone = InstitutionFactory(region=region, parent=parent, full_name="测试县第三中学")
    abolish(gone, actor, document)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(parent, actor, document)
    assert excinfo.value.messages == [
        ABOLITION_WITH_ACTIVE_CHILDREN % {"count": 2, "names": "测试县第一中学、测试县第二中学"}
    ]


def test_the_active_children_message_names_at_most_five(region, actor, document):
    parent = InstitutionFactory(region=region)
    names = [f"测试县第{n}小学" for n in range(1, 8)]
    for order, name in enumerate(names):
        InstitutionFactory(region=region, parent=parent, full_name=name, sort_order=order)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(parent, actor, document)
    assert excinfo.value.messages == [
        ABOLITION_WITH_ACTIVE_CHILDREN % {"count": 7, "names": "、".join(names[:5])}
    ]


def test_an_institution_whose_children_are_all_abolished_may_be_abolished(region, actor, document):
    parent = InstitutionFactory(region=region)
    abolish(InstitutionFactory(region=region, parent=parent), actor, document)
    assert abolish(parent, actor, document).status == Status.ABOLISHED


def test_an_institution_cannot_be_abolished_twice(region, actor, document):
    institution = abolish(InstitutionFactory(region=region), actor, document)
    another_document = DocumentFactory(region=region)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(institution, actor, another_document)
    assert excinfo.value.messages == [ALREADY_ABOLISHED]
    institution.refresh_from_db()
    assert institution.abolition_document == document


def test_abolition_records_its_date_and_document(region, actor, document, today):
    on = today - datetime.timedelta(days=3)
    abolish(InstitutionFactory(region=region, full_name="测试县档案局"), actor, document, on=on)
    institution = Institution.objects.get(full_name="测试县档案局")
    assert institution.status == Status.ABOLISHED
    assert institution.abolished_on == on
    assert institution.abolition_document == document


def test_abolition_takes_the_active_internal_departments_with_it(region, actor, document, today):
    institution = InstitutionFactory(region=region)
    first = DepartmentFactory(institution=institution, name="办公室")
    second = DepartmentFactory(institution=institution, name="财务股")
    earlier_document = DocumentFactory(region=region)
    long_ago = today - datetime.timedelta(days=400)
    old = department_abolish(
        department=DepartmentFactory(institution=institution, name="法规股"),
        document=earlier_document,
        abolished_on=long_ago,
        actor=actor,
        reason="内设机构调整",
    )
    on = today - datetime.timedelta(days=1)

    abolish(institution, actor, document, on=on)

    for department in (first, second):
        department.refresh_from_db()
        assert department.status == Status.ABOLISHED
        assert department.abolished_on == on
        assert department.abolition_document == document
    old.refresh_from_db()
    assert (old.abolished_on, old.abolition_document) == (long_ago, earlier_document)


@pytest.fixture
def establishment_remaining():
    """A check another app would add (rule 8: no establishment left before abolition)."""
    seen = []

    def check(institution):
        seen.append(institution.pk)
        return [f"“{institution.full_name}”仍有 3 名在编人员，请先办理出编或划转。"]

    services.abolition_checks.append(check)
    yield seen
    services.abolition_checks.remove(check)


@pytest.fixture
def nothing_remaining():
    def check(institution):
        return []

    services.abolition_checks.append(check)
    yield
    services.abolition_checks.remove(check)


def test_abolition_checks_of_other_apps_block_abolition_with_their_message(
    region, actor, document, establishment_remaining
):
    institution = InstitutionFactory(region=region, full_name="测试县林业站")
    DepartmentFactory(institution=institution)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        abolish(institution, actor, document)
    assert excinfo.value.messages == ["“测试县林业站”仍有 3 名在编人员，请先办理出编或划转。"]
    assert establishment_remaining == [institution.pk]
    assert institution.departments.get().status == Status.ACTIVE


def test_abolition_checks_that_find_nothing_let_abolition_through(
    region, actor, document, nothing_remaining
):
    assert abolish(InstitutionFactory(region=region), actor, document).status == Status.ABOLISHED


def test_an_abolished_institution_cannot_be_changed(region, actor, document):
    institution = abolish(InstitutionFactory(region=region), actor, document)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_update(
            institution=institution, actor=actor, reason="更名", changes={"short_name": "新简称"}
        )
    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": institution.full_name}]


def test_the_database_refuses_an_abolition_without_document(region, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(**organ(region), status=Status.ABOLISHED, abolished_on=today)


def test_the_database_refuses_an_abolition_without_date(region, document):
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(
            **organ(region), status=Status.ABOLISHED, abolition_document=document
        )


def test_the_database_refuses_a_department_abolished_without_document(region, today):
    institution = InstitutionFactory(region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        InternalDepartment.objects.create(
            institution=institution, name="办公室", status=Status.ABOLISHED, abolished_on=today
        )


# --- internal departments ---------------------------------------------------------------------


def test_department_name_is_unique_among_active_departments_of_an_institution(region, actor):
    institution = InstitutionFactory(region=region)
    DepartmentFactory(institution=institution, name="办公室")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_create(actor=actor, institution=institution, name="办公室")
    assert excinfo.value.messages == [DEPARTMENT_NAME_TAKEN]


def test_renaming_a_department_to_a_taken_name_is_refused(region, actor):
    institution = InstitutionFactory(region=region)
    DepartmentFactory(institution=institution, name="办公室")
    other = DepartmentFactory(institution=institution, name="财务股")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_update(department=other, actor=actor, reason="更名", changes={"name": "办公室"})
    assert excinfo.value.messages == [DEPARTMENT_NAME_TAKEN]


def test_the_same_department_name_is_allowed_in_another_institution(region, actor):
    DepartmentFactory(institution=InstitutionFactory(region=region), name="办公室")
    department = department_create(
        actor=actor, institution=InstitutionFactory(region=region), name="办公室"
    )
    assert department.pk is not None


def test_the_name_of_an_abolished_department_may_be_used_again(region, actor, document, today):
    institution = InstitutionFactory(region=region)
    department_abolish(
        department=DepartmentFactory(institution=institution, name="办公室"),
        document=document,
        abolished_on=today,
        actor=actor,
        reason="内设机构调整",
    )
    assert department_create(actor=actor, institution=institution, name="办公室").pk


def test_the_database_refuses_a_second_active_department_of_the_same_name(region):
    institution = InstitutionFactory(region=region)
    DepartmentFactory(institution=institution, name="办公室")
    with pytest.raises(IntegrityError), transaction.atomic():
        InternalDepartment.objects.create(institution=institution, name="办公室")


def test_no_department_is_added_to_an_abolished_institution(region, actor, document):
    institution = abolish(InstitutionFactory(region=region), actor, document)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_create(actor=actor, institution=institution, name="办公室")
    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": institution.full_name}]


def test_no_department_is_added_to_an_institution_abolished_after_it_was_read(
    region, actor, document
):
    institution = InstitutionFactory(region=region)
    abolish(institution, actor, document)  # ``institution`` in memory still reads 正常
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_create(actor=actor, institution=institution, name="办公室")
    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": institution.full_name}]


def test_department_abolition_needs_a_document(region, actor, today):
    department = DepartmentFactory(institution=InstitutionFactory(region=region))
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_abolish(
            department=department, document=None, abolished_on=today, actor=actor, reason="调整"
        )
    assert excinfo.value.message_dict == {"document": [ABOLITION_NEEDS_DOCUMENT]}


def test_department_abolition_cannot_be_dated_in_the_future(region, actor, document, today):
    department = DepartmentFactory(institution=InstitutionFactory(region=region))
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_abolish(
            department=department,
            document=document,
            abolished_on=today + datetime.timedelta(days=1),
            actor=actor,
            reason="调整",
        )
    assert excinfo.value.message_dict == {"abolished_on": [ABOLITION_DATE_IN_FUTURE]}


def test_an_abolished_department_cannot_be_changed_or_abolished_again(
    region, actor, document, today
):
    department = department_abolish(
        department=DepartmentFactory(institution=InstitutionFactory(region=region)),
        document=document,
        abolished_on=today,
        actor=actor,
        reason="调整",
    )
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_update(department=department, actor=actor, reason="更名", changes={"name": "新"})
    assert excinfo.value.messages == [DEPARTMENT_ALREADY_ABOLISHED]
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        department_abolish(
            department=department, document=document, abolished_on=today, actor=actor, reason="x"
        )
    assert excinfo.value.messages == [DEPARTMENT_ALREADY_ABOLISHED]


# --- approval documents -----------------------------------------------------------------------


def test_a_document_number_is_registered_once(region, actor):
    DocumentFactory(region=region, number="测编发〔2026〕12号")
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        document_create(
            actor=actor,
            number="测编发〔2026〕12号",
            title="关于调整机构编制的批复",
            issuer="测试县机构编制委员会",
            issued_on=day(2, 1),
            region=region,
        )
    assert excinfo.value.message_dict == {"number": [DOCUMENT_NUMBER_TAKEN]}
    assert DOCUMENT_NUMBER_TAKEN == "该文号已经登记，请勿重复录入。"


def test_abolition_cannot_be_smuggled_through_an_update(region, actor, document):
    from orgs.services import ABOLITION_FIELDS_IN_UPDATE

    institution = InstitutionFactory(region=region)
    department = DepartmentFactory(institution=institution)
    for changes in [
        {
            "status": "abolished",
            "abolished_on": day(1, 1),
            "abolition_document": document,
        },
        {"abolished_on": day(1, 1)},
    ]:
        with nothing_written(), pytest.raises(ValidationError) as refused:
            institution_update(institution=institution, actor=actor, reason="绕过", changes=changes)
        assert refused.value.messages == [ABOLITION_FIELDS_IN_UPDATE]
    with nothing_written(), pytest.raises(ValidationError):
        department_update(
            department=department, actor=actor, reason="绕过", changes={"status": "abolished"}
        )
    institution.refresh_from_db()
    assert institution.is_active


def test_documents_an_institution_was_founded_and_abolished_under_concern_it(region, actor, today):
    founding = DocumentFactory(region=region)
    institution = institution_create(
        actor=actor, reason="新设", establishing_document=founding, **organ(region)
    )
    abolition = DocumentFactory(region=region)
    institution_abolish(
        institution=institution, document=abolition, abolished_on=today, actor=actor, reason="撤销"
    )
    assert set(institution.documents.all()) == {founding, abolition}
