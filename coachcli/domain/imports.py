"""Entries from other tools, read as pure functions of their text: a jrnl journal (its plain-text file or its
`jrnl --export json`) as reflections, and check-ins from a CSV file (`goal,date,value[,note]`).

Every problem names the line it is on, so that a person can mend the file and import it again.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date

from coachcli.domain.dates import parse_date
from coachcli.domain.limits import LINE_LENGTH, LONG_TEXT_LENGTH, text_problem
from coachcli.domain.progress import parse_number
from coachcli.domain.text import is_blank
from coachcli.errors import InputError

# jrnl's own rules: an entry starts on a line `[DATE] title`, a tag is a word after @ or # (jrnl's default
# tagsymbols), and tags are compared lowercased.
JRNL_ENTRY_START = re.compile(r"^\[([^\]\n]*[0-9][^\]\n]*)\] ?", re.MULTILINE)
JRNL_TAG = re.compile(r"(?<!\S)[#@]([-+*#/\w]+)")
TIME_OF_DAY = re.compile(r"[ T]?[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( ?[AaPp]\.?[Mm]\.?)?$")
ISO_DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\b")
# A starred jrnl entry keeps its star as this tag (coach has no stars).
STARRED_TAG = "starred"
JSON_FORM = "export it with `jrnl --export json > FILE` and import that"


@dataclass(frozen=True)
class JournalEntry:
    """One entry of another journal, as a reflection to add: its day, text and tags, and where it was."""

    line: int
    day: date
    text: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class CheckInRow:
    """One check-in row of a CSV file: the goal as written (an id or a title), its day, value and note."""

    line: int
    goal: str
    day: date
    value: float
    note: str | None


def line_error(line: int, problem: str) -> InputError:
    """The one form of a problem in an imported file: the line it is on, what is wrong, how to mend it."""
    return InputError(f"line {line}: {problem}")


def read_jrnl(text: str, today: date) -> list[JournalEntry]:
    """A jrnl journal's entries, from its plain-text file or from `jrnl --export json` (told apart by the
    first character), oldest first."""
    if text.lstrip().startswith("{"):
        return read_jrnl_json(text, today)
    return read_jrnl_text(text, today)


def jrnl_tags(text: str) -> tuple[str, ...]:
    """The tags in an entry's text, as jrnl finds them (lowercased), without their @ or #, in order."""
    return tuple(dict.fromkeys(tag.lower() for tag in JRNL_TAG.findall(text)))


def checked_entry(line: int, day: date, today: date, text: str, tags: tuple[str, ...]) -> JournalEntry:
    """An entry held to the limits of a typed reflection."""
    if day > today:
        raise line_error(
            line, f"the entry's date {day.isoformat()} is in the future; coach keeps what has happened"
        )
    if is_blank(text):
        raise line_error(line, "the entry has no text; write some or remove the entry")
    problem = text_problem(text, LONG_TEXT_LENGTH)
    if problem:
        raise line_error(line, f"the entry {problem}")
    for tag in tags:
        if text_problem(tag, LINE_LENGTH):
            raise line_error(line, f"the tag {tag[:20]}... is longer than coach keeps")
    return JournalEntry(line=line, day=day, text=text, tags=tags)


def jrnl_day(stamp: str, line: int, today: date) -> date:
    """The day of a jrnl timestamp (`2026-11-20 09:15:00 AM` by jrnl's default, or another date form)."""
    iso = ISO_DAY.match(stamp.strip())
    written = iso.group(1) if iso else TIME_OF_DAY.sub("", stamp.strip())
    try:
        return parse_date(written, today, prefer="past")
    except InputError as error:
        raise line_error(
            line, f"cannot read the entry's date [{stamp}] ({error.message}); {JSON_FORM}"
        ) from None


