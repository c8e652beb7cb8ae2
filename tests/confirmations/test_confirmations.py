"""Rule 47: 组织 confirms civil-servant registration, 人社 confirms 事业单位聘用, each only its
own and in its region; a rejection needs its reason; who and why are in the history; a change of
the status or of the placement puts the confirmation back to 待确认."""

import pytest
from django.core.exceptions import ValidationError

from confirmations import selectors, services
from confirmations.choices import ConfirmationState, StatusKind
from confirmations.models import REJECTION_NEEDS_REASON, IdentityConfirmation
from people import services as people_services
from tests.kit import builders
from tests.kit.clock import day


def state_of(user, record) -> str:
    return selectors.worklist(user).get(pk=record.pk).confirmation_state


def test_each_department_lists_the_statuses_it_answers_for(scene):
    assert [row.pk for row in selectors.worklist(scene.organization)] == [scene.civil_servant.pk]
    assert [row.pk for row in selectors.worklist(scene.human_resources)] == [scene.teacher.pk]
    office_rows = {row.pk: row.status_kind for row in selectors.worklist(scene.office)}
    assert office_rows == {
        scene.civil_servant.pk: StatusKind.CIVIL_SERVICE,
        scene.teacher.pk: StatusKind.EMPLOYMENT,
    }


def test_a_status_not_yet_confirmed_is_pending(scene):
    assert state_of(scene.organization, scene.civil_servant) == ConfirmationState.PENDING


def test_the_organization_partner_confirms_a_civil_servants_registration(scene):
    (confirmation,) = services.confirm(records=[scene.civil_servant], actor=scene.organization)
    assert confirmation.kind == StatusKind.CIVIL_SERVICE
    assert confirmation.decided_by == scene.organization
    assert state_of(scene.organization, scene.civil_servant) == ConfirmationState.CONFIRMED
    (entry,) = confirmation.history.all()
    assert entry.history_user == scene.organization
    assert entry.history_change_reason == "确认公务员登记"


def test_the_human_resources_partner_confirms_a_teachers_employment(scene):
    (confirmation,) = services.confirm(records=[scene.teacher], actor=scene.human_resources)
    assert confirmation.kind == StatusKind.EMPLOYMENT
    assert state_of(scene.human_resources, scene.teacher) == ConfirmationState.CONFIRMED


def test_neither_department_confirms_the_others_status(scene):
    with pytest.raises(ValidationError, match="不在本部门（组织部门）确认公务员登记的范围内"):
        services.confirm(records=[scene.teacher], actor=scene.organization)
    with pytest.raises(ValidationError, match="人力资源社会保障部门"):
        services.reject(record=scene.civil_servant, actor=scene.human_resources, reason="不符")
    assert not IdentityConfirmation.objects.exists()


def test_the_office_and_other_partners_do_not_confirm(scene, world):
    for user in (scene.office, world.users["partner"]):
        with pytest.raises(ValidationError, match="只有组织部门、人社部门"):
            services.confirm(records=[scene.civil_servant], actor=user)


def test_a_partner_confirms_only_in_its_region(scene):
    assert not selectors.worklist(scene.foreign_organization).exists()
    with pytest.raises(ValidationError, match="不在本部门"):
        services.confirm(records=[scene.civil_servant], actor=scene.foreign_organization)


def test_a_rejection_needs_its_reason_and_keeps_it_in_the_history(scene):
    with pytest.raises(ValidationError) as refused:
        services.reject(record=scene.civil_servant, actor=scene.organization, reason="  ")
    assert refused.value.message_dict == {"reason": [REJECTION_NEEDS_REASON]}
    confirmation = services.reject(
        record=scene.civil_servant, actor=scene.organization, reason="未查到登记备案"
    )
    assert confirmation.state == ConfirmationState.REJECTED
    assert confirmation.reason == "未查到登记备案"
    entry = confirmation.history.latest()
    assert entry.history_user == scene.organization
    assert entry.history_change_reason == "退回公务员登记：未查到登记备案"


def test_a_change_of_the_recorded_status_puts_it_back_to_pending(scene, world):
    services.confirm(records=[scene.teacher], actor=scene.human_resources)
    people_services.person_update(
        person=scene.teacher.person,
        changes={"employment_contract_signed": False},
        actor=scene.office,
        reason="更正聘用合同登记",
    )
    confirmation = IdentityConfirmation.objects.get()
    assert confirmation.state == ConfirmationState.PENDING
    assert confirmation.decided_by is None
    entry = confirmation.history.latest()
    assert entry.history_user == scene.office
    assert "规则 47" in entry.history_change_reason
    # Signed again: still to be confirmed, now on the worklist again.
    people_services.person_update(
        person=scene.teacher.person,
        changes={"employment_contract_signed": True},
        actor=scene.office,
        reason="补签聘用合同",
    )
    assert state_of(scene.human_resources, scene.teacher) == ConfirmationState.PENDING


def test_a_change_of_the_post_puts_it_back_to_pending(scene):
    services.reject(record=scene.civil_servant, actor=scene.organization, reason="岗位不符")
    people_services.record_correct(
        record=scene.civil_servant,
        changes={"post_category": "professional"},
        actor=scene.office,
        reason="更正岗位类别",
    )
    assert state_of(scene.organization, scene.civil_servant) == ConfirmationState.PENDING
    assert IdentityConfirmation.objects.get().reason == ""


def test_a_transfer_starts_unconfirmed_on_the_new_record(scene, world):
    services.confirm(records=[scene.civil_servant], actor=scene.organization)
    line = builders.quota(world.supervisor, 2)
    new_record = people_services.transfer_register(
        record=scene.civil_servant,
        quota_line=line,
        permit=builders.permit(line),
        transferred_on=day(3, 1),
        post_category="management",
        actor=scene.office,
    )
    assert state_of(scene.organization, new_record) == ConfirmationState.PENDING
    assert not selectors.worklist(scene.organization).filter(pk=scene.civil_servant.pk).exists()


def test_an_unchanged_save_keeps_the_confirmation(scene):
    services.confirm(records=[scene.civil_servant], actor=scene.organization)
    people_services.person_update(
        person=scene.civil_servant.person,
        changes={"professional_title": "经济师"},
        actor=scene.office,
        reason="更正职称",
    )
    assert state_of(scene.organization, scene.civil_servant) == ConfirmationState.CONFIRMED
