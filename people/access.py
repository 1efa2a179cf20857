"""Who may see and do what: the one place that decides, for pages and API alike.

Data access follows the Caldicott principles. A coordinator or facilitator
sees their own team; a commissioner sees the teams of their organisation; an
administrator manages users and teams; a peer reviewer sees only what is
assigned to them for audit. Reads go through the scopes here, so a record
outside a user's scope is simply not found (404), never "forbidden" (403).

Permissions that are not about one record (may this user read the audit
trail?) are ``rules`` predicates, checked with ``user.has_perm``.
"""

from functools import reduce
from operator import or_

import rules
from django.db.models import Model, Q, QuerySet

from common.care_data import care_data_of
from people.models import TEAM_ROLES, Role, Team, User

NOTHING = Q(pk__in=[])


def team_scope(user: User, *, team_path: str = "") -> Q:
    """A filter for rows that belong to a team the user may see.

    ``team_path`` leads from the filtered model to its team: ``""`` for
    ``Team`` itself, ``"team__"`` for a model with a ``team`` key.
    """
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role == Role.ADMINISTRATOR:
        return Q()
    if user.role == Role.COMMISSIONER:
        return Q(**{f"{team_path}organisation_id": user.organisation_id})
    if user.role in TEAM_ROLES:
        return Q(**{f"{team_path}id": user.team_id})
    return NOTHING


def caseload_scope(user: User, *, team_path: str) -> Q:
    """A filter for the care records (participants and all that hangs on them) a user may see.

    As ``team_scope``, except that administrators, who manage users and
    teams, see no one's care record.
    """
    if user.is_authenticated and user.role == Role.ADMINISTRATOR:
        return NOTHING
    return team_scope(user, team_path=team_path)


def caseload_visible_to[M: Model](
    user: User, queryset: QuerySet[M], *, team_path: str
) -> QuerySet[M]:
    """Narrow ``queryset`` to the care records ``user`` may see."""
    return queryset.filter(caseload_scope(user, team_path=team_path))


def visible_to[M: Model](user: User, queryset: QuerySet[M], *, team_path: str) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows of the teams ``user`` may see."""
    return queryset.filter(team_scope(user, team_path=team_path))


def teams_visible_to(user: User) -> QuerySet[Team]:
    teams = Team.objects.select_related("organisation").order_by("organisation__name", "name")
    return visible_to(user, teams, team_path="")


def organisation_scope(user: User, *, organisation_path: str = "organisation") -> Q:
    """A filter for what a commissioner oversees of their organisation (its audit rounds,
    say); nothing for anyone else. ``organisation_path`` leads to the organisation."""
    if not user.is_authenticated or not user.is_active or user.role != Role.COMMISSIONER:
        return NOTHING
    return Q(**{f"{organisation_path}_id": user.organisation_id})


def assigned_reviewer_scope(
    user: User, *, reviewer_path: str = "reviewer", organisation_path: str
) -> Q:
    """A filter for the audits assigned to a peer reviewer, in their own organisation: all
    a reviewer may see of anyone's care record (and only in a pseudonymised form)."""
    if not user.is_authenticated or not user.is_active or user.role != Role.PEER_REVIEWER:
        return NOTHING
    return Q(**{f"{reviewer_path}_id": user.pk, f"{organisation_path}_id": user.organisation_id})


def transfer_decider_scope(user: User) -> Q:
    """A filter for the transfer requests (``holding_team``, ``asking_team``) a user may
    decide: a facilitator, those for their team's people; a commissioner, those of their
    organisation (a transfer stays within one organisation)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role == Role.FACILITATOR:
        return Q(holding_team_id=user.team_id)
    if user.role == Role.COMMISSIONER:
        return Q(holding_team__organisation_id=user.organisation_id)
    return NOTHING


def transfer_scope(user: User) -> Q:
    """A filter for the transfer requests a user may see: those their team asked for (which
    name the person only by the NHS number typed), and those they may decide."""
    scope = transfer_decider_scope(user)
    if user.is_authenticated and user.is_active and user.role in TEAM_ROLES:
        scope |= Q(asking_team_id=user.team_id)
    return scope


@rules.predicate
def decides_transfer(user: User, transfer) -> bool:
    """As ``transfer_decider_scope``, for one request (with its ``holding_team``)."""
    if not user.is_authenticated or not user.is_active or transfer is None:
        return False
    if user.role == Role.FACILITATOR:
        return transfer.holding_team_id == user.team_id
    if user.role == Role.COMMISSIONER:
        return transfer.holding_team.organisation_id == user.organisation_id
    return False


@rules.predicate
def is_administrator(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


@rules.predicate
def is_commissioner(user: User) -> bool:
    return user.is_authenticated and user.role == Role.COMMISSIONER


@rules.predicate
def is_peer_reviewer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PEER_REVIEWER


@rules.predicate
def is_team_member(user: User) -> bool:
    return user.is_authenticated and user.role in TEAM_ROLES


@rules.predicate
def can_see_team(user: User, team: Team) -> bool:
    return teams_visible_to(user).filter(pk=team.pk).exists()


@rules.predicate
def works_in_team_of(user: User, record) -> bool:
    """The user is a coordinator or facilitator of the record's team (it has a ``team_id``)."""
    return (
        user.is_authenticated
        and user.role in TEAM_ROLES
        and record is not None
        and record.team_id == user.team_id
    )


@rules.predicate
def can_see_record_values(user: User, record: Model) -> bool:
    """What a record held (its values, its name) may be shown, as in the audit trail.

    A record about no one (a team, a tariff): yes. A person's care record: only if the
    person is in the user's caseload now, so never for an administrator or a peer reviewer,
    and never for a care record since deleted. A model that declares neither counts as a
    care record of no one's caseload (see ``common.care_data``).
    """
    care = care_data_of(type(record))
    if care is None:
        return False
    if not care.about_a_person:
        return True
    scopes = [
        caseload_scope(user, team_path=f"{path}__team__" if path else "team__")
        for path in care.person_paths
    ]
    if all(scope == NOTHING for scope in scopes):
        return False
    visible = type(record)._default_manager.filter(reduce(or_, scopes))
    return visible.filter(pk=record.pk).exists()


rules.add_perm("people.view_team", can_see_team)
rules.add_perm("participants.add_participant", is_team_member)
rules.add_perm("participants.change_participant", works_in_team_of)
rules.add_perm("participants.record_service_use", works_in_team_of)
rules.add_perm("participants.ask_for_transfer", is_team_member)
rules.add_perm("participants.decide_transfer", decides_transfer)
rules.add_perm("budgets.set_indicative_budget", works_in_team_of)
rules.add_perm("costing.view_tariffs", is_team_member | is_commissioner)
rules.add_perm("costing.manage_tariffs", is_commissioner)
rules.add_perm("people.manage_users", is_administrator)
rules.add_perm("peer_audit.manage_rounds", is_commissioner)
rules.add_perm("peer_audit.audit_plans", is_peer_reviewer)
rules.add_perm("peer_audit.record_action", works_in_team_of)
rules.add_perm("reports.view_reports", is_commissioner)
rules.add_perm("audit.view_trail", is_administrator)
rules.add_perm("audit.view_record_values", can_see_record_values)
