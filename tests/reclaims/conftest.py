import pytest


@pytest.fixture(autouse=True)
def reclaim_settings(settings):
    """Rule 25's settings as these tests read them: standing after 6 months (so the scenario's
    entries in February of the kit's year are before the day looked back to, whatever the run
    date), beyond 20% of the line, exits of the last 30 days, decisions kept 12 months."""
    settings.BIANZHI = {
        **settings.BIANZHI,
        "RECLAIM_VACANT_MONTHS": 6,
        "RECLAIM_VACANT_SHARE": 0.2,
        "RECLAIM_EXIT_DAYS": 30,
        "RECLAIM_KEEP_MONTHS": 12,
    }
