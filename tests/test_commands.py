"""``add_user`` and the demo data."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from participants.models import TransferRequest
from people.models import Organisation, Role, Team, User
from phb.demo.people import DEMO_USERS
from tests.factories import PASSWORD


def add_user(*args: str, password: str = PASSWORD) -> str:
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        call_command("add_user", *args, "--password-stdin", stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue()


def test_add_user_creates_the_team_and_organisation_it_names(db):
    out = add_user(
        "nia", "--role", "coordinator", "--team", "Eastgate CMHT", "--organisation", "Westmere ICB"
    )
    assert "Added nia (Care coordinator, Eastgate CMHT)" in out
    user = User.objects.get(username="nia")
    assert user.team == Team.objects.get(name="Eastgate CMHT")
    assert user.team.organisation == Organisation.objects.get(name="Westmere ICB")
    assert user.check_password(PASSWORD)


def test_add_user_joins_an_existing_team(db):
    add_user(
        "nia", "--role", "coordinator", "--team", "Eastgate CMHT", "--organisation", "Westmere ICB"
    )
    add_user("olu", "--role", "facilitator", "--team", "Eastgate CMHT")
    assert Team.objects.count() == 1
    assert User.objects.get(username="olu").team.name == "Eastgate CMHT"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "coordinator"], "needs a team"),
        (["--role", "commissioner"], "needs an organisation"),
        (["--role", "administrator", "--team", "X"], "belongs to no team"),
        (["--role", "coordinator", "--team", "New team"], "name the organisation"),
    ],
)
def test_add_user_refuses_a_role_without_its_place(db, args, message):
    with pytest.raises(CommandError, match=message):
        add_user("nia", *args)
    assert not User.objects.exists()


def test_add_user_refuses_a_weak_password(db):
    with pytest.raises(CommandError, match="too short"):
        add_user("nia", "--role", "administrator", password="short")


def _rows_of_every_table() -> dict[str, int]:
    from django.apps import apps

    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_load_demo_prints_a_login_per_role_and_run_again_changes_nothing(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    from notifications import services as notifying
    from notifications.models import Notification

    emailed = []
    monkeypatch.setattr(notifying, "_send_emails", emailed.extend)
    settings.DEBUG = True
    first = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=first)
    assert Team.objects.count() == 2
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for demo in DEMO_USERS:
        assert demo.username in first.getvalue()
    emails = set(User.objects.values_list("email", flat=True))
    assert emails == {f"{demo.username}@example.org" for demo in DEMO_USERS}
    assert Notification.objects.exists()
    assert emailed == []  # loading tells people in the service, emails nobody
    before = _rows_of_every_table()
    history = [m._meta.label for m in apps.get_models() if issubclass(m, HistoricalChanges)]
    assert "costing.HistoricalClusterCost" in history
    assert before["costing.HistoricalClusterCost"]
    assert before["people.HistoricalUser"]

    call_command("load_demo", stdout=io.StringIO())

    after = _rows_of_every_table()
    assert {label: after[label] for label in history} == {label: before[label] for label in history}
    assert after == before
    assert TransferRequest.objects.filter(status="waiting").count() == 1


def test_the_demo_leaves_a_corrected_cluster_cost_as_it_is(db):
    from decimal import Decimal

    from costing.core.years import FinancialYear
    from costing.models import Cluster, ClusterCost
    from costing.services import cluster_cost_set
    from phb.demo.pilot import CLUSTER_COSTS_2012, load_pilot_cluster_costs

    cluster_cost_set(
        cluster=Cluster.objects.get(number=1),
        year=FinancialYear(2012),
        annual_cost=Decimal("5500.00"),
    )
    load_pilot_cluster_costs()
    costs = dict(
        ClusterCost.objects.filter(year=2012).values_list("cluster__number", "annual_cost")
    )
    assert costs == {**CLUSTER_COSTS_2012, 1: Decimal("5500.00")}
    assert ClusterCost.history.filter(cluster__number=1).count() == 1


def test_load_demo_refuses_production_mode(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
