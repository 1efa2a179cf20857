"""The commissioner's side of the peer audit as JSON: checklist versions, rounds (with
their population and audits), a round's preview, assigning, and the results report."""

from decimal import Decimal

from rest_framework import serializers

from common.api import ScopedPrimaryKeyField, requesting_user
from peer_audit.core.checklist import Rating
from peer_audit.core.rollup import Figures, QuestionFigures, RollUp, percent, quarter_days
from peer_audit.models import AuditRound, Checklist, PeerAudit, Question
from peer_audit.rounds import reviewers_of
from people.models import User

NO_SUCH_REVIEWER = "Choose a peer reviewer of your organisation."


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()


class QuestionSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=300)
    guidance = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    class Meta:
        model = Question
        fields = ["position", "text", "guidance"]


class ChecklistSerializer(serializers.ModelSerializer):
    """A version of the checklist. Sending one makes the next version: rounds already open
    keep theirs."""

    questions = QuestionSerializer(many=True, max_length=60)
    min_met_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        help_text="A plan passes with at least this per cent of the questions that apply met.",
    )
    no_not_met = serializers.BooleanField(help_text="A plan with any question not met fails.")
    show_reviewer_to_team = serializers.BooleanField(
        help_text="Teams see who audited their plans (otherwise never)."
    )
    created_by = serializers.SerializerMethodField(
        help_text="Who made the version; none for the default questions."
    )

    class Meta:
        model = Checklist
        fields = [
            "id",
            "version",
            "questions",
            "min_met_percent",
            "no_not_met",
            "show_reviewer_to_team",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "version", "created_at"]

    def get_created_by(self, checklist: Checklist) -> str | None:
        return str(checklist.created_by) if checklist.created_by_id else None


class PopulationSerializer(serializers.Serializer):
    """A team's plans in a drawn round: those that qualified (audited in the last 12 months
    left out), those always included, and those drawn. With the round's seed, enough to
    draw again and check."""

    team = serializers.IntegerField()
    team_name = serializers.CharField()
    qualifying = serializers.ListField(child=serializers.IntegerField())
    always = serializers.ListField(child=serializers.IntegerField())
    recently_audited = serializers.IntegerField()
    to_draw = serializers.IntegerField()
    drawn = serializers.ListField(child=serializers.IntegerField())


class RoundAuditSerializer(serializers.ModelSerializer):
    """One audit of a round, as its commissioner sees it (reviewer included)."""

    team_name = serializers.CharField(source="team.name", read_only=True)
    reviewer_name = serializers.SerializerMethodField()
    open_too_long = serializers.BooleanField(read_only=True)

    class Meta:
        model = PeerAudit
        fields = [
            "id",
            "team",
            "team_name",
            "plan",
            "always_included",
            "reviewer",
            "reviewer_name",
            "assigned_at",
            "status",
            "submitted_at",
            "passed",
            "overall_rating",
            "open_too_long",
        ]

    def get_reviewer_name(self, audit: PeerAudit) -> str | None:
        return str(audit.reviewer) if audit.reviewer_id else None


class AuditRoundSerializer(serializers.ModelSerializer):
    """A round: the plans it draws from and how. The seed is shown once drawn."""

    sample_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        default=Decimal("10"),
        help_text="Per cent of each team's qualifying plans, rounded up.",
    )
    minimum_per_team = serializers.IntegerField(
        min_value=0,
        max_value=1000,
        default=2,
        help_text="At least this many per team (all if fewer qualify).",
    )
    checklist_version = serializers.IntegerField(source="checklist.version", read_only=True)
    seed = serializers.SerializerMethodField()
    drawn_count = serializers.IntegerField(read_only=True)
    submitted_count = serializers.IntegerField(read_only=True)
    passed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AuditRound
        fields = [
            "id",
            "name",
            "basis",
            "period_start",
            "period_end",
            "sample_percent",
            "minimum_per_team",
            "include_over_limit",
            "include_direct_payment",
            "status",
            "checklist",
            "checklist_version",
            "seed",
            "drawn_at",
            "created_at",
            "drawn_count",
            "submitted_count",
            "passed_count",
        ]
        read_only_fields = ["id", "status", "checklist", "drawn_at", "created_at"]

    def get_seed(self, audit_round: AuditRound) -> str | None:
        return None if audit_round.status == AuditRound.Status.OPEN else audit_round.seed


