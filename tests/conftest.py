import datetime

import pytest
import time_machine
from django.core.cache import cache

from tests.kit import clock
from tests.kit.world import World, build_world

pytest_plugins = ["tests.kit.fixtures", "tests.kit.url_coverage"]


@pytest.fixture(autouse=True, scope="session")
def _frozen_day():
    """The whole run happens on ``clock.TODAY`` (see tests/kit/clock.py); the clock ticks from
    there, so durations and expiries still behave."""
    with time_machine.travel(clock.moment(), tick=True):
        yield


@pytest.fixture
def today() -> datetime.date:
    """The day the suite runs on: every test that depends on the date asks for it."""
    return clock.TODAY


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Every test starts with an empty cache of its own: the server's files under var/cache
    would carry cached figures from run to run (the generated cities' history is dated by their
    events, so a rerun produces the same versions), and a test would see a cache hit instead of
    the queries it counts."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def world(db) -> World:
    """Every role in and out of scope: see tests/kit/world.py."""
    return build_world()
