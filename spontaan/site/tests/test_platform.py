import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spontaan.accounts.models import RoleGrant, User
from spontaan.core.markdown import render_markdown
from spontaan.initiatives.models import Initiative


def test_healthz_reports_ok_with_a_working_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert b"<script>" not in response.content


def test_the_site_is_dutch_unless_english_is_chosen(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "nl"
    client.get("/taal/en/", {"next": "/"})
    assert client.get("/").headers["Content-Language"] == "en"


def test_markdown_is_sanitised():
    html = render_markdown("**vet** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>vet</strong>" in html
    assert "<script>" not in html
    assert "javascript:" not in html


def _settings_process(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SPONTAAN_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import spontaan.settings as s; print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        ],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_the_app_refuses_a_missing_secret_key():
    result = _settings_process({"SPONTAAN_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_without_debug_cookies_are_secure_and_hsts_is_on():
    result = _settings_process({"SPONTAAN_ENV": "production", "SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000"]


@pytest.mark.django_db
def test_demo_loads_idempotently_and_prints_accounts_as_json(capsys):
    call_command("demo", "--json")
    first = json.loads(capsys.readouterr().out)
    counts = (User.objects.count(), Initiative.objects.count(), RoleGrant.objects.count())
    call_command("demo", "--json")
    second = json.loads(capsys.readouterr().out)
    assert first == second
    assert (User.objects.count(), Initiative.objects.count(), RoleGrant.objects.count()) == counts
    assert {a["role"] for a in first} >= {
        "connector",
        "programme_manager",
        "reviewer",
        "moderator",
        "resident",
        "administrator",
    }
    assert set(first[0]) == {"email", "password", "role", "municipality"}
    titles = set(Initiative.objects.values_list("title", flat=True))
    assert {
        "Herinrichting Marktplein Borne",
        "Wannaplay op de Oude Markt",
        "GameChangeKaravaan",
        "Stadsmakers Enschede",
    } <= titles


@pytest.mark.django_db
def test_demo_refuses_on_a_production_configuration(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert Initiative.objects.count() == 0


@pytest.mark.django_db
def test_the_admin_pages_open_for_an_administrator(client, initiative):
    admin_user = User.objects.create_superuser("root@example.org", "a-long-password-1")
    client.force_login(admin_user)
    for url in (
        "/beheer/",
        "/beheer/places/municipality/",
        "/beheer/initiatives/initiative/",
        "/beheer/core/auditentry/",
        "/beheer/actors/actor/",
        f"/beheer/initiatives/initiative/{initiative.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


PRODUCTION_COOKIES = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/taal/en/", {"next": "/"}, HTTP_HOST="spontaan.example")
language = response.cookies[settings.LANGUAGE_COOKIE_NAME]
print(json.dumps({
    "session": settings.SESSION_COOKIE_SECURE,
    "csrf": settings.CSRF_COOKIE_SECURE,
    "language_setting": settings.LANGUAGE_COOKIE_SECURE,
    "language_cookie": bool(language["secure"]),
    "language_httponly": bool(language["httponly"]),
}))
"""


def test_in_production_every_cookie_is_secure_also_on_a_plain_http_request(tmp_path):
    # given: production settings behind a proxy that does not say it terminated TLS
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "SPONTAAN_ENV", "DATABASE_URL"}
    }
    env.update(
        {
            "SPONTAAN_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "spontaan.example",
            "DJANGO_SETTINGS_MODULE": "spontaan.settings",
            "SPONTAAN_VAR_DIR": str(tmp_path),
        }
    )
    # when: the language switch sets its cookie
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_COOKIES],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # then: session, CSRF (and the messages cookie, which follows the session's) and language
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "session": True,
        "csrf": True,
        "language_setting": True,
        "language_cookie": True,
        "language_httponly": True,
    }
