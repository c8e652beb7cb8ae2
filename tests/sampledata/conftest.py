import pytest
from django.test import override_settings


@pytest.fixture(scope="package", autouse=True)
def _media_in_tmp(tmp_path_factory):
    """The demo certificates' PDFs go to a throwaway folder; package-wide, because the class-wide
    demo loads run before any per-test settings fixture would."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
