"""The history's names of related rows are read in one query per model: the relations each
model's name shows are selected with it (issue 21: a career through ten units cost ten more
queries, one per unit's name)."""

from bianzhi.str_paths import str_paths
from orgs.models import Institution
from people.models import EstablishmentRecord
from staffing.models import LeadershipQuota, QuotaLine


def test_a_quota_lines_name_brings_its_institution():
    assert str_paths(QuotaLine) == {"institution"}


def test_a_name_that_shows_a_related_row_whole_brings_what_that_rows_name_shows():
    assert str_paths(EstablishmentRecord) == {"person", "quota_line", "quota_line__institution"}


def test_a_relation_read_only_through_its_id_column_is_not_selected():
    # ``self.department_id`` decides; only ``self.department.name`` reads the row.
    assert str_paths(LeadershipQuota) == {"department", "institution"}


def test_a_name_of_its_own_columns_selects_nothing():
    assert str_paths(Institution) == frozenset()
