"""Every file coach writes goes through one writer, and `-o` means the same in every command (SPEC "Output").

A symlink's target is written, a device or a descriptor is written in place and never replaced, a FIFO without a
reader is an error (never a hang), `-o -` is standard output, and the extension chooses the format alike in every
command. Real coach processes on real files, pipes, FIFOs and devices.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    PROCESS_TIMEOUT,
    RealJournal,
    assert_one_error_line,
    coach_command,
    coach_environment,
    query,
)


def device(folder: Path, name: str, minor: int) -> Path:
    """A character device node of our own (1, minor: 3 is null, 7 is full), never the system's: a coach that
    replaced it would otherwise break /dev/null for every program on the machine."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        path.chmod(0o666)
        with path.open("w") as opened:
            opened.write("")
    except OSError as error:
        pytest.skip(
            f"cannot make a device node here ({error.strerror}): only root may, on a file system without nodev"
        )
    return path


def assert_still_a_device(path: Path) -> None:
    status = os.lstat(path)
    assert stat.S_ISCHR(status.st_mode) and stat.S_IMODE(status.st_mode) == 0o666


@pytest.fixture
def journal(real_journal: RealJournal) -> RealJournal:
    real_journal.ok("goal", "add", "Run a half marathon", "--no-input")
    return real_journal


def shell(journal: RealJournal, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a bash script in which `coach` is the real coach, on `journal`."""
    command = shlex.join(coach_command())
    return subprocess.run(
        ["bash", "-c", f'coach() {{ {command} "$@"; }}\n{script}'],
        capture_output=True,
        text=True,
        env=coach_environment(journal.path, **env),
        timeout=PROCESS_TIMEOUT // 4,  # on a coach that reads its own standard output, a hang
        cwd=journal.path.parent,
    )


WRITERS = [
    pytest.param(("brief", "-o"), id="brief"),
    pytest.param(("week", "-o"), id="week"),
    pytest.param(("export", "-o"), id="export"),
    pytest.param(("calendar", "-o"), id="calendar"),
]


def stdout_link(journal: RealJournal) -> str:
    """A symlink to /proc/self/fd/1, as /dev/stdout is: ours, so that a coach that replaced it (as coach did
    with /dev/stdout when run as root) breaks only this test's folder, not every program on the machine."""
    (journal.path.parent / "stdout").symlink_to("/proc/self/fd/1")
    return "./stdout"


@pytest.mark.parametrize("command", WRITERS)
def test_stdout_into_a_pipe_is_written_through_never_read(
    journal: RealJournal, command: tuple[str, ...]
) -> None:
    """`coach brief -o /dev/stdout | cat` hung: coach opened its own standard output to look for a header."""
    result = shell(journal, f"coach {' '.join(command)} {stdout_link(journal)} | cat")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), result.stderr
    assert os.readlink(journal.path.parent / "stdout") == "/proc/self/fd/1"


@pytest.mark.parametrize("command", WRITERS)
def test_stdout_redirected_to_a_file_writes_the_file(journal: RealJournal, command: tuple[str, ...]) -> None:
    result = shell(journal, f"coach {' '.join(command)} {stdout_link(journal)} > out.txt")
    assert result.returncode == 0, result.stderr
    assert (journal.path.parent / "out.txt").stat().st_size > 0
    assert os.readlink(journal.path.parent / "stdout") == "/proc/self/fd/1"


@pytest.mark.parametrize("command", WRITERS)
def test_process_substitution_gets_the_text(journal: RealJournal, command: tuple[str, ...]) -> None:
    result = shell(journal, f"coach {' '.join(command)} >(wc -c > counted); wait $!; cat counted")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 0


