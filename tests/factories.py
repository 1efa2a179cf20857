import factory
from django.contrib.auth.hashers import make_password

from people.models import Organisation, Role, Team, User

PASSWORD = "correct-horse-battery"


class _PasswordHash:
    """Argon2 is slow on purpose: hash the test password once, not per user."""

    value: str | None = None

    @classmethod
    def get(cls) -> str:
        if cls.value is None:
            cls.value = make_password(PASSWORD)
        return cls.value


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Integrated Care Board {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community Mental Health Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A coordinator of a new team unless told otherwise."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.COORDINATOR
    team = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role in (Role.COORDINATOR, Role.FACILITATOR)),
        yes_declaration=factory.SubFactory(TeamFactory),
        no_declaration=None,
    )
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role in (Role.COMMISSIONER, Role.PEER_REVIEWER)),
        yes_declaration=factory.SubFactory(OrganisationFactory),
        no_declaration=None,
    )
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMINISTRATOR)
    password = factory.LazyFunction(_PasswordHash.get)
