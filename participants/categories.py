"""The national PHB category of many people at once (the CSV import of categories).

Each change goes through ``participant_update``, as a change on the person's page does,
so the person's change history records it; the batch is all or nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from participants.models import Participant
from participants.services import EntriesInvalid, participant_update
from people.models import User


@dataclass(frozen=True)
class CategoryEntry:
    participant: Participant
    phb_category: str

    @property
    def changes(self) -> bool:
        return self.participant.phb_category != self.phb_category

    @property
    def label(self) -> str:
        return Participant.PhbCategory(self.phb_category).label


def _normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


_BY_NAME = {
    _normalised(name): choice.value
    for choice in Participant.PhbCategory
    for name in (choice.value, choice.label)
}


def category_named(text: str) -> str | None:
    """The category a code (``fast_track``) or a label (``Adult fast track``) names, in any
    case, with straight or curly apostrophes; None if it names none."""
    return _BY_NAME.get(_normalised(text))


def category_problems(
    *, user: User, entries: Sequence[CategoryEntry]
) -> dict[int, dict[str, list[str]]]:
    """What stops any of the categories being recorded, by index and field."""
    errors: dict[int, dict[str, list[str]]] = {}
    for index, entry in enumerate(entries):
        if not user.has_perm("participants.change_participant", entry.participant):
            errors[index] = {"participant": ["Only the person’s own team can change their record."]}
        elif entry.phb_category not in Participant.PhbCategory.values:
            errors[index] = {"phb_category": [f"“{entry.phb_category}” is not a PHB category."]}
    return errors


@transaction.atomic
def categories_record(*, user: User, entries: Sequence[CategoryEntry]) -> list[Participant]:
    """Set each person's category (all or none); returns the people whose category changed.

    A person whose category is already the one given is left alone: no empty change in
    their history."""
    if not entries:
        raise ValidationError("There are no categories to record.")
    errors = category_problems(user=user, entries=entries)
    if errors:
        raise EntriesInvalid(errors)
    changed = []
    locked = {
        p.pk: p
        for p in Participant.objects.select_for_update().filter(
            pk__in=[e.participant.pk for e in entries]
        )
    }
    for index, entry in enumerate(entries):
        participant = locked[entry.participant.pk]
        if participant.phb_category == entry.phb_category:
            continue
        participant._history_user = user  # the history names who imported, page or not
        try:
            participant_update(user=user, participant=participant, phb_category=entry.phb_category)
        except ValidationError as error:
            errors[index] = {"phb_category": error.messages}
            continue
        changed.append(participant)
    if errors:
        raise EntriesInvalid(errors)  # leaving the block undoes the changes made before
    return changed
