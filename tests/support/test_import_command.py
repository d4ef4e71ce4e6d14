import io

import pytest
from django.core.management import CommandError, call_command

from support.models import Category, Ticket
from tests.support.messages import message
from tests.support.ticket_files import csv_file, ticket


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def export(tmp_path, rows, name="eksport.csv"):
    path = tmp_path / name
    path.write_bytes(csv_file(rows).getvalue())
    return path


def run(*args, stderr=None) -> tuple[str, str]:
    out, err = io.StringIO(), stderr or io.StringIO()
    call_command("import_tickets", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_imports_and_prints_the_summary(tmp_path):
    path = export(tmp_path, [ticket("1"), ticket("2", Kategori="Skrivere")])

    out, err = run(path)

    assert out == (
        message(
            "New tickets: %(new)s. Changed: %(changed)s. Unchanged: %(unchanged)s.",
            new=2,
            changed=0,
            unchanged=0,
        )
        + " "
        + message("New categories: %(names)s.", names="Nettverk, Skrivere")
        + "\n"
    )
    assert err == ""  # no progress when stderr is not a terminal
    assert Ticket.objects.count() == 2

    out, _ = run(path)
    assert out.startswith(
        message(
            "New tickets: %(new)s. Changed: %(changed)s. Unchanged: %(unchanged)s.",
            new=0,
            changed=0,
            unchanged=2,
        )
    )


@pytest.mark.django_db
def test_a_rejected_file_lists_the_errors_and_fails(tmp_path):
    path = export(tmp_path, [ticket("1", Kategori="Ny"), ticket("2", Prioritet="Haster")])

    with pytest.raises(CommandError) as raised:
        run(path, stderr=(err := io.StringIO()))

    assert str(raised.value) == message(
        "The file was rejected and nothing was saved. Errors: %(count)s.", count=1
    )
    assert "Haster" in err.getvalue()
    assert "(D)" in err.getvalue()  # the column, with its letter
    assert Ticket.objects.count() == 0
    assert Category.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"finnes-ikke\.csv"):
        run(tmp_path / "finnes-ikke.csv")


@pytest.mark.django_db
def test_progress_is_shown_on_a_terminal(tmp_path):
    path = export(tmp_path, [ticket(str(number)) for number in range(1500)])

    _, err = run(path, stderr=Terminal())

    assert "\r" + message("Checked: %(rows)s rows", rows="1\xa0000") in err
    assert "\r" + message("Checked: %(rows)s rows", rows="1\xa0500") in err
    assert "\r" + message("Saved: %(rows)s rows", rows="1\xa0500") in err
    assert err.endswith("\n")
    assert Ticket.objects.count() == 1500
