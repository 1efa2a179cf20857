"""Summaries kept in step with the rows they sum, in the same transaction as each write.

A summary row holds a running total (contacts or bed days, or pennies paid) under a key
(person, financial year and, for service use, unit price). A summarised model (service
events, direct payments) says, for each of its rows, which summary key it adds to and by
how much (``summary_entry``). Every write through the ORM keeps the summary right: a save,
a delete, ``bulk_create``, ``update``, ``bulk_update`` and a queryset's ``delete``. Only SQL
written by hand (a bulk ``COPY``) passes them by; ``participants.summary_checks`` rebuilds
the summaries after such a load and checks them against the rows.

Adding is one ``INSERT ... ON CONFLICT DO UPDATE SET total = total + excluded.total``
(PostgreSQL and SQLite alike): two transactions adding to one key at once both count, as
the second waits for the first's row and then adds to what it committed. Keys are written
in order, so two batches never wait on each other's rows crosswise.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import ClassVar

from django.db import connection, models, transaction
from django.db.models import F

Key = tuple[int, ...]
"""A summary key's values, in the order of ``Summary.key_fields`` then ``extra_fields``."""

BATCH = 500
"""Summary rows written in one statement."""


class Summary(models.Model):
    """A running total per key: derived data, never edited by hand (no change history)."""

    key_fields: ClassVar[tuple[str, ...]]
    """The unique key, each a column the summarised rows give."""
    extra_fields: ClassVar[tuple[str, ...]] = ()
    """Columns that follow from the key (a price's intervention), written with a new row."""
    total_field: ClassVar[str]

    class Meta:
        abstract = True

    @classmethod
    def _columns(cls, names: Iterable[str]) -> list[str]:
        quote = connection.ops.quote_name
        return [quote(cls._meta.get_field(name).column) for name in names]

    @classmethod
    def add(cls, totals: dict[Key, int]) -> None:
        """Add each total to its key's row, making the row if there is none."""
        table = connection.ops.quote_name(cls._meta.db_table)
        keys = cls._columns(cls.key_fields)
        columns = [*keys, *cls._columns(cls.extra_fields), *cls._columns([cls.total_field])]
        total = columns[-1]
        rows = sorted((*key, amount) for key, amount in totals.items() if amount)
        placeholder = f"({', '.join(['%s'] * len(columns))})"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (names, not data)
                    f"VALUES {', '.join([placeholder] * len(batch))} "
                    f"ON CONFLICT ({', '.join(keys)}) "
                    f"DO UPDATE SET {total} = {table}.{total} + excluded.{total}",
                    [value for row in batch for value in row],
                )

    @classmethod
    def subtract(cls, totals: dict[Key, int]) -> None:
        """Take each total from its key's row; a row that comes to nothing goes."""
        width = len(cls.key_fields)
        touched = []
        for key, amount in sorted(totals.items()):
            where = dict(zip(cls.key_fields, key[:width], strict=True))
            cls.objects.filter(**where).update(**{cls.total_field: F(cls.total_field) - amount})
            touched.append(where)
        for where in touched:
            cls.objects.filter(**where, **{cls.total_field: 0}).delete()


def _totals(rows: Iterable["Summarised"]) -> dict[Key, int]:
    totals: dict[Key, int] = defaultdict(int)
    for row in rows:
        key, amount = row.summary_entry()
        totals[key] += amount
    return totals


class SummarisedQuerySet(models.QuerySet):
    """Bulk writes of a summarised model that keep its summary in step."""

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValueError("Rows that are summed are inserted whole: no conflicts to settle.")
        with transaction.atomic(savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            self.model.summary.add(_totals(created))
        return created

    def _rewriting(self, pks: list, write):
        """Lock the rows ``pks``, take them from the summary, ``write`` them (given the plain
        manager, which leaves summaries alone) and add them back as they are now."""
        base = self.model._base_manager
        with transaction.atomic(savepoint=False):
            locked = list(base.select_for_update().filter(pk__in=pks))
            self.model.summary.subtract(_totals(locked))
            pks = [row.pk for row in locked]
            result = write(base, pks)
            self.model.summary.add(_totals(base.filter(pk__in=pks)))
        return result

    def update(self, **kwargs):
        if not set(kwargs) & self.model.summarised_fields:
            return super().update(**kwargs)
        return self._rewriting(
            list(self.values_list("pk", flat=True)),
            lambda base, pks: base.filter(pk__in=pks).update(**kwargs),
        )

    update.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        if not set(fields) & self.model.summarised_fields:
            return super().bulk_update(objs, fields, *args, **kwargs)
        objs = list(objs)
        return self._rewriting(
            [obj.pk for obj in objs],
            lambda base, pks: base.bulk_update(objs, fields, *args, **kwargs),
        )

    bulk_update.alters_data = True

    def delete(self):
        """Delete the rows the query finds, locked first, and take them from the summary."""
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        return self._rewriting(
            list(self.values_list("pk", flat=True)),
            lambda base, pks: base.filter(pk__in=pks).delete(),
        )

    delete.alters_data = True
    delete.queryset_only = True


class Summarised(models.Model):
    """A model whose rows a ``Summary`` sums: each save and delete keeps it in step."""

    summary: ClassVar[type[Summary]]
    summarised_fields: ClassVar[frozenset[str]]
    """The fields ``summary_entry`` reads (with their ``_id`` forms): changing one moves the
    row's amount between summary rows."""

    objects = SummarisedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None and not set(fields) & self.summarised_fields:
            return super().save(*args, **kwargs)
        with transaction.atomic(savepoint=False):
            # A row restored from its history is new to Django but may be in the table.
            before = None if self.pk is None else self._stored()
            if before is not None:
                self.summary.subtract(_totals([before]))
            super().save(*args, **kwargs)
            self.summary.add(_totals([self]))

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            stored = self._stored()
            if stored is not None:
                self.summary.subtract(_totals([stored]))
            return super().delete(*args, **kwargs)

    def summary_entry(self) -> tuple[Key, int]:
        """The summary key this row adds to, and how much it adds."""
        raise NotImplementedError

    def _stored(self):
        return type(self)._base_manager.select_for_update().filter(pk=self.pk).first()
