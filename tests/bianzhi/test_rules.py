"""规则说明: the held rules in domain order, open to every signed-in user, and rule citations in
messages linked to them."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.urls import reverse

from bianzhi.rules import RULES, link_rules
from tests.kit.views import ViewTestCases
from tests.people import request_scene


class TestRulesPage(ViewTestCases.PageView):
    page_url = "rules"


def test_the_rules_are_those_of_the_domain_in_order():
    numbers = [rule.number for rule in RULES]
    assert numbers == list(range(1, 51))


def test_every_rule_has_its_anchor(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("rules")).content.decode()
    for rule in RULES:
        assert f'id="rule-{rule.number}"' in page


def test_a_citation_links_each_rule_number():
    html = link_rules("超编（规则 4）；见规则 6、17。")
    assert '规则 <a href="/rules/#rule-4" class="bz-rule-link">4</a>' in html
    assert '<a href="/rules/#rule-6" class="bz-rule-link">6</a>、' in html
    assert '<a href="/rules/#rule-17" class="bz-rule-link">17</a>' in html


def test_a_citation_escapes_the_message_and_skips_unknown_numbers():
    html = link_rules("<b>规则 99</b>")
    assert html == "&lt;b&gt;规则 99&lt;/b&gt;"


def test_messages_on_every_page_link_their_rules(client, world):
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("orgs:home"))
    # A message left for the next page, as a view leaves it.
    storage = default_storage(response.wsgi_request)
    storage.add(messages.ERROR, "同一人只能占用一个编制（规则 7）。")
    storage.update(response)
    client.cookies.update(response.cookies)
    page = client.get(reverse("orgs:home")).content.decode()
    assert "同一人只能占用一个编制" in page
    assert '<a href="/rules/#rule-7" class="bz-rule-link">7</a>' in page


@pytest.mark.parametrize("role", ["office_admin", "clerk", "partner"])
def test_every_page_bar_links_the_rules(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse("orgs:home")).content.decode()
    assert f'href="{reverse("rules")}" title="规则说明"' in page


def test_a_return_reason_citing_a_rule_links_it_on_the_request(client, world):
    scene = request_scene.build_scene(world)
    request = request_scene.submitted(client, scene, "exit")
    reason = "出编日期早于入编日期，不符合规则 21。"
    request_scene.post(client, scene, "reviewer", "request_return", request, {"reason": reason})
    request_scene.login(client, scene, "clerk")
    page = client.get(request.get_absolute_url()).content.decode()
    assert '不符合规则 <a href="/rules/#rule-21" class="bz-rule-link">21</a>' in page
