import socket

from celery import shared_task
from django.db import connection


@shared_task(name="phb.worker_ping")
def worker_ping() -> dict[str, str]:
    """Answer from a worker: its host name and whether it reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"worker": socket.gethostname(), "database": "ok"}
