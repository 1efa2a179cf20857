"""Reading the audit trail: events, and the change history that the history
library keeps for every tracked model."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    CharField,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

from audit.models import AuditEvent

VIEW_VALUES = "audit.view_record_values"
"""Whether a record's values and name may be shown: decided in ``people.access``."""


def audit_events(*, kind: str = "", username: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("content_type")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username)
    return events


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    record: str
    """The record's name as it was logged, or ``""`` where it is not the user's to see."""


def describe_events(events, *, user) -> list[EventRow]:
    """Events for the trail page: a care record's name only for whom may see its values."""
    rows = []
    for event in events:
        model = event.content_type.model_class() if event.content_type else None
        shown = model is not None and user.has_perm(VIEW_VALUES, model(pk=event.object_id))
        rows.append(EventRow(event=event, record=event.object_repr if shown else ""))
    return rows


def tracked_models() -> dict[str, type[Model]]:
    """Every model whose changes are kept, by its label (``people.Team``)."""
    return {
        model._meta.label: model
        for model in sorted(registered_models.values(), key=lambda m: m._meta.label)
        # A many-to-many link (its history is kept with the record that holds it).
        if hasattr(model._meta, "simple_history_manager_attribute")
    }


def changes(*, model_label: str = "") -> QuerySet:
    """One query over every history table: rows of
    ``(history_date, history_id, model_label, object_id, history_type, history_user_id)``,
    newest first."""
    models = tracked_models()
    if model_label:
        models = {model_label: models[model_label]} if model_label in models else {}
    parts = [
        get_history_model_for_model(model)
        .objects.annotate(
            model_label=Value(label, output_field=CharField()),
            object_id=Cast(F(model._meta.pk.attname), output_field=CharField()),
        )
        .order_by()
        .values_list(
            "history_date",
            "history_id",
            "model_label",
            "object_id",
            "history_type",
            "history_user_id",
        )
        for label, model in models.items()
    ]
    if not parts:
        return AuditEvent.objects.none().values_list("at")
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


@dataclass(frozen=True)
class Change:
    at: datetime
    history_id: int
    model_label: str
    object_id: str
    action: str
    record: str
    """The record's name, or ``""`` where its values are not the user's to see."""
    user: str
    fields: tuple[str, ...]
    """The names of the fields this change set (none for a record's first version)."""


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def describe_changes(rows: list[tuple], *, user) -> list[Change]:
    """Turn a page of ``changes()`` rows into ``Change`` values. The queries grow with the
    kinds of record on the page, not the rows: per kind, the records with those before them,
    each many-to-many field, and the records that the names shown refer to; then the users."""
    models = tracked_models()
    ids_by_label: dict[str, list[int]] = {}
    for _, history_id, label, *_rest in rows:
        ids_by_label.setdefault(label, []).append(history_id)
    names: dict[tuple[str, int], str] = {}
    fields: dict[tuple[str, int], tuple[str, ...]] = {}
    for label, ids in ids_by_label.items():
        model = models[label]
        shown = {}
        for record, changed in _with_changed_fields(model, ids):
            fields[label, record.history_id] = tuple(field_label(model, name) for name in changed)
            instance = _as_it_was(record, model)
            if user.has_perm(VIEW_VALUES, instance):
                shown[label, record.history_id] = instance
        related = [f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
        prefetch_related_objects(list(shown.values()), *related)
        names.update({key: str(instance) for key, instance in shown.items()})
    user_ids = {row[5] for row in rows if row[5] is not None}
    users = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=user_ids)}
    return [
        Change(
            at=at,
            history_id=history_id,
            model_label=label,
            object_id=object_id,
            action=_ACTIONS.get(history_type, history_type),
            record=names.get((label, history_id), ""),
            user=users.get(user_id, "") if user_id is not None else "system",
            fields=fields.get((label, history_id), ()),
        )
        for at, history_id, label, object_id, history_type, user_id in rows
    ]


def _as_it_was(record: Model, model: type[Model]) -> Model:
    """The record as it was, from the history row alone (``record.instance`` would fetch the
    fields the history leaves out, such as a password, one query a row)."""
    return model(
        **{field.attname: getattr(record, field.attname) for field in record.tracked_fields}
    )


def field_label(model: type[Model], name: str) -> str:
    """A field as people read it: ``family name``, ``NHS number``."""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _with_changed_fields(model: type[Model], history_ids: list[int]):
    """Each historical record of ``history_ids`` with the names of the fields it changed
    against the one before it: one query for the records and those before them, and one per
    many-to-many field."""
    history = get_history_model_for_model(model)
    pk = model._meta.pk.attname
    earlier = (
        history.objects.filter(**{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date"))
        .order_by("-history_date")
        .values("history_id")[:1]
    )
    asked = history.objects.filter(history_id__in=history_ids)
    loaded = {
        record.history_id: record
        for record in history.objects.filter(
            Q(history_id__in=history_ids)
            | Q(history_id__in=asked.annotate(previous=Subquery(earlier)).values("previous"))
        ).annotate(previous_id=Subquery(earlier))
    }
    m2m_names = [field.name for field in history._history_m2m_fields]
    links = _m2m_links(history, list(loaded))
    for history_id in history_ids:
        record = loaded[history_id]
        previous = loaded.get(record.previous_id)
        if previous is None:
            yield record, []
            continue
        delta = record.diff_against(previous, excluded_fields=m2m_names)
        changed = [change.field for change in delta.changes] + [
            name
            for name in m2m_names
            if links[name].get(history_id, set()) != links[name].get(previous.history_id, set())
        ]
        yield record, sorted(changed)


def _m2m_links(history: type[Model], history_ids: list[int]) -> dict[str, dict[int, set]]:
    """For each many-to-many field kept with the history: the related ids of each record."""
    links: dict[str, dict[int, set]] = {}
    for field in history._history_m2m_fields:
        through = getattr(history, field.name).model
        related = through._meta.get_field(get_m2m_reverse_field_name(field)).attname
        by_record: dict[int, set] = {}
        rows = through.objects.filter(history_id__in=history_ids).values_list("history_id", related)
        for history_id, related_id in rows:
            by_record.setdefault(history_id, set()).add(related_id)
        links[field.name] = by_record
    return links


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object = None
    new: object = None


@dataclass(frozen=True)
class ChangeDetail:
    record: Model
    """The historical record."""
    first: bool
    """The record's first version: nothing before it to compare."""
    values_shown: bool
    fields: list[FieldChange]
    """What changed; without ``old`` and ``new`` where the values are not shown."""


def change_detail(*, model_label: str, history_id: int, user) -> ChangeDetail:
    """A historical record and what it changed against the one before it."""
    model = tracked_models()[model_label]
    record = get_history_model_for_model(model).objects.get(history_id=history_id)
    previous = record.prev_record
    shown = user.has_perm(VIEW_VALUES, record.instance)
    delta = record.diff_against(previous) if previous is not None else None
    fields = [
        FieldChange(field_label(model, change.field), change.old, change.new)
        if shown
        else FieldChange(field_label(model, change.field))
        for change in (delta.changes if delta else [])
    ]
    return ChangeDetail(record=record, first=previous is None, values_shown=shown, fields=fields)
