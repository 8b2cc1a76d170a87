from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from spontaan.accounts.models import ApiToken
from spontaan.accounts.tests.factories import UserFactory
from spontaan.accounts.tokens import token_authenticate


def test_createtoken_prints_the_token_alone_on_the_last_line(db):
    # given
    user = UserFactory(email="anna@example.org")
    out, err = StringIO(), StringIO()
    # when
    call_command("createtoken", "Anna@Example.org", "--name", "Deploy", stdout=out, stderr=err)
    # then
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("spt_") and " " not in last
    assert token_authenticate(last) == user
    assert ApiToken.objects.get(user=user).name == "Deploy"


def test_createtoken_default_name(db):
    user = UserFactory()
    call_command("createtoken", user.email, stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.get(user=user).name == "command line"


def test_createtoken_unknown_email_is_an_error(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("createtoken", "nobody@example.org", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.count() == 0


def test_createtoken_refuses_a_deleted_account(db):
    user = UserFactory(deleted=True)
    with pytest.raises(CommandError):
        call_command("createtoken", user.email, stdout=StringIO(), stderr=StringIO())


def test_createtoken_exits_non_zero_from_the_console(db, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["spontaan", "createtoken", "nobody@example.org"])
    assert exit_info.value.code != 0
    assert "nobody@example.org" in capsys.readouterr().err


def test_createtoken_prints_only_the_token_on_stdout(db):
    # (run through call_command: running it as from the console would close the test's
    # database connection, which PostgreSQL tests need afterwards)
    user = UserFactory()
    out, err = StringIO(), StringIO()
    call_command("createtoken", user.email, "--name", "CI", stdout=out, stderr=err)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert token_authenticate(lines[0]) == user
