from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from people.models import ApiToken, Organisation, Team, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class TeamSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "organisation"]


class MeSerializer(serializers.ModelSerializer):
    """The signed-in user: who they are, their role, team and organisation."""

    name = serializers.CharField(source="get_full_name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    team = TeamSerializer(read_only=True, allow_null=True)
    organisation = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "role", "role_display", "team", "organisation"]

    @extend_schema_field(OrganisationSerializer(allow_null=True))
    def get_organisation(self, user: User) -> dict | None:
        organisation = user.team.organisation if user.team_id else user.organisation
        return OrganisationSerializer(organisation).data if organisation else None


class ApiTokenSerializer(serializers.ModelSerializer):
    """One of the user's API tokens; never its key, which is shown once when it is made."""

    expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "expires", "last_used", "expired"]
        read_only_fields = fields
