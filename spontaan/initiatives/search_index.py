"""The index behind searching initiatives: substring matches on `Initiative.search_text`
(see `core.search.search_key`), served by trigrams on both databases.

- PostgreSQL: the `pg_trgm` extension and a GIN trigram index on `search_text`, which serves
  `LIKE '%word%'` directly.
- SQLite: an FTS5 table with the trigram tokenizer (`initiatives_search`) that mirrors
  `search_text` through triggers; a word of three or more characters is looked up there,
  a shorter one falls back to `LIKE`.

Both give the same results as a plain substring match. `ensure_search_index()` creates what
is missing (idempotent); it runs in the migration that adds the column and after every
`migrate` (a later migration that rebuilds the SQLite table would drop the triggers).
"""

import logging

from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

log = logging.getLogger(__name__)

TABLE = "initiatives_initiative"
FTS = "initiatives_search"
MIN_TRIGRAM = 3

# Table names are constants, written out (no SQL is built from input here).
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS initiatives_search USING fts5(search_text, "
    "content='initiatives_initiative', content_rowid='id', tokenize='trigram')"
)
_SQLITE_TRIGGERS = {
    "initiatives_search_ai": """CREATE TRIGGER IF NOT EXISTS initiatives_search_ai
        AFTER INSERT ON initiatives_initiative BEGIN
        INSERT INTO initiatives_search(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "initiatives_search_ad": """CREATE TRIGGER IF NOT EXISTS initiatives_search_ad
        AFTER DELETE ON initiatives_initiative BEGIN
        INSERT INTO initiatives_search(initiatives_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        END""",
    "initiatives_search_au": """CREATE TRIGGER IF NOT EXISTS initiatives_search_au
        AFTER UPDATE OF search_text ON initiatives_initiative BEGIN
        INSERT INTO initiatives_search(initiatives_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO initiatives_search(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
}
_SQLITE_REBUILD = "INSERT INTO initiatives_search(initiatives_search) VALUES ('rebuild')"
_SQLITE_MATCH = "SELECT rowid FROM initiatives_search WHERE initiatives_search MATCH %s"
_PG_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
_PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS initiatives_search_trgm ON initiatives_initiative "
    "USING gin (search_text gin_trgm_ops)"
)


def ensure_search_index(using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        _ensure_sqlite(connection)
    elif connection.vendor == "postgresql":
        _ensure_postgresql(connection)


def _ensure_sqlite(connection) -> None:
    with connection.cursor() as cursor:
        tables = {name for (name,) in cursor.execute("SELECT name FROM sqlite_master")}
        if TABLE not in tables:
            return
        missing = FTS not in tables or any(name not in tables for name in _SQLITE_TRIGGERS)
        if not missing:
            return
        cursor.execute(_SQLITE_FTS)
        for sql in _SQLITE_TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(_SQLITE_REBUILD)


def _ensure_postgresql(connection) -> None:
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(_PG_EXTENSION)
            cursor.execute(_PG_INDEX)
    except Exception:  # noqa: BLE001 - without the extension search works, only slower
        log.warning(
            "Could not create the trigram index for searching initiatives (the pg_trgm "
            "extension needs a database owner or superuser once: CREATE EXTENSION pg_trgm). "
            "Search works without it, more slowly."
        )


def matching(qs: QuerySet, words: list[str]) -> QuerySet:
    """Initiatives whose search text contains every word (words in `search_key` form)."""
    sqlite = connections[qs.db].vendor == "sqlite"
    for word in words:
        if sqlite and len(word) >= MIN_TRIGRAM:
            phrase = '"' + word.replace('"', '""') + '"'
            # The word is a bound parameter, quoted as an FTS5 string (a substring match).
            qs = qs.filter(Q(pk__in=RawSQL(_SQLITE_MATCH, [phrase])))  # noqa: S611
        else:
            qs = qs.filter(search_text__contains=word)
    return qs
