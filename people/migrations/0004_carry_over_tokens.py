"""Tokens made before tokens expired (DRF's ``authtoken_token``, one a user) are kept as
their hash, and expire ``API_TOKEN_DAYS`` days after they were first made."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def _aware(value: datetime | str) -> datetime:
    """As stored (SQLite keeps UTC without a zone, and may give text)."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def carry_over(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    api_token = apps.get_model("people", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    api_token.objects.bulk_create(
        api_token(
            user_id=user_id,
            name="Made before tokens expired",
            prefix=key[:8],
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            created=_aware(created),
            expires=_aware(created) + timedelta(days=settings.API_TOKEN_DAYS),
        )
        for key, user_id, created in rows
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0003_api_tokens")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
