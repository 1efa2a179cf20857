"""Reading the audit trail: events, and the change history that the history
library keeps for every tracked model."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, F, Model, QuerySet, Value
from django.db.models.functions import Cast
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from audit.models import AuditEvent


def audit_events(*, kind: str = "", username: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("content_type")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username)
    return events


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
    user: str


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def describe_changes(rows: list[tuple]) -> list[Change]:
    """Turn a page of ``changes()`` rows into ``Change`` values, with one query
    per kind of record on the page to name each record and one for the users."""
    models = tracked_models()
    ids_by_label: dict[str, list[int]] = {}
    for _, history_id, label, *_rest in rows:
        ids_by_label.setdefault(label, []).append(history_id)
    names: dict[tuple[str, int], str] = {}
    for label, ids in ids_by_label.items():
        history = get_history_model_for_model(models[label])
        for record in history.objects.filter(history_id__in=ids):
            names[label, record.history_id] = str(record.instance)
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
        )
        for at, history_id, label, object_id, history_type, user_id in rows
    ]


def change_detail(*, model_label: str, history_id: int):
    """A historical record and what it changed against the one before it."""
    model = tracked_models()[model_label]
    record = get_history_model_for_model(model).objects.get(history_id=history_id)
    previous = record.prev_record
    delta = record.diff_against(previous) if previous is not None else None
    return record, delta
