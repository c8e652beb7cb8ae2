"""Data that a whole class of tests reads, loaded once and committed.

Loading the demo county inside the test transaction made PostgreSQL crawl: every service call
opens a savepoint, and past 64 subtransactions in one transaction each visibility check goes
through pg_subtrans (the load took 15 minutes instead of one). Committed, the load runs as
``manage.py load_demo`` does, and the tests of the class still each roll back their own changes.
Afterwards every table the load filled is emptied, so the next tests start from a clean database.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings

# Filled by migrations, not by loads: emptying them would strand cached content type ids.
KEPT_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def empty_tables() -> None:
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table not in KEPT_TABLES
    ]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)
    ContentType.objects.clear_cache()


@contextmanager
def committed(django_db_blocker):
    """Run the block with the database open outside any test transaction (what it writes is
    committed), then empty the tables. For class- or module-scoped fixtures."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        try:
            yield
        finally:
            empty_tables()
