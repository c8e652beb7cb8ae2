"""使用帮助: a page per role, from the bar, with links to the role's main jobs where the reader
may open them, and rule citations linked to the rules page."""

import pytest
from django.urls import reverse

from bianzhi.access import Role
from bianzhi.help import HELP, ORDER
from bianzhi.home import SHORTCUTS
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES


def test_every_role_has_a_help_page_and_shortcuts():
    assert set(ORDER) == set(HELP) == set(SHORTCUTS) == set(Role)


def test_help_needs_login(client, world):
    assert_redirects_to_login(client.get(reverse("help")))
    assert_redirects_to_login(client.get(reverse("help_role", args=["clerk"])))


@pytest.mark.parametrize("role", ROLES)
def test_the_bar_leads_to_the_own_role_help(client, world, role):
    client.force_login(world.users[role])
    home = client.get(reverse("orgs:home")).content.decode()
    assert f'href="{reverse("help")}" title="使用帮助"' in home
    response = client.get(reverse("help"))
    assert response.status_code == 200
    assert response.context["role"] == role
    assert f"使用帮助：{Role(role).label}" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("office_staff", ["staffing:adjustment_add", "certificates:certificate_issue"]),
        ("clerk", ["people:request_add", "people:request_list"]),
        ("reviewer", ["people:notifications"]),
        ("partner", ["people:person_list", "exports:index", "funding:year"]),
        ("office_admin", ["accounts:account_list", "staffing:adjustment_add"]),
    ],
)
def test_each_role_help_links_its_main_jobs(client, world, role, links):
    client.force_login(world.users[role])
    page = client.get(reverse("help")).content.decode()
    for url_name in links:
        assert f'href="{reverse(url_name)}' in page, url_name


def test_the_clerk_help_links_its_own_unit(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("help")).content.decode()
    assert reverse("people:unit_roster", args=[world.unit.pk]) in page


def test_other_roles_help_is_readable_without_links_the_reader_may_not_open(client, world):
    client.force_login(world.users["partner"])
    response = client.get(reverse("help_role", args=["office_staff"]))
    page = response.content.decode()
    assert response.status_code == 200 and not response.context["own"]
    assert "编制调整" in page
    assert reverse("staffing:adjustment_add") not in page
    clerk_help = client.get(reverse("help_role", args=["clerk"])).content.decode()
    assert "查看本单位编制" in clerk_help
    # The text, without links to a unit the partner has not.
    assert reverse("people:unit_roster", args=[world.unit.pk]) not in clerk_help


def test_unknown_role_is_not_found(client, world):
    client.force_login(world.users["clerk"])
    assert client.get(reverse("help_role", args=["mayor"])).status_code == 404


def test_help_links_its_rule_citations(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("help")).content.decode()
    assert '<a href="/rules/#rule-9" class="bz-rule-link">9</a>' in page
