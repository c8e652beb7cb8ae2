import pytest


@pytest.fixture(autouse=True)
def _exports_run_at_once_into_tmp(settings, tmp_path):
    """Export tasks run synchronously (immediate backend); files go under a scratch VAR_DIR."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path
