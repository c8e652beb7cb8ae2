"""The verification address frozen into every certificate (issue 16 item 5): in production it
must be set and not a loopback address, or issuing is refused and `check --deploy` fails."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates import printing
from certificates.deploy_checks import verify_base_url_check
from certificates.models import Certificate
from tests.bianzhi.test_settings import (
    PRODUCTION_HOSTS,
    PRODUCTION_SECRET_KEY,
    manage,
)

from .scene import issued, staffed

pytestmark = pytest.mark.django_db


def production(settings, base: str) -> None:
    settings.BIANZHI = {**settings.BIANZHI, "VERIFY_BASE_URL": base, "VERIFY_BASE_REQUIRED": True}


@pytest.mark.parametrize(
    "base",
    ["", "http://127.0.0.1:8000", "http://localhost/", "http://[::1]:8000", "http://127.8.0.1"],
)
def test_production_refuses_to_issue_with_a_loopback_or_missing_address(world, settings, base):
    production(settings, base)
    with pytest.raises(ValidationError, match="BIANZHI_VERIFY_BASE_URL"):
        issued(staffed(world.unit))
    assert not Certificate.objects.exists()
    assert [error.id for error in verify_base_url_check()] == ["certificates.E001"]


def test_production_issues_with_a_real_address_and_the_check_passes(world, settings):
    production(settings, "https://bianzhi.example.gov.cn")
    certificate = issued(staffed(world.unit))
    assert certificate.pk and verify_base_url_check() == []
    assert printing.verification_url(certificate.code).startswith("https://bianzhi.example.gov.cn/")


def test_development_may_issue_with_the_loopback_default(world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "VERIFY_BASE_REQUIRED": False}
    assert printing.is_loopback(settings.BIANZHI["VERIFY_BASE_URL"])
    assert issued(staffed(world.unit)).pk


def test_the_issue_page_shows_the_address_and_the_problem(world, settings, client):
    production(settings, "http://127.0.0.1:8000")
    client.force_login(world.users["office_staff"])
    html = client.get(reverse("certificates:certificate_issue")).content.decode()
    assert "http://127.0.0.1:8000" in html and "BIANZHI_VERIFY_BASE_URL" in html


def test_check_deploy_fails_in_production_without_the_address():
    result = manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS=PRODUCTION_HOSTS,
    )
    assert result.returncode != 0
    assert "certificates.E001" in result.stdout + result.stderr
