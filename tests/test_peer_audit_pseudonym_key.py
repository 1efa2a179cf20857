"""The key of the reviewers' pseudonyms: a secret of its own, required in production and
derived from the secret key in debug; the pseudonyms change with it and with the round."""

import re

import pytest

from peer_audit.models import PeerAudit
from peer_audit.reviewing import person_pseudonym, round_key
from tests.peer_review_builders import drawn_round, morwenna_s_audit
from tests.test_settings import PROJECT, django_setting, start_django

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(people, pilot_tariffs) -> PeerAudit:
    return morwenna_s_audit(people, pilot_tariffs)


class TestThePseudonymKey:
    """A secret of its own: required in production, derived from the secret key in debug."""

    def test_production_without_it_stops_start_up(self):
        result = start_django(
            DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, PEER_AUDIT_PSEUDONYM_KEY=""
        )
        assert result.returncode != 0
        assert "PEER_AUDIT_PSEUDONYM_KEY must be set when DJANGO_DEBUG is false" in result.stderr

    def test_a_short_one_or_the_secret_key_itself_is_refused(self):
        short = start_django(
            DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, PEER_AUDIT_PSEUDONYM_KEY="k" * 49
        )
        assert "PEER_AUDIT_PSEUDONYM_KEY must be at least 50 characters long" in short.stderr
        same = start_django(
            DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, PEER_AUDIT_PSEUDONYM_KEY="x" * 50
        )
        assert "must not be the secret key" in same.stderr
        fine = start_django(
            DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, PEER_AUDIT_PSEUDONYM_KEY="k" * 50
        )
        assert fine.returncode == 0, fine.stderr

    def test_every_pseudonym_key_the_project_sets_is_long_enough_and_its_own(self):
        """The keys the test run, the image build and the example environment set."""
        for name in ("Makefile", "Dockerfile", ".env.example"):
            text = (PROJECT / name).read_text()
            (key,) = re.findall(r"^\s*PEER_AUDIT_PSEUDONYM_KEY=(\S+)", text, flags=re.MULTILINE)
            (secret,) = re.findall(r"DJANGO_SECRET_KEY=(\S+)", text)
            assert len(key) >= 50, f"{name}: {key!r} is {len(key)} characters"
            assert key != secret, name

    def test_in_debug_it_is_derived_from_the_secret_key_and_is_not_it(self):
        key = django_setting(
            "PEER_AUDIT_PSEUDONYM_KEY",
            DJANGO_DEBUG="true",
            DJANGO_SECRET_KEY="s" * 50,
            PEER_AUDIT_PSEUDONYM_KEY="",
        )
        again = django_setting(
            "PEER_AUDIT_PSEUDONYM_KEY",
            DJANGO_DEBUG="true",
            DJANGO_SECRET_KEY="s" * 50,
            PEER_AUDIT_PSEUDONYM_KEY="",
        )
        other = django_setting(
            "PEER_AUDIT_PSEUDONYM_KEY",
            DJANGO_DEBUG="true",
            DJANGO_SECRET_KEY="t" * 50,
            PEER_AUDIT_PSEUDONYM_KEY="",
        )
        assert key == again != other
        assert "s" * 50 not in key
        assert len(key.strip("'")) == 64

    def test_pseudonyms_change_with_the_key_and_the_round(self, settings, people, audit):
        first, key = person_pseudonym(audit), settings.PEER_AUDIT_PSEUDONYM_KEY
        settings.PEER_AUDIT_PSEUDONYM_KEY = "another-key-" * 5
        assert person_pseudonym(audit) != first
        settings.PEER_AUDIT_PSEUDONYM_KEY = key
        assert person_pseudonym(audit) == first
        later = drawn_round(people, name="Later audit")
        assert round_key(later) != round_key(audit.round)
        assert person_pseudonym(PeerAudit(round=later, plan=audit.plan)) != first
