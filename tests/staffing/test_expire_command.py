import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from staffing.choices import PermitStatus
from tests.kit import builders
from tests.kit.clock import day


@pytest.mark.django_db
def test_expire_permits_command_marks_lapsed_permits_and_names_the_system(world):
    line = builders.quota(world.unit, 5)
    lapsed = builders.permit(line, issued_on=day(1, 1, years=-1), expires_on=day(6, 30, years=-1))
    current = builders.permit(line, expires_on=datetime.date(2099, 1, 1))
    out = StringIO()
    call_command("expire_permits", stdout=out)
    lapsed.refresh_from_db()
    current.refresh_from_db()
    assert (lapsed.status, current.status) == (PermitStatus.EXPIRED, PermitStatus.OPEN)
    assert lapsed.history.latest().history_user.username == "system"
    assert "已将 1 张" in out.getvalue()
