"""Rule 5: leadership quotas (领导职数). Holders counting against a quota never exceed it, unless a
document allows it and the quota is then listed as 超职数配备; concurrent posts that do not count
need an exemption document; a quota is never set below its counting holders."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people import services as people_services
from people.models import (
    NOT_COUNTING_NEEDS_DOCUMENT,
    LeadershipAppointment,
)
from people.services import OVER_LEADERSHIP_QUOTA
from staffing import services
from staffing.choices import PostKind
from staffing.models import (
    DEPARTMENT_OF_OTHER_INSTITUTION,
    DEPARTMENT_POST_NEEDS_DEPARTMENT,
    OTHER_POST_NEEDS_TITLE,
    UNIT_POST_WITHOUT_DEPARTMENT,
    LeadershipQuota,
)
from staffing.selectors import leadership_with_figures, over_leadership_quota
from staffing.services import LEADERSHIP_BELOW_HOLDERS
from tests.kit import builders
from tests.kit.factories import DepartmentFactory, InstitutionFactory
from tests.kit.writes import attribution, nothing_written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]


@pytest.fixture
def staff(finance):
    """Four people active in 测试县财政局."""
    return [record.person for record in builders.staff(builders.quota(finance, 6), 4)]


def appoint(person, quota, actor, **fields):
    fields.setdefault("title", "局长")
    fields.setdefault("started_on", builders.ENTERED)
    fields.setdefault("document", builders.document(quota.institution))
    return people_services.appointment_start(person=person, quota=quota, actor=actor, **fields)


def set_quota(institution, approved, actor, post_kind=PostKind.UNIT_HEAD, **fields):
    return services.leadership_quota_set(
        institution=institution,
        post_kind=post_kind,
        approved=approved,
        document=builders.document(institution),
        actor=actor,
        reason="调整领导职数",
        **fields,
    )


def figures(quota):
    row = leadership_with_figures(LeadershipQuota.objects.filter(pk=quota.pk)).get()
    return {"核定": row.approved, "实配": row.filled, "缺配": row.shortfall, "超配": row.excess}


# --- appointments against the quota -------------------------------------------------------------


def test_a_second_unit_head_beyond_the_quota_is_refused(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    appoint(staff[0], head, actor)
    document = builders.document(finance)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        appoint(staff[1], head, actor, document=document)

    assert excinfo.value.messages == [
        OVER_LEADERSHIP_QUOTA % {"post": "测试县财政局 · 单位正职", "approved": 1, "filled": 1}
    ]


def test_deputies_fill_their_quota_up_to_its_count(finance, staff, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=2)
    appoint(staff[0], deputies, actor, title="副局长")
    appoint(staff[1], deputies, actor, title="副局长")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        appoint(staff[2], deputies, actor, title="副局长", document=builders.document(finance))

    assert excinfo.value.messages == [
        OVER_LEADERSHIP_QUOTA % {"post": "测试县财政局 · 单位副职", "approved": 2, "filled": 2}
    ]
    assert figures(deputies) == {"核定": 2, "实配": 2, "缺配": 0, "超配": 0}


def test_over_quota_with_a_document_is_allowed_and_listed_as_a_violation(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    appoint(staff[0], head, actor)
    allowing = builders.document(finance, title="关于同意超职数配备的批复")

    appointment = appoint(staff[1], head, actor, over_quota_document=allowing)

    assert appointment.over_quota_document == allowing
    assert figures(head) == {"核定": 1, "实配": 2, "缺配": 0, "超配": 1}
    listed = over_leadership_quota(LeadershipQuota.objects.all())
    assert [(q.pk, q.excess) for q in listed] == [(head.pk, 1)]


def test_a_quota_within_its_count_is_not_listed_as_over(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    appoint(staff[0], head, actor)
    builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=2)

    assert not over_leadership_quota(LeadershipQuota.objects.all())
    assert figures(head) == {"核定": 1, "实配": 1, "缺配": 0, "超配": 0}


def test_ending_an_appointment_frees_the_post(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    first = appoint(staff[0], head, actor)
    people_services.appointment_end(
        appointment=first,
        ended_on=builders.ENTERED,
        document=builders.document(finance),
        actor=actor,
    )

    appoint(staff[1], head, actor)

    assert figures(head) == {"核定": 1, "实配": 1, "缺配": 0, "超配": 0}


# --- concurrent posts that do not count ---------------------------------------------------------


def test_a_post_not_counting_against_the_quota_needs_an_exemption_document(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    document = builders.document(finance)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        appoint(staff[0], head, actor, counts_against_quota=False, document=document)

    assert excinfo.value.messages == [NOT_COUNTING_NEEDS_DOCUMENT]


def test_the_database_refuses_a_post_not_counting_without_an_exemption_document(finance, staff):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadershipAppointment.objects.create(
            person=staff[0],
            quota=head,
            title="局长",
            started_on=builders.ENTERED,
            start_document=builders.document(finance),
            counts_against_quota=False,
        )


def test_a_post_not_counting_with_its_document_is_allowed_on_a_full_quota(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    appoint(staff[0], head, actor)
    exemption = builders.document(finance, title="关于兼任职务不占职数的批复")

    appointment = appoint(
        staff[1], head, actor, counts_against_quota=False, exemption_document=exemption
    )

    assert (appointment.counts_against_quota, appointment.exemption_document) == (False, exemption)
    assert figures(head) == {"核定": 1, "实配": 1, "缺配": 0, "超配": 0}
    assert not over_leadership_quota(LeadershipQuota.objects.all())


def test_a_post_not_counting_leaves_the_room_to_a_counting_holder(finance, staff, actor):
    head = builders.leadership_quota(finance, PostKind.UNIT_HEAD, approved=1)
    appoint(
        staff[0],
        head,
        actor,
        counts_against_quota=False,
        exemption_document=builders.document(finance),
    )

    appoint(staff[1], head, actor)

    assert figures(head) == {"核定": 1, "实配": 1, "缺配": 0, "超配": 0}


# --- setting the quota --------------------------------------------------------------------------


def test_a_leadership_quota_cannot_go_below_its_counting_holders(finance, staff, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=3)
    appoint(staff[0], deputies, actor, title="副局长")
    appoint(staff[1], deputies, actor, title="副局长")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_quota(finance, 1, actor, PostKind.UNIT_DEPUTY)

    assert excinfo.value.messages == [
        LEADERSHIP_BELOW_HOLDERS % {"post": "测试县财政局 · 单位副职", "filled": 2, "approved": 1}
    ]
    deputies.refresh_from_db()
    assert deputies.approved == 3


def test_a_leadership_quota_may_go_down_to_its_counting_holders(finance, staff, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=3)
    appoint(staff[0], deputies, actor, title="副局长")
    appoint(staff[1], deputies, actor, title="副局长")

    set_quota(finance, 2, actor, PostKind.UNIT_DEPUTY)

    deputies.refresh_from_db()
    assert deputies.approved == 2


def test_holders_not_counting_or_ended_do_not_hold_up_a_lower_quota(finance, staff, actor):
    deputies = builders.leadership_quota(finance, PostKind.UNIT_DEPUTY, approved=2)
    appoint(staff[0], deputies, actor, title="副局长")
    ended = appoint(staff[1], deputies, actor, title="副局长")
    people_services.appointment_end(
        appointment=ended,
        ended_on=builders.ENTERED,
        document=builders.document(finance),
        actor=actor,
    )
    appoint(
        staff[2],
        deputies,
        actor,
        title="副局长（兼）",
        counts_against_quota=False,
        exemption_document=builders.document(finance),
    )

    set_quota(finance, 1, actor, PostKind.UNIT_DEPUTY)

    deputies.refresh_from_db()
    assert deputies.approved == 1


def test_a_department_post_needs_its_department(finance, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_quota(finance, 1, actor, PostKind.DEPARTMENT_HEAD)
    assert excinfo.value.messages == [DEPARTMENT_POST_NEEDS_DEPARTMENT]


def test_a_unit_post_takes_no_department(finance, actor):
    department = DepartmentFactory(institution=finance)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_quota(finance, 1, actor, PostKind.UNIT_HEAD, department=department)
    assert excinfo.value.messages == [UNIT_POST_WITHOUT_DEPARTMENT]


def test_a_department_post_must_be_in_a_department_of_the_institution(region, finance, actor):
    elsewhere = DepartmentFactory(institution=InstitutionFactory(region=region))
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_quota(finance, 1, actor, PostKind.DEPARTMENT_HEAD, department=elsewhere)
    assert excinfo.value.messages == [DEPARTMENT_OF_OTHER_INSTITUTION]


def test_an_other_post_needs_its_title(finance, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_quota(finance, 1, actor, PostKind.OTHER)
    assert excinfo.value.messages == [OTHER_POST_NEEDS_TITLE]


def test_other_posts_of_different_titles_are_separate_quotas(finance, actor):
    inspector = set_quota(finance, 1, actor, PostKind.OTHER, post_title="纪检组长")
    chief = set_quota(finance, 2, actor, PostKind.OTHER, post_title="总会计师")

    assert inspector.pk != chief.pk
    assert str(inspector) == "测试县财政局 · 纪检组长"


def test_department_quotas_are_per_department(finance, actor):
    budget = DepartmentFactory(institution=finance, name="预算股")
    treasury = DepartmentFactory(institution=finance, name="国库股")

    first = set_quota(finance, 1, actor, PostKind.DEPARTMENT_HEAD, department=budget)
    second = set_quota(finance, 1, actor, PostKind.DEPARTMENT_HEAD, department=treasury)

    assert first.pk != second.pk
    assert str(first) == "预算股 · 内设机构正职"


# --- history (rule 13) --------------------------------------------------------------------------


def test_setting_a_leadership_quota_records_one_history_entry_per_change(finance, actor):
    first_document = builders.document(finance)
    quota = services.leadership_quota_set(
        institution=finance,
        post_kind=PostKind.UNIT_DEPUTY,
        approved=2,
        document=first_document,
        actor=actor,
        reason="核定领导职数",
    )
    assert [attribution(r) for r in quota.history.all()] == [
        (actor, "核定领导职数", first_document.number)
    ]

    second_document = builders.document(finance)
    services.leadership_quota_set(
        institution=finance,
        post_kind=PostKind.UNIT_DEPUTY,
        approved=3,
        document=second_document,
        actor=actor,
        reason="增加副职职数",
    )

    assert LeadershipQuota.objects.count() == 1
    assert [attribution(r) for r in quota.history.order_by("history_id")] == [
        (actor, "核定领导职数", first_document.number),
        (actor, "增加副职职数", second_document.number),
    ]


def test_setting_a_leadership_quota_to_what_it_is_records_nothing(finance, actor):
    document = builders.document(finance)
    quota = services.leadership_quota_set(
        institution=finance,
        post_kind=PostKind.UNIT_DEPUTY,
        approved=2,
        document=document,
        actor=actor,
        reason="核定领导职数",
    )

    with nothing_written():
        services.leadership_quota_set(
            institution=finance,
            post_kind=PostKind.UNIT_DEPUTY,
            approved=2,
            document=document,
            actor=actor,
            reason="重复提交",
        )

    assert quota.history.count() == 1
