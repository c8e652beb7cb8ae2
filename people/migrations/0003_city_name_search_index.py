"""Index-only migration for city scale (issue 7), PostgreSQL only.

people_person_name_trgm: the roster searches names with ``name__icontains`` (UPPER(name) LIKE
UPPER('%…%')), which no B-tree can serve; on the city's 195,000 people every search was a
sequential scan of people_person (≈70–130 ms, twice per page: the count and the page). A GIN
trigram index on UPPER(name) answers searches of three characters or more in well under a
millisecond (pg_trgm treats Chinese characters as word characters in a UTF-8 database). Shorter
searches (a surname, a two-character name) still scan: trigrams need three characters.

The index is an expression index with an operator class, so it is not declared on the model
(SQLite, the laptop default, has neither GIN nor pg_trgm); on SQLite this migration does nothing.
"""

from django.db import migrations

INDEX = "people_person_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_change_requests")]

    operations = [migrations.RunPython(create, drop)]
