"""What follows a person's care plans when they move to another team
(``participants.transfers.person_moved``).

Their plans, versions, reviews and budgets hang on the person and follow them as they are.
Only an open draft names something of the old team: its care coordinator, who is replaced
by the person's new one (or none), so that the new team can go on editing it.
"""

from careplans.models import CarePlanVersion, PlanStatus
from participants.models import Participant
from people.models import User


def open_drafts_follow(person: Participant, user: User) -> None:
    drafts = (
        CarePlanVersion.objects.select_for_update(of=("self",))
        .select_related("care_coordinator")
        .filter(plan__participant=person, status=PlanStatus.DRAFT)
    )
    for draft in drafts:
        coordinator = draft.care_coordinator
        if coordinator is None or coordinator.team_id == person.team_id:
            continue
        draft.care_coordinator = person.care_coordinator
        draft.revision += 1  # a copy of the draft read before the move is now stale
        draft._history_user = user
        draft.save()
