"""Certificates are read-only in the Django admin, and the admin never lists the snapshot (it
holds full ID numbers)."""

import pytest
from django.urls import reverse

from .scene import issued, staffed

pytestmark = pytest.mark.django_db


def test_certificates_are_read_only_in_admin(superuser, world):
    client = superuser
    certificate = issued(staffed(world.unit))
    assert client.get(reverse("admin:certificates_certificate_changelist")).status_code == 200
    page = client.get(reverse("admin:certificates_certificate_change", args=[certificate.pk]))
    assert page.status_code == 200
    assert certificate.snapshot["roster"][0]["id_number"] not in page.content.decode()
    assert client.get(reverse("admin:certificates_certificate_add")).status_code == 403
    publicities = client.get(reverse("admin:certificates_publicity_changelist"))
    assert publicities.status_code == 200
