import pytest

from tests.kit.world import World, build_world


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def world(db) -> World:
    """Every role in and out of scope: see tests/kit/world.py."""
    return build_world()
