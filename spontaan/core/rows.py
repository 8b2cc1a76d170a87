"""Reads that every signed-in request makes, with their SQL built once per database.

Building and compiling a queryset costs the ORM a few hundred microseconds: more than running
a lookup on an indexed column. A page for someone who is logged in reads the session, the
account, its roles and the number of unread notifications before it shows anything of its
own. For such small, fixed reads `CompiledSelect` builds the SQL once per database from the
model's metadata and runs it through the cursor (so query counting and execute wrappers see
it), with the values adapted and converted by the same field methods the ORM uses. The result
is the same as the queryset's; nothing is cached between requests.

    unread = CompiledSelect(Notification, (), where=(("user", "="), ("read_at", "IS NULL")))
    unread.count(user.pk)
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.db.models import Count, Window
from django.db.models.base import DEFERRED

# Operator → Django's lookup, whose SQL and parameter preparation each database gives.
LOOKUPS = {"=": "exact", ">": "gt", "<": "lt", ">=": "gte", "<=": "lte", "iexact": "iexact"}
OPERATORS = {*LOOKUPS, "IS NULL"}


class CompiledSelect:
    """`SELECT <fields> FROM <model's table> WHERE <conditions joined by AND> ORDER BY …`.

    `fields` are field names (a foreign key gives its id). `where` holds (field name,
    operator) pairs; every operator but "IS NULL" takes one parameter, in order, and is
    written as the database writes Django's lookup of that name ("iexact" too). `order_by`
    holds field names, with "-" for descending.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str], where=(), order_by=()):
        for _name, operator in where:
            if operator not in OPERATORS:
                raise ValueError(f"Unsupported operator {operator!r}.")
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.where = [(model._meta.get_field(name), operator) for name, operator in where]
        self.order_by = [
            (model._meta.get_field(name.removeprefix("-")), name.startswith("-"))
            for name in order_by
        ]
        self._compiled: dict[str, tuple] = {}

    def _compile(self, alias: str) -> tuple:
        compiled = self._compiled.get(alias)
        if compiled is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            table = quote(self.model._meta.db_table)
            conditions = " AND ".join(
                self._condition(connection, f"{table}.{quote(field.column)}", field, operator)
                for field, operator in self.where
            )
            where = f" WHERE {conditions}" if conditions else ""
            order = ", ".join(
                f"{table}.{quote(field.column)}{' DESC' if descending else ' ASC'}"
                for field, descending in self.order_by
            )
            order = f" ORDER BY {order}" if order else ""
            columns = ", ".join(f"{table}.{quote(field.column)}" for field in self.fields)
            converters = []
            for position, field in enumerate(self.fields):
                column = field.get_col(self.model._meta.db_table)
                found = connection.ops.get_db_converters(column) + column.get_db_converters(
                    connection
                )
                if found:
                    converters.append((position, found, column))
            # Only quoted table and column names from the model's metadata; values are
            # always parameters.
            compiled = (
                f"SELECT {columns} FROM {table}{where}{order}",  # noqa: S608
                f"SELECT COUNT(*) FROM {table}{where}",  # noqa: S608
                converters,
            )
            self._compiled[alias] = compiled
        return compiled

    @staticmethod
    def _condition(connection, column: str, field, operator: str) -> str:
        if operator == "IS NULL":
            return f"{column} IS NULL"
        lookup = LOOKUPS[operator]
        cast = connection.ops.lookup_cast(lookup, field.get_internal_type())
        return f"{cast % column} {connection.operators[lookup] % '%s'}"

    def _params(self, connection, values: Sequence[Any]) -> list:
        where = [(field, operator) for field, operator in self.where if operator != "IS NULL"]
        if len(where) != len(values):
            raise TypeError(f"Expected {len(where)} parameters, got {len(values)}.")
        return [
            connection.ops.prep_for_iexact_query(str(value))
            if operator == "iexact"
            else field.get_db_prep_value(value, connection, prepared=False)
            for (field, operator), value in zip(where, values, strict=True)
        ]

    def rows(self, *values) -> list[tuple]:
        """The selected fields of every matching row, as the ORM's `values_list` gives them."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        select, _count, converters = self._compile(alias)
        with connection.cursor() as cursor:
            cursor.execute(select, self._params(connection, values))
            found = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in found]
        result = []
        for raw in found:
            row = list(raw)
            for position, functions, column in converters:
                value = row[position]
                for function in functions:
                    value = function(value, column, connection)
                row[position] = value
            result.append(tuple(row))
        return result

    def instances(self, *values) -> list[models.Model]:
        """The matching rows as model instances (loaded as the ORM loads them)."""
        alias = router.db_for_read(self.model)
        names = [field.attname for field in self.model._meta.concrete_fields]
        position = {field.attname: i for i, field in enumerate(self.fields)}
        return [
            self.model.from_db(
                alias, names, [row[position[n]] if n in position else DEFERRED for n in names]
            )
            for row in self.rows(*values)
        ]

    def count(self, *values) -> int:
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        _select, count, _converters = self._compile(alias)
        with connection.cursor() as cursor:
            cursor.execute(count, self._params(connection, values))
            return cursor.fetchone()[0]


def all_fields(model: type[models.Model]) -> list[str]:
    """The names of a model's concrete fields, as a full `SELECT` loads them."""
    return [field.name for field in model._meta.concrete_fields]


_TOTAL = "_spontaan_total"


def first_with_total(queryset: models.QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of an ordered queryset and how many rows it has in all, in one
    query: the total is a window count over the whole result, which the database computes
    before the LIMIT (SQLite and PostgreSQL alike)."""
    rows = list(queryset.annotate(**{_TOTAL: Window(Count("pk"))})[:limit])
    if not rows:
        return [], 0
    return rows, getattr(rows[0], _TOTAL)
