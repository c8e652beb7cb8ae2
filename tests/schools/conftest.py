import pytest

from schools.standards import school_year_of
from tests.kit.clock import TODAY

from .scene import build_scene


@pytest.fixture
def scene(region):
    return build_scene(region)


@pytest.fixture
def this_year() -> str:
    return school_year_of(TODAY)
