import datetime

import pytest

from bianzhi.access import Role
from oversight.choices import ProblemSource
from oversight.services import record_problem
from tests.kit.clock import TODAY
from tests.kit.factories import InstitutionFactory, make_user


@pytest.fixture
def unit(region):
    return InstitutionFactory(region=region, full_name="测试县林业局")


@pytest.fixture
def clerk(unit):
    return make_user(Role.CLERK, institution=unit)


@pytest.fixture
def problem(unit, actor):
    return record_problem(
        institution=unit,
        source=ProblemSource.INSPECTION,
        finding="超职数配备副局长 1 名",
        requirement="按核定职数调整领导班子配备",
        deadline=TODAY + datetime.timedelta(days=30),
        user=actor,
        rule_numbers=(5,),
    )
