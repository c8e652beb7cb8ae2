import pytest


@pytest.fixture(autouse=True)
def _imports_run_at_once_into_tmp(settings, tmp_path):
    """Import tasks run in the request (immediate backend); uploads and marked workbooks go
    under a scratch VAR_DIR."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.VAR_DIR = tmp_path
