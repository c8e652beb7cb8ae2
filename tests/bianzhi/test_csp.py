"""The Content-Security-Policy: scripts and styles only from our own static files, no framing.
The browser test (tests/browser/test_csp.py) checks that the pages still work under it; this
checks the header and that no template carries what the policy would refuse."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

REFUSED = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "on…= handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "<style> without nonce": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE),
}


def policy_of(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "certificates:verify_lookup"])
def test_public_pages_send_the_policy(client, url_name):
    policy = policy_of(client.get(reverse(url_name)))

    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.django_db
def test_signed_in_pages_send_the_policy(client, world):
    client.force_login(world.users["office_staff"])

    policy = policy_of(client.get(reverse("people:overview")))

    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]


def test_no_template_carries_what_the_policy_refuses():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for what, pattern in REFUSED.items()
        if pattern.search(path.read_text())
    ]

    assert found == []