def read_jrnl_text(text: str, today: date) -> list[JournalEntry]:
    """Entries of jrnl's plain-text format: `[DATE] title` lines, each followed by its body, a starred one
    ending its first line with ` *`."""
    starts = list(JRNL_ENTRY_START.finditer(text))
    before = text[: starts[0].start()] if starts else text
    if not is_blank(before):
        line = next(number for number, part in enumerate(before.splitlines(), start=1) if part.strip())
        raise line_error(
            line,
            "this is not a jrnl entry (each starts with a line such as [2026-11-20 09:15:00 AM] Title);"
            " give jrnl's journal file, or its `jrnl --export json`",
        )
    entries = []
    for position, start in enumerate(starts):
        line = text.count("\n", 0, start.start()) + 1
        end = starts[position + 1].start() if position + 1 < len(starts) else len(text)
        title, _, body = text[start.end() : end].partition("\n")
        starred = title.rstrip().endswith("*")
        if starred:
            title = title.strip(" *")
        entry_text = title.strip() + ("\n" + body.strip("\n ") if body.strip() else "")
        tags = jrnl_tags(entry_text) + ((STARRED_TAG,) if starred else ())
        day = jrnl_day(start.group(1), line, today)
        entries.append(checked_entry(line, day, today, entry_text, tags))
    return entries


def read_jrnl_json(text: str, today: date) -> list[JournalEntry]:
    """Entries of `jrnl --export json`: `{"entries": [{"date", "title", "body", "tags", "starred"}, ...]}`."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise line_error(error.lineno, f"this is not valid JSON ({error.msg}); {JSON_FORM}") from None
    listed = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(listed, list):
        raise InputError(f'this JSON has no "entries" list, as jrnl\'s export has; {JSON_FORM}')
    lines = entry_lines(text)
    entries = []
    for number, raw in enumerate(listed, start=1):
        line = lines[number - 1] if number <= len(lines) else 1
        if not isinstance(raw, dict) or not isinstance(raw.get("date"), str):
            raise line_error(line, f'entry {number} has no "date"; {JSON_FORM}')
        title, body = raw.get("title") or "", raw.get("body") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise line_error(line, f'entry {number}\'s "title" and "body" must be text')
        entry_text = title.strip() + ("\n" + body.strip("\n ") if body.strip() else "")
        listed_tags = raw.get("tags") or []
        if not isinstance(listed_tags, list) or not all(isinstance(tag, str) for tag in listed_tags):
            raise line_error(line, f'entry {number}\'s "tags" must be a list of words')
        tags = tuple(dict.fromkeys(tag.lstrip("#@").lower() for tag in listed_tags if tag.lstrip("#@")))
        if raw.get("starred") is True:
            tags += (STARRED_TAG,)
        day = jrnl_day(raw["date"], line, today)
        entries.append(checked_entry(line, day, today, entry_text, tags))
    return entries


def entry_lines(text: str) -> list[int]:
    """The line of each `"date":` in a JSON export, in order: where each entry is, for messages."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r'"date"\s*:', text)]


CSV_COLUMNS = "goal,date,value[,note]"


def read_checkin_csv(text: str, today: date) -> list[CheckInRow]:
    """Check-ins from CSV rows `goal,date,value[,note]` (a first row naming the columns is skipped): the goal
    by id or title, the date as every command reads one, the value as the goal's new total."""
    rows: list[CheckInRow] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    for fields in reader:
        line = reader.line_num
        if not fields or all(is_blank(field) for field in fields):
            continue
        if not rows and line == first_filled_line(text) and fields[0].strip().lower() == "goal":
            continue  # the header
        rows.append(checkin_row(line, fields, today))
    if not rows:
        raise InputError(f"the file holds no check-ins; write one per line as {CSV_COLUMNS}")
    return rows


def first_filled_line(text: str) -> int:
    return next((number for number, part in enumerate(text.splitlines(), start=1) if part.strip()), 0)


def checkin_row(line: int, fields: list[str], today: date) -> CheckInRow:
    """One CSV row as a check-in, or an error naming its line and what is wrong with it."""
    if not 3 <= len(fields) <= 4:
        raise line_error(line, f"{len(fields)} columns; a check-in has 3 or 4: {CSV_COLUMNS}")
    goal, written_day, written_value = (field.strip() for field in fields[:3])
    note = fields[3] if len(fields) == 4 and not is_blank(fields[3]) else None
    if not goal:
        raise line_error(line, "the goal is empty; give its id (coach goal list shows them) or its title")
    try:
        day = parse_date(written_day, today, prefer="past")
        value = parse_number(written_value)
    except InputError as error:
        raise line_error(line, error.message) from None
    if day > today:
        raise line_error(line, f"the date {day.isoformat()} is in the future; check in on or before today")
    if note is not None and text_problem(note, LONG_TEXT_LENGTH):
        raise line_error(line, f"the note {text_problem(note, LONG_TEXT_LENGTH)}")
    return CheckInRow(line=line, goal=goal, day=day, value=value, note=note)
