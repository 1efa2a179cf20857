from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.care_data import NOT_CARE_DATA


class Organisation(models.Model):
    """A commissioning body (a CCG or ICB): it holds teams and pays for budgets."""

    name = models.CharField(max_length=200, unique=True)
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A care team of an organisation (a community mental health team, say).

    Its people are one caseload: coordinators and facilitators see the people
    of their own team only.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Care coordinator"
    FACILITATOR = "facilitator", "PHB facilitator"
    COMMISSIONER = "commissioner", "Commissioner"
    PEER_REVIEWER = "peer_reviewer", "Peer reviewer"
    ADMINISTRATOR = "administrator", "Administrator"


TEAM_ROLES = frozenset({Role.COORDINATOR, Role.FACILITATOR})
ORGANISATION_ROLES = frozenset({Role.COMMISSIONER, Role.PEER_REVIEWER})


class User(AbstractUser):
    """A member of staff or of the peer network who signs in.

    A coordinator or facilitator belongs to a team (and so to its
    organisation); a commissioner or peer reviewer to an organisation; an
    administrator to neither.
    """

    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    home_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A peer reviewer's own team, if they have one: they never audit its plans.",
    )
    care_data = NOT_CARE_DATA
    must_change_password = models.BooleanField(
        "must choose a new password at next sign-in",
        default=False,
        help_text=(
            "Until they have, they can use nothing but the page to change it. Cleared once "
            "they have changed it."
        ),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(TEAM_ROLES))
                | (Q(team__isnull=False) & Q(organisation__isnull=True)),
                name="team_role_has_team",
                violation_error_message="A coordinator or facilitator belongs to a team.",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(ORGANISATION_ROLES))
                | (Q(organisation__isnull=False) & Q(team__isnull=True)),
                name="organisation_role_has_organisation",
                violation_error_message=(
                    "A commissioner or peer reviewer belongs to an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role=Role.PEER_REVIEWER) | Q(home_team__isnull=True),
                name="only_peer_reviewer_has_home_team",
                violation_error_message="Only a peer reviewer has a home team.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ADMINISTRATOR)
                | (Q(team__isnull=True) & Q(organisation__isnull=True)),
                name="administrator_has_no_team",
                violation_error_message="An administrator belongs to no team or organisation.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A key that signs API calls in as its owner (``Authorization: Token <key>``) until it
    expires or is revoked.

    The key is shown once, when it is made; only its SHA-256 is kept, and its first
    characters (``prefix``) so that its owner can tell their tokens apart.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires <= timezone.now()
