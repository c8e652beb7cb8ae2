"""Who may call the API: a live token only (none, unknown or revoked is refused); read-only;
every call in the access log with the token's system; calls throttled per token."""

import pytest
from rest_framework.test import APIClient

from api import services
from bianzhi.models import AccessAction, AccessEvent, IdNumbers
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/institutions/"


def test_a_call_without_a_token_is_refused(world):
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_is_refused(world, issue):
    issue()
    assert client_for("bz_not-a-token").get(URL).status_code == 401


def test_a_valid_token_is_accepted_as_token_or_bearer(world, issue):
    _, secret = issue()
    assert client_for(secret).get(URL).status_code == 200
    assert client_for(secret, "Bearer").get(URL).status_code == 200


def test_a_revoked_token_is_refused_from_then_on(world, issue):
    token, secret = issue()
    client = client_for(secret)
    assert client.get(URL).status_code == 200
    services.revoke(token, actor=world.users["office_admin"])
    response = client.get(URL)
    assert response.status_code == 401
    assert "吊销" in response.json()["detail"]


def test_only_the_hash_is_stored(world, issue):
    token, secret = issue()
    token.refresh_from_db()
    assert secret not in {token.digest, token.prefix}
    assert token.digest == services.digest(secret)


def test_the_token_account_cannot_sign_in(world, issue):
    token, _ = issue()
    assert not token.account.is_active
    assert not token.account.has_usable_password()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(world, partner, method):
    response = getattr(partner, method)(URL, {}, format="json")
    assert response.status_code in (403, 405)


def test_every_call_is_in_the_access_log_with_the_system(world, partner):
    partner.get(URL)
    partner.get("/api/v1/people/?date=2020-01-01")
    events = list(AccessEvent.objects.filter(action=AccessAction.API_CALL).order_by("pk"))
    assert len(events) == 2
    assert all(event.user == partner.token.account for event in events)
    assert "县人社局工资统发系统" in events[0].label
    assert events[0].url == URL
    assert events[0].id_numbers == IdNumbers.NONE
    assert events[1].id_numbers == IdNumbers.MASKED
    assert events[1].query == "date=2020-01-01"


def test_the_office_admin_reads_the_calls_in_the_access_log(world, partner, client):
    partner.get(URL)
    client.force_login(world.users["office_admin"])
    page = client.get("/accounts/access-log/")
    assert "县人社局工资统发系统" in page.content.decode()


def test_calls_beyond_the_rate_are_throttled_per_token(world, issue, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "3/minute"},
    }
    _, first = issue()
    _, second = issue(system="县财政局预算系统")
    busy = client_for(first)
    assert [busy.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client_for(second).get(URL).status_code == 200
