"""Where notification emails go: the console in debug, SMTP in production, a folder when
told; the links in them lead to the service's own address."""

from tests.test_settings import django_setting, start_django

PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50}
PSEUDONYMS = {"PEER_AUDIT_PSEUDONYM_KEY": "y" * 50}


def test_the_console_in_debug_and_smtp_in_production():
    assert "console.EmailBackend" in django_setting("MAILERS", DJANGO_DEBUG="true")
    smtp = django_setting(
        "MAILERS", **PRODUCTION, **PSEUDONYMS, DJANGO_EMAIL_HOST="smtp.example.org"
    )
    assert "smtp.EmailBackend" in smtp
    assert "'host': 'smtp.example.org'" in smtp
    assert "'timeout': 30" in smtp


def test_a_folder_when_told_and_an_unknown_backend_stops_start_up(tmp_path):
    chosen = django_setting(
        "MAILERS",
        DJANGO_DEBUG="true",
        DJANGO_EMAIL_BACKEND="file",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "emails"),
    )
    assert "filebased.EmailBackend" in chosen
    assert str(tmp_path / "emails") in chosen
    result = start_django(DJANGO_DEBUG="true", DJANGO_EMAIL_BACKEND="pigeon")
    assert result.returncode != 0
    assert "DJANGO_EMAIL_BACKEND='pigeon' is not one of console, file, smtp" in result.stderr


def test_the_links_lead_to_the_service_s_own_address():
    assert django_setting("SITE_URL", DJANGO_DEBUG="true") == "'http://127.0.0.1:8000'"
    assert (
        django_setting(
            "SITE_URL", **PRODUCTION, **PSEUDONYMS, DJANGO_ALLOWED_HOSTS="phb.example.org"
        )
        == "'https://phb.example.org'"
    )
    assert (
        django_setting(
            "SITE_URL",
            **PRODUCTION,
            **PSEUDONYMS,
            DJANGO_CSRF_TRUSTED_ORIGINS="https://budgets.example.org",
        )
        == "'https://budgets.example.org'"
    )
    assert (
        django_setting("SITE_URL", DJANGO_DEBUG="true", DJANGO_SITE_URL="https://phb.nhs.uk/")
        == "'https://phb.nhs.uk'"
    )
    result = start_django(DJANGO_DEBUG="true", DJANGO_SITE_URL="ftp://phb.nhs.uk")
    assert result.returncode != 0
    assert "DJANGO_SITE_URL" in result.stderr
