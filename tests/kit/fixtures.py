"""Fixtures shared by test modules, registered for the whole suite by tests/conftest.py.

The service tests work in 测试县 with one office staff actor and its finance and audit bureaus;
a module that needs another county or actor defines its own fixture of the same name, which
takes precedence. The page tests' logged-in clients use the world of tests/kit/world.py.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model

from bianzhi.access import Role

from . import builders
from .factories import InstitutionFactory, RegionFactory, make_user


@pytest.fixture
def fresh_id_serials(monkeypatch):
    """tests/kit/builders.id_number repeats itself after 500 numbers in one process; a module
    that makes many people starts every test from the first number."""
    monkeypatch.setattr(builders, "_serial", itertools.count(1))


@pytest.fixture
def region():
    return RegionFactory(name="测试县")


@pytest.fixture
def actor(region):
    return make_user(Role.OFFICE_STAFF, region=region)


@pytest.fixture
def finance(region):
    return InstitutionFactory(region=region, full_name="测试县财政局")


@pytest.fixture
def audit(region):
    return InstitutionFactory(region=region, full_name="测试县审计局")


@pytest.fixture
def staff(client, world):
    """The test client, logged in as the world's office staff."""
    client.force_login(world.users["office_staff"])
    return client


@pytest.fixture
def superuser(client, db):
    """The test client, logged in as a superuser: the only users the Django admin lets in."""
    user = get_user_model().objects.create_superuser("root", "root@example.cn", None)
    client.force_login(user)
    return client
