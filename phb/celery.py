"""The Celery application.

Configured from the ``CELERY_*`` settings: JSON only, late acknowledgement,
time limits. With no ``REDIS_URL`` tasks run in process (eagerly), so the
embedded run needs no broker.
"""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phb.settings")


class Task(DjangoTask):
    """Base task: retried with exponential backoff and jitter on the errors it
    names in ``autoretry_for``, at most five times, and queued with
    ``delay_on_commit`` so that it never runs before its rows are committed."""

    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5


app = Celery("phb", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["phb"])