class AuditRoundDetailSerializer(AuditRoundSerializer):
    """A round with its population per team (once drawn) and its audits."""

    population = PopulationSerializer(many=True, read_only=True)
    audits = RoundAuditSerializer(many=True, read_only=True, source="audits_shown")

    class Meta(AuditRoundSerializer.Meta):
        fields = [*AuditRoundSerializer.Meta.fields, "population", "audits"]


class TeamLineSerializer(serializers.Serializer):
    team = serializers.IntegerField()
    team_name = serializers.CharField()
    qualifying = serializers.IntegerField()
    always = serializers.IntegerField()
    recently_audited = serializers.IntegerField()
    to_draw = serializers.IntegerField()


def _reviewers(users, context):
    user = requesting_user(context)
    if user is None or not user.organisation_id:
        return users.none()
    return users.filter(pk__in=reviewers_of(user.organisation_id))


class AssignSerializer(serializers.Serializer):
    """Nothing, to share the round's unassigned audits among its reviewers; or one audit
    and the reviewer to give it to."""

    audit = serializers.UUIDField(required=False)
    reviewer = ScopedPrimaryKeyField(
        queryset=User.objects.all(), scope=_reviewers, message=NO_SUCH_REVIEWER, required=False
    )

    def validate(self, data):
        if ("audit" in data) != ("reviewer" in data):
            missing = "reviewer" if "audit" in data else "audit"
            raise serializers.ValidationError(
                {missing: "Send an audit and a reviewer together, or neither to assign all."}
            )
        return data


class AssignedSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    left = serializers.IntegerField(help_text="Audits no reviewer could take.")
    audit = RoundAuditSerializer(allow_null=True)


# -- The results report -----------------------------------------------------------------------


def _percent(share) -> str | None:
    return percent(share).removesuffix("%") or None


class QuestionFiguresSerializer(serializers.Serializer):
    text = serializers.CharField()
    met = serializers.IntegerField()
    partly_met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    met_percent = serializers.CharField(allow_null=True)
    partly_met_percent = serializers.CharField(allow_null=True)
    not_met_percent = serializers.CharField(allow_null=True)


class RatingsSerializer(serializers.Serializer):
    outstanding = serializers.IntegerField()
    good = serializers.IntegerField()
    requires_improvement = serializers.IntegerField()
    inadequate = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    team = serializers.CharField(allow_null=True, help_text="None for the whole organisation.")
    qualified = serializers.IntegerField()
    drawn = serializers.IntegerField()
    audited = serializers.IntegerField()
    passed = serializers.IntegerField()
    pass_rate_percent = serializers.CharField(allow_null=True)
    questions = QuestionFiguresSerializer(many=True)
    ratings = RatingsSerializer()


class QuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    teams = FiguresSerializer(many=True)
    organisation = FiguresSerializer()


class ReportSerializer(serializers.Serializer):
    year = serializers.CharField()
    quarters = QuarterSerializer(many=True)


def _question(question: QuestionFigures) -> dict:
    return {
        "text": question.text,
        "met": question.met,
        "partly_met": question.partly_met,
        "not_met": question.not_met,
        "not_applicable": question.not_applicable,
        "met_percent": _percent(question.met_share),
        "partly_met_percent": _percent(question.partly_met_share),
        "not_met_percent": _percent(question.not_met_share),
    }


def _figures(figures: Figures) -> dict:
    return {
        "team": figures.team,
        "qualified": figures.qualified,
        "drawn": figures.drawn,
        "audited": figures.audited,
        "passed": figures.passed,
        "pass_rate_percent": _percent(figures.pass_rate),
        "questions": [_question(q) for q in figures.questions],
        "ratings": {rating.value: figures.ratings[rating] for rating in Rating},
    }


def report(rollup: RollUp, year: str) -> dict:
    quarters = []
    for quarter in rollup.quarters:
        first, last = quarter_days(quarter.quarter)
        quarters.append(
            {
                "quarter": quarter.label,
                "first_day": first,
                "last_day": last,
                "teams": [_figures(team) for team in quarter.teams],
                "organisation": _figures(quarter.organisation),
            }
        )
    return {"year": year, "quarters": quarters}