@pytest.mark.parametrize("command", WRITERS)
def test_a_fifo_without_a_reader_is_an_error_not_a_hang(
    journal: RealJournal, command: tuple[str, ...]
) -> None:
    fifo = journal.path.parent / "out.fifo"
    os.mkfifo(fifo)
    result = journal.run(*command, fifo)
    assert_one_error_line(result, "nothing is reading from the FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("command", WRITERS)
def test_a_symlink_keeps_being_a_symlink(journal: RealJournal, command: tuple[str, ...]) -> None:
    folder = journal.path.parent
    target = folder / "kept" / "latest"
    target.parent.mkdir()
    target.write_text("old\n")
    link = folder / "link"
    link.symlink_to(target)
    journal.ok(*command, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() != "old\n"


@pytest.mark.parametrize("command", WRITERS)
def test_a_null_device_stays_a_device(journal: RealJournal, command: tuple[str, ...]) -> None:
    """As root, `coach brief -o /dev/null` turned the device into a 0600 file holding the brief."""
    null = device(journal.path.parent, "null", 3)
    journal.ok(*command, null)
    assert_still_a_device(null)


def test_a_config_on_a_null_device_turns_the_config_off_and_stays_a_device(journal: RealJournal) -> None:
    null = device(journal.path.parent, "null", 3)
    listed = journal.run("config", "--format", "json", env={"COACH_CONFIG": str(null)})
    assert listed.returncode == 0, listed.stderr
    assert all(item["source"] != "file" for item in json.loads(listed.stdout)["settings"])
    journal.ok("config", "set", "week.review_day", "monday", env={"COACH_CONFIG": str(null)})
    assert_still_a_device(null)


def test_config_set_through_a_symlink_writes_its_target(journal: RealJournal) -> None:
    folder = journal.path.parent
    target = folder / "dotfiles" / "coach.toml"
    target.parent.mkdir()
    target.write_text("# mine\n")
    link = folder / "config.toml"
    link.symlink_to(target)
    journal.ok("config", "set", "week.review_day", "monday", env={"COACH_CONFIG": str(link)})
    assert link.is_symlink()
    assert "monday" in target.read_text() and "# mine" in target.read_text()


def test_undo_json_to_a_missing_folder_changes_nothing_and_says_so(journal: RealJournal) -> None:
    """Run again after "cannot write", the person lost a second change: the folder is checked before the undo."""
    journal.ok("goal", "add", "Read twelve books this year", "--no-input")
    missing = journal.path.parent / "missing" / "u.json"
    result = journal.run("undo", "--format", "json", "-o", missing)
    assert_one_error_line(result, str(missing.parent), "nothing was undone")
    goals = json.loads(journal.ok("goal", "list", "--format", "json").stdout)
    assert [goal["title"] for goal in goals] == ["Run a half marathon", "Read twelve books this year"]


def test_an_output_that_fails_after_the_undo_says_the_change_was_made(journal: RealJournal) -> None:
    journal.ok("goal", "add", "Read twelve books this year", "--no-input")
    fifo = journal.path.parent / "nobody-reads"
    os.mkfifo(fifo)
    result = journal.run("undo", "--format", "json", "-o", fifo)
    line = assert_one_error_line(result, str(fifo), "nothing is reading")
    assert "the change was saved" in line and "do not run" in line
    goals = json.loads(journal.ok("goal", "list", "--format", "json").stdout)
    assert [goal["title"] for goal in goals] == ["Run a half marathon"]


STDOUT_COMMANDS = [
    pytest.param(("export",), id="export"),
    pytest.param(("export", "--format", "markdown"), id="export-markdown"),
    pytest.param(("brief",), id="brief"),
    pytest.param(("report", "--format", "json"), id="report"),
    pytest.param(("week", "--format", "json"), id="week"),
    pytest.param(("config", "--format", "json"), id="config"),
]


@pytest.mark.parametrize("command", STDOUT_COMMANDS)
def test_dash_is_standard_output(journal: RealJournal, command: tuple[str, ...]) -> None:
    expected = journal.ok(*command).stdout
    result = journal.ok(*command, "-o", "-")
    assert result.stdout == expected
    assert not (journal.path.parent / "-").exists()


def test_dash_is_standard_output_for_the_calendar(journal: RealJournal) -> None:
    result = journal.ok("calendar", "-o", "-")
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert not (journal.path.parent / "-").exists()


def test_export_to_standard_output_imports_from_standard_input(journal: RealJournal, tmp_path: Path) -> None:
    journal.ok("commit", "Run twice", "--goal", "1")
    new = tmp_path / "new.db"
    result = shell(journal, f"coach export -o - | coach --db '{new}' import -")
    assert result.returncode == 0, result.stderr
    assert "Imported" in result.stdout
    again = journal.run("export", env={"COACH_DB": str(new)})
    assert again.stdout == journal.ok("export").stdout


def test_import_of_an_empty_standard_input_is_a_clear_error(journal: RealJournal, tmp_path: Path) -> None:
    result = journal.run("import", "-", input="", env={"COACH_DB": str(tmp_path / "new.db")})
    assert_one_error_line(result, "standard input")


EXTENSIONS = [
    pytest.param(("report",), "r.json", "json", id="report-json"),
    pytest.param(("week",), "w.md", "markdown", id="week-md"),
    pytest.param(("goal", "list"), "g.json", "json", id="goal-list-json"),
    pytest.param(("brief",), "b.json", "json", id="brief-json"),
    pytest.param(("brief",), "b.html", "html", id="brief-html"),
    pytest.param(("export",), "e.md", "markdown", id="export-md"),
    pytest.param(("config",), "c.json", "json", id="config-json"),
]


@pytest.mark.parametrize(("command", "name", "kind"), EXTENSIONS)
def test_the_extension_chooses_the_format_in_every_command(
    journal: RealJournal, command: tuple[str, ...], name: str, kind: str
) -> None:
    target = journal.path.parent / name
    journal.ok(*command, "-o", target)
    text = target.read_text()
    if kind == "json":
        json.loads(text)
    elif kind == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
    else:
        assert text.startswith("#") and "━" not in text and "┃" not in text


@pytest.mark.parametrize(
    ("command", "name", "allowed"),
    [
        pytest.param(("brief",), "x.pdf", ".html", id="brief-pdf"),
        pytest.param(("week",), "w.html", ".json", id="week-html"),
        pytest.param(("export",), "e.pdf", ".json", id="export-pdf"),
        pytest.param(("calendar",), "c.md", ".ics", id="calendar-md"),  # .json it writes (--format json)
    ],
)
def test_an_extension_the_command_cannot_write_is_an_error_saying_what_it_can(
    journal: RealJournal, command: tuple[str, ...], name: str, allowed: str
) -> None:
    target = journal.path.parent / name
    result = journal.run(*command, "-o", target)
    assert_one_error_line(result, name.rsplit(".", 1)[1], allowed)
    assert not target.exists()


def test_a_format_given_wins_over_the_extension(journal: RealJournal) -> None:
    target = journal.path.parent / "notes.txt"
    journal.ok("week", "--format", "json", "-o", target)
    json.loads(target.read_text())


def test_a_backup_to_standard_output_is_the_journal_whole(journal: RealJournal, tmp_path: Path) -> None:
    result = subprocess.run(
        coach_command("backup", "-o", "-"),
        capture_output=True,
        env=coach_environment(journal.path),
        timeout=PROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "copy.db"
    copy.write_bytes(result.stdout)
    assert query(copy, "SELECT title FROM goal") == [("Run a half marathon",)]
    assert query(copy, "PRAGMA integrity_check") == [("ok",)]


def test_a_backup_goes_into_a_device_a_fifo_or_a_symlinks_target_as_everything_else(
    journal: RealJournal,
) -> None:
    folder = journal.path.parent
    null = device(folder, "null", 3)
    journal.ok("backup", "-o", null)
    assert_still_a_device(null)
    fifo = folder / "backup.fifo"
    os.mkfifo(fifo)
    assert_one_error_line(journal.run("backup", "-o", fifo), "nothing is reading from the FIFO")
    (folder / "kept").mkdir()
    link = folder / "latest.db"
    link.symlink_to(folder / "kept" / "copy.db")
    journal.ok("backup", "-o", link)
    assert link.is_symlink()
    assert query(folder / "kept" / "copy.db", "SELECT title FROM goal") == [("Run a half marathon",)]
