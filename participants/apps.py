from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    """The people a team supports: their record, cluster history and service use."""

    name = "participants"
