"""Rule 28, reallocation: the education bureau's reviewer moves quota among the bureau's own
schools as one 编制划转 with its document and history; the bureau's total never increases, a
school outside the bureau and every other role are refused, and a school goes below its
occupancy only with an over-establishment reason (rule 4)."""

import pytest
from django.core.exceptions import ValidationError

from schools import services
from schools.models import Reallocation
from schools.selectors import bureau_total
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm
from staffing.models import Adjustment
from staffing.services import BELOW_OCCUPANCY, LineChange
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.writes import nothing_written

pytestmark = pytest.mark.django_db

PUBLIC, FULL = EstablishmentType.PUBLIC, FundingForm.FULL


def move(institution, delta):
    return LineChange(PUBLIC, delta, institution, FULL)


def reallocate(scene, user="reviewer", moves=None, **kwargs):
    actor = scene.users[user] if isinstance(user, str) else user
    kwargs.setdefault("document", builders.document(scene.bureau))
    kwargs.setdefault("effective_on", TODAY)
    kwargs.setdefault("summary", "按学生数调剂编制")
    return services.school_quota_reallocate(
        actor=actor,
        moves=moves if moves is not None else [move(scene.junior, -5), move(scene.senior, 5)],
        **kwargs,
    )


def approved(institution) -> int:
    return institution.quota_lines.get(establishment_type=PUBLIC).approved


def test_the_reviewer_moves_quota_within_the_bureaus_total(scene):
    before = bureau_total(scene.bureau, establishment_type=PUBLIC)
    reallocation = reallocate(scene)
    assert (approved(scene.junior), approved(scene.senior)) == (95, 155)
    assert bureau_total(scene.bureau, establishment_type=PUBLIC) == before == 330
    adjustment = reallocation.adjustment
    assert adjustment.kind == AdjustmentKind.TRANSFER
    assert adjustment.applied_by == scene.users["reviewer"]
    assert (reallocation.source, reallocation.target, reallocation.count) == (
        scene.junior,
        scene.senior,
        5,
    )
    record = reallocation.history.get()
    assert record.history_user == scene.users["reviewer"]
    assert record.history_document == adjustment.document.number


def test_a_move_above_the_bureaus_total_is_refused(scene):
    with nothing_written(), pytest.raises(ValidationError) as refused:
        reallocate(scene, moves=[move(scene.junior, -3), move(scene.senior, 5)])
    assert refused.value.messages == [
        services.ABOVE_BUREAU_TOTAL
        % {"bureau": scene.bureau.full_name, "type": "事业编制", "plus": 5, "minus": 3, "excess": 2}
    ]
    assert not Reallocation.objects.exists()


def test_a_cut_without_its_counterpart_is_refused(scene):
    with pytest.raises(ValidationError) as refused:
        reallocate(scene, moves=[move(scene.junior, -5), move(scene.senior, 3)])
    assert "调出与调入须相等" in refused.value.messages[0]
    with pytest.raises(ValidationError) as one_sided:
        reallocate(scene, moves=[move(scene.junior, 5)])
    assert one_sided.value.messages == [services.NEEDS_BOTH]


def test_a_move_to_a_school_outside_the_bureau_is_refused(scene):
    with nothing_written(), pytest.raises(ValidationError) as refused:
        reallocate(scene, moves=[move(scene.junior, -5), move(scene.other_school, 5)])
    assert refused.value.messages == [
        services.OUTSIDE_BUREAU
        % {"name": scene.other_school.full_name, "bureau": scene.bureau.full_name}
    ]
    assert approved(scene.other_school) == 60


def test_a_move_to_a_unit_of_the_bureau_that_is_no_school_is_refused(scene, region):
    centre = PublicInstitutionFactory(
        region=region, full_name="测试县教师发展中心", parent=scene.bureau
    )
    with pytest.raises(ValidationError) as refused:
        reallocate(scene, moves=[move(scene.junior, -5), move(centre, 5)])
    assert refused.value.messages == [services.NOT_A_SCHOOL % {"name": centre.full_name}]


@pytest.mark.parametrize("user", ["office_staff", "clerk", "health_reviewer", "partner"])
def test_only_the_education_bureaus_reviewer_holds_the_right(scene, user):
    with nothing_written(), pytest.raises(ValidationError) as refused:
        reallocate(scene, user=user)
    assert refused.value.messages == [services.NOT_THE_BUREAUS_REVIEWER]


def test_another_bureaus_reviewer_cannot_move_this_bureaus_schools(scene):
    with pytest.raises(ValidationError) as refused:
        reallocate(scene, user="other_reviewer")
    assert refused.value.messages[0].startswith(f"“{scene.junior.full_name}”不是")


def test_below_occupancy_only_with_a_reason(scene):
    line = scene.junior.quota_lines.get()
    builders.staff(line, 98)
    with pytest.raises(ValidationError) as refused:
        reallocate(scene)
    assert refused.value.messages[0] == BELOW_OCCUPANCY % {
        "target": f"“{scene.junior.full_name}”",
        "type": line.type_label,
        "occupied": 98,
        "after": 95,
    }
    reallocate(scene, over_establishment_reason="生源减少，教师逐年分流")
    line.refresh_from_db()
    assert line.approved == 95 and line.over_establishment_reason


def test_the_bureaus_document_is_registered_once(scene):
    reviewer = scene.users["reviewer"]
    kwargs = {
        "number": "测教发〔2026〕3号",
        "title": "关于调剂教职工编制的通知",
        "issued_on": TODAY,
        "institutions": [scene.junior, scene.senior],
    }
    document = services.bureau_document(actor=reviewer, **kwargs)
    assert document.issuer == scene.bureau.full_name
    assert services.bureau_document(actor=reviewer, **kwargs) == document
    foreign = builders.document(scene.other_school)
    with pytest.raises(ValidationError) as refused:
        services.bureau_document(actor=reviewer, **{**kwargs, "number": foreign.number})
    assert services.DOCUMENT_TAKEN % {"number": foreign.number} in str(refused.value)
    assert Adjustment.objects.filter(kind=AdjustmentKind.TRANSFER).count() == 0
