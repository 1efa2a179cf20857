"""What every change to a care plan goes through: the team check, the row lock on the
version, and the save that records the change.

Concurrency: every change to a version locks its row first (``select_for_update``)
and then checks what it found, so two decisions on one version cannot both win
and a save from a stale copy of a draft is refused. On SQLite, transactions
start as writers (``IMMEDIATE``) to the same effect.
"""

from django.core.exceptions import PermissionDenied

from careplans.models import CarePlanVersion, PlanStatus
from participants.models import Participant
from people.models import User


class StaleEdit(Exception):  # noqa: N818
    """Someone saved the draft since this copy was read: nothing was saved."""


class AlreadyDecided(Exception):  # noqa: N818
    """The version is no longer waiting (or no longer a draft): nothing was changed."""


def require_team(user: User, participant: Participant) -> None:
    if not user.has_perm("participants.change_participant", participant):
        raise PermissionDenied("Only the person’s own team can change their care plan.")


def lock_version(version_pk: int) -> CarePlanVersion:
    return (
        CarePlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__participant")
        .get(pk=version_pk)
    )


def lock_draft(version: CarePlanVersion, revision: int | None) -> CarePlanVersion:
    locked = lock_version(version.pk)
    if locked.status != PlanStatus.DRAFT:
        raise AlreadyDecided("This version has been submitted and can no longer change.")
    if revision is not None and locked.revision != revision:
        raise StaleEdit(
            f"Someone else saved this draft since you opened it (revision {locked.revision}, "
            f"you had {revision}). Your changes were not saved: reload to see theirs."
        )
    return locked


def touch(version: CarePlanVersion, user: User) -> None:
    """Save a change to a locked draft as a new revision, and keep who made it."""
    version.revision += 1
    version.last_edited_by = user
    version.save()
    version.contributors.add(user)


def save_status(version: CarePlanVersion) -> None:
    """Save a change of status on a row locked by the caller (the only way a submitted
    version changes, and it keeps the change in the history)."""
    version._changing_status = True
    try:
        version.save()
    finally:
        del version._changing_status
