"""The URL meta-test itself runs at the end of the whole suite (tests/kit/url_coverage.py); these
tests check its parts: the recorder notes what the test client really requested and as whom, and
the gaps name what no test requested."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.kit.requested import ANONYMOUS, Pattern, Recorder, gaps, url_patterns
from tests.kit.url_coverage import EXCEPTIONS


@pytest.mark.django_db
def test_the_recorder_notes_each_request_with_the_role_it_ran_as(client, world):
    recorder = Recorder()
    with recorder.watching():
        client.get(reverse("orgs:institution_list"))
        client.force_login(world.users["clerk"])
        client.get(reverse("orgs:institution_detail", args=[world.unit.pk]))
        client.get("/no-such-page/")
        client.post(reverse("logout"))
        client.get(reverse("orgs:home"))
    assert recorder.requests == {
        ("orgs:institution_list", ANONYMOUS),
        ("orgs:institution_detail", "clerk"),
        ("logout", "clerk"),
        ("orgs:home", ANONYMOUS),
    }


@pytest.mark.django_db
def test_the_recorder_follows_redirects_and_stops_recording_after_the_block(client):
    recorder = Recorder()
    with recorder.watching():
        client.get(reverse("orgs:institution_list"), follow=True)
    client.get(reverse("orgs:home"))
    assert recorder.requests == {("orgs:institution_list", ANONYMOUS), ("login", ANONYMOUS)}


@pytest.mark.django_db
def test_recording_the_role_adds_no_query_to_what_a_test_counts(client, world):
    client.force_login(world.users["office_staff"])
    url = reverse("orgs:institution_list")
    client.get(url)  # the list's row count is cached from here on (bianzhi.paging)
    with CaptureQueriesContext(connection) as unwatched:
        client.get(url)
    with Recorder().watching(), CaptureQueriesContext(connection) as watched:
        client.get(url)
    assert len(watched) == len(unwatched)


def test_gaps_name_what_was_never_requested_anonymously_or_signed_in():
    patterns = [
        Pattern("a:open", public=True),
        Pattern("a:full", public=False),
        Pattern("a:only_anonymous", public=False),
        Pattern("a:only_clerk", public=False),
        Pattern("a:untested", public=False),
        Pattern("a:excused", public=False),
    ]
    requests = {
        ("a:open", ANONYMOUS),
        ("a:full", ANONYMOUS),
        ("a:full", "partner"),
        ("a:only_anonymous", ANONYMOUS),
        ("a:only_clerk", "clerk"),
    }
    assert gaps(patterns, requests, {"a:excused"}) == {
        "never requested": ["a:untested"],
        "never anonymous": ["a:only_clerk"],
        "never signed in": ["a:only_anonymous"],
    }


def test_the_patterns_are_the_projects_and_the_exceptions_exist():
    patterns = {pattern.name: pattern for pattern in url_patterns()}
    assert patterns["orgs:institution_list"] == Pattern("orgs:institution_list", public=False)
    assert patterns["certificates:verify"].public
    assert not any(name.startswith("admin:") for name in patterns)
    assert set(EXCEPTIONS) <= set(patterns)
