"""The test run's settings: the project's own in development mode (``DEBUG=1``), which settings.py
otherwise defaults to off. The tests of the production settings run ``manage.py`` in a fresh
process with their own environment (tests/bianzhi/test_settings.py)."""

import os

os.environ.setdefault("DEBUG", "1")

from bianzhi.settings import *  # noqa: F403
