"""The server the browser tests drive works as the embedded run does: each request thread
with a database connection of its own.

pytest-django hands one connection to every request thread when the test database is
SQLite in memory and was created before the live server (as in a whole run). Django's
transaction bookkeeping is not made for threads sharing a connection: two requests that
overlap (htmx asks while a form is sent) lose each other's savepoints ("no such
savepoint"), read each other's uncommitted rows, and one that begins while another
commits leaves the connection with autocommit off, after which no request's on-commit
work (making a review pack) ever runs.
"""

import pytest
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_each_request_of_the_live_server_has_a_connection_of_its_own(django_db_setup, live_server):
    assert live_server.thread.connections_override == {}
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()  # a file, as in the embedded run
