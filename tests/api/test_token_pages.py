"""接口令牌 pages: the office admin creates a token (its secret shown once), lists and revokes
it after a confirmation; no other role opens them; the menu offers them to the office admin."""

import re

import pytest

from api import services
from api.models import Masking, PartnerToken
from bianzhi import access
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, world):
    client.force_login(world.users["office_admin"])
    return client


def test_the_admin_creates_a_token_and_sees_the_secret_once(world, admin):
    response = admin.post(
        "/api/tokens/add/",
        {
            "system": "县委组织部干部信息系统",
            "department": "organization",
            "region": world.region.pk,
            "masking": Masking.MASKED,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'id="token-secret">([^<]+)<', page).group(1)
    assert "只显示这一次" in page
    token = PartnerToken.objects.get(system="县委组织部干部信息系统")
    assert token.created_by == world.users["office_admin"]
    assert client_for(secret).get("/api/v1/institutions/").status_code == 200
    listing = admin.get("/api/tokens/").content.decode()
    assert "县委组织部干部信息系统" in listing
    assert secret not in listing
    assert f"/api/tokens/{token.pk}/revoke/" in listing


def test_a_region_outside_the_admin_is_not_offered(world, admin):
    response = admin.post(
        "/api/tokens/add/",
        {"system": "外县系统", "department": "finance", "region": world.other_region.pk},
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not PartnerToken.objects.exists()


def test_the_admin_revokes_after_a_confirmation(world, admin, issue):
    token, secret = issue()
    confirm = admin.get(f"/api/tokens/{token.pk}/revoke/")
    assert "不能恢复" in confirm.content.decode()
    token.refresh_from_db()
    assert not token.revoked

    response = admin.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    token.refresh_from_db()
    assert token.revoked_by == world.users["office_admin"]
    assert "已吊销" in response.content.decode()
    assert client_for(secret).get("/api/v1/institutions/").status_code == 401
    again = admin.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    assert "已经吊销" in again.content.decode()


def test_a_revocation_is_in_the_token_history(world, issue):
    token, _ = issue()
    services.revoke(token, actor=world.users["office_admin"])
    assert token.history.count() == 2


@pytest.mark.parametrize("role", ["office_staff", "partner", "reviewer", "clerk"])
def test_no_other_role_opens_the_token_pages(world, client, issue, role):
    token, _ = issue()
    client.force_login(world.users[role])
    for url in ("/api/tokens/", "/api/tokens/add/", f"/api/tokens/{token.pk}/revoke/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 403


def test_anonymous_users_are_sent_to_sign_in(world, client, issue):
    token, _ = issue()
    for url in ("/api/tokens/", "/api/tokens/add/", f"/api/tokens/{token.pk}/revoke/"):
        assert client.get(url)["Location"].startswith("/login/")


def test_the_menu_offers_the_tokens_to_the_office_admin_only(world):
    def offered(user):
        links = [link for entry in access.menu_for(user) for link in entry.get("links", [])]
        return any(link["url"] == "/api/tokens/" for link in links)

    assert offered(world.users["office_admin"])
    assert not offered(world.users["office_staff"])


def test_the_schema_and_the_docs_are_served(world, client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/changes/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "<script>" not in docs
    assert "cdn" not in docs.lower()
    # The page's own script is a separate file: the content security policy allows no inline one.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
