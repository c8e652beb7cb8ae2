"""自查 (rule 22): every standing check finds exactly the breaches of a region that holds one of
each, in the user's scope only, with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checks import registry, selectors
from tests.kit import builders
from tests.kit.clock import day

from .scene import build_scene, revoke_registration


@pytest.fixture
def scene(world):
    return build_scene(world)


def found(user, today) -> set[tuple[str, str]]:
    return {
        (breach.code, breach.subject)
        for breach in selectors.breaches(selectors.report(user, today))
    }


def test_every_check_is_registered_once_with_its_rule_and_fix():
    codes = [check.code for check in registry.every()]
    assert len(codes) == len(set(codes))
    for check in registry.every():
        assert check.rules and check.title and check.fix


def test_the_office_sees_every_breach_of_its_region(scene, today):
    assert found(scene.world.users["office_staff"], today) == scene.expected


def test_every_check_finds_something_in_the_scene(scene):
    assert {code for code, _ in scene.expected} == {check.code for check in registry.every()}


def test_a_clerk_sees_only_the_breaches_of_its_unit(scene, today):
    assert found(scene.world.users["clerk"], today) == set()


def test_rows_link_to_the_object_and_say_what_fixes_it(scene, today):
    user = scene.world.users["office_staff"]
    (breach,) = selectors.report(user, today, only="civil_servant")[0].breaches
    assert breach.url.startswith("/people/")
    assert breach.institution_name == "示例县甲局"
    assert "公务员登记" in breach.fix
    assert breach.rule_label == "规则 6"


def test_a_permit_still_open_on_its_last_day_is_not_expired(world, today):
    line = builders.quota(world.sibling, 3)
    builders.permit(line, issued_on=day(1, 10), expires_on=today)
    user = world.users["office_staff"]
    assert not selectors.report(user, today, only="expired_permit")[0].breaches


def test_the_checks_run_a_fixed_number_of_queries(scene, today):
    user = scene.world.users["office_staff"]
    selectors.report(user, today)  # the user's scope is read once, then kept on the user
    with CaptureQueriesContext(connection) as few:
        selectors.report(user, today)
    line = builders.quota(scene.world.sibling, 20)
    for record in builders.staff(line, 5, name_prefix="加"):
        revoke_registration(record.person)
    with CaptureQueriesContext(connection) as many:
        results = selectors.report(user, today)
    assert {r.check.code: r.count for r in results}["civil_servant"] == 6
    assert len(many) == len(few)
