"""The person's settings: one TOML file (SPEC "Config"), read with the standard library's tomllib.

This module is light on purpose (no Typer, no Rich, no database, no dataclasses): `coach status` reads it
before anything else is imported. Writing goes through tomlkit, imported only by `coach config set/unset`, so that the person's own
comments and layout in the file survive every change coach makes to it.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import time
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from coachcli.domain.weeks import DEFAULT_REVIEW_DAY, WEEKDAYS
from coachcli.errors import InputError

TYPE_CHECKING = False  # typing itself is not imported: `coach status` must start about as fast as Python
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    class _KeyFields(NamedTuple):
        name: str
        default: str | None
        allowed: str
        normalize: Callable[[str], str | None]
        help: str
        choices: tuple[str, ...] = ()  # the values to offer (shell completion), when there are few

    class _SettingFields(NamedTuple):
        key: Key
        value: str | None
        source: str  # "file", "default", or the environment variable ("$VISUAL")
else:
    _KeyFields = namedtuple(
        "_KeyFields", ("name", "default", "allowed", "normalize", "help", "choices"), defaults=((),)
    )
    _SettingFields = namedtuple("_SettingFields", ("key", "value", "source"))

CONFIG_FILE = "config.toml"
MAX_CONFIG_BYTES = 64 * 1024
# How long `coach config set` waits for another one changing the same file.
CONFIG_LOCK_SECONDS = 10.0
FORMATS = ("rich", "markdown", "json")
EDITOR_VARIABLES = ("VISUAL", "EDITOR")


def normal_weekday(value: str) -> str | None:
    """A weekday's name in lower case; its first three letters or more are enough ("Fri", "thurs")."""
    word = value.strip().lower()
    matches = [day for day in WEEKDAYS if len(word) >= 3 and day.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def normal_time(value: str) -> str | None:
    """A time of day as HH:MM ("9:30" gives "09:30"); None when it is no time."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def normal_format(value: str) -> str | None:
    word = value.strip().lower()
    return word if word in FORMATS else None


def normal_switch(value: str) -> str | None:
    """`true` or `false` (yes/no, on/off, 1/0 taken too)."""
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return "true"
    if lowered in ("false", "no", "off", "0"):
        return "false"
    return None


def normal_editor(value: str) -> str | None:
    """An editor command as typed; it must split like a shell command line."""
    try:
        return value if shlex.split(value) else None
    except ValueError:
        return None


class Key(_KeyFields):
    """One setting: its dotted name, its default, what is allowed, and how a typed value is made normal.

    `normalize` returns the value as it is stored, or None when the value is not allowed.
    """

    __slots__ = ()

    def check(self, value: str) -> bool:
        """Whether `value` is allowed exactly as it stands (as in the file)."""
        return self.normalize(value) == value


KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key(
            "week.review_day",
            DEFAULT_REVIEW_DAY,
            "one of " + ", ".join(WEEKDAYS),
            normal_weekday,
            "the day you look back on your week",
            WEEKDAYS,
        ),
        Key(
            "session.time",
            "16:00",
            "a time written HH:MM, e.g. 16:00",
            normal_time,
            "when the weekly session is",
        ),
        Key(
            "output.format",
            "rich",
            "one of " + ", ".join(FORMATS),
            normal_format,
            "the default of every --format",
            FORMATS,
        ),
        Key(
            "editor",
            None,
            "a command, e.g. vim or 'code --wait'",
            normal_editor,
            "your editor (default: $VISUAL, else $EDITOR)",
        ),
        Key(
            "sync.auto",
            "false",
            "true or false",
            normal_switch,
            "sync after every change, when the journal syncs (coach sync)",
            ("true", "false"),
        ),
    )
}


class Setting(_SettingFields):
    """A setting's value as coach uses it, and where that value comes from."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key.name, "value": self.value, "source": self.source, "allowed": self.key.allowed}


def config_path() -> Path:
    """The config file: `COACH_CONFIG`, else config.toml in the user config folder (platformdirs)."""
    chosen = os.environ.get("COACH_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("coach") / CONFIG_FILE


def config_changed() -> datetime | None:
    """When the config file last changed (its modification time, in UTC), None when there is none."""
    try:
        return datetime.fromtimestamp(config_path().stat().st_mtime, UTC)
    except OSError:
        return None


def read_config_text(path: Path) -> str | None:
    """The file's text, None when there is none; a file coach cannot take is one clear error.

    Opened without waiting (a FIFO is refused, not waited on) and read up to MAX_CONFIG_BYTES, so that
    `COACH_CONFIG=/dev/zero` is an error rather than all the memory there is; `/dev/null` is an empty config.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError(f"the config file {path} is a folder; point COACH_CONFIG at a file") from None
    except OSError as error:
        raise InputError(f"cannot read the config file {path}: {error.strerror}") from None
    with open(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"the config file {path} is a folder; point COACH_CONFIG at a file")
        if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode)):
            raise InputError(
                f"the config file {path} is not a file (a FIFO or a socket?); point COACH_CONFIG at a file,"
                " or at /dev/null for no settings"
            )
        try:
            data = handle.read(MAX_CONFIG_BYTES + 1)
        except OSError as error:
            raise InputError(f"cannot read the config file {path}: {error.strerror}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise InputError(
            f"the config file {path} is larger than {MAX_CONFIG_BYTES // 1024} KB, far more than coach's few"
            " settings; point COACH_CONFIG at coach's own config file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"the config file {path} is not UTF-8 text; fix or remove it") from None


def parse_config_text(path: Path, text: str) -> dict[str, Any]:
    """The settings in a file's text as a flat {dotted key: value}; bad TOML names the file and the line."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            f"the config file {path} is not valid TOML ({error}); fix or remove that line"
        ) from None
    except RecursionError:  # arrays or tables nested hundreds deep
        raise InputError(
            f"the config file {path} nests arrays or tables too deeply for coach's settings; fix or remove it"
        ) from None
    return dict(flatten(data))


def read_config_file(path: Path) -> dict[str, Any]:
    """The file's settings as a flat {dotted key: value}; {} when there is no file. Bad TOML is an error."""
    text = read_config_text(path)
    return {} if text is None else parse_config_text(path, text)


def flatten(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """{"week": {"review_day": "friday"}} as [("week.review_day", "friday")], however deep the tables go."""
    items: list[tuple[str, Any]] = []
    tables: list[tuple[str, dict[str, Any]]] = [("", data)]
    while tables:
        prefix, table = tables.pop(0)
        for name, value in table.items():
            dotted = f"{prefix}{name}"
            if isinstance(value, dict):
                tables.append((f"{dotted}.", value))
            else:
                items.append((dotted, value))
    return items


def nearest_key(name: str) -> str | None:
    """The known key closest to a mistyped one ("week.reviewday" gives "week.review_day")."""
    import difflib

    lowered = name.strip().lower()
    by_short = {key.rsplit(".", 1)[-1]: key for key in KEYS}
    close = difflib.get_close_matches(lowered, list(KEYS), n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(lowered.rsplit(".", 1)[-1], list(by_short), n=1, cutoff=0.6)
    return by_short[close[0]] if close else None


def find_key(name: str) -> Key:
    """The Key called `name`; an unknown name is an error naming the nearest key and every key."""
    key = KEYS.get(name.strip().lower())
    if key is not None:
        return key
    close = nearest_key(name)
    hint = f"did you mean {close}? " if close else ""
    raise InputError(f'"{name}" is not a setting; {hint}the settings are {", ".join(KEYS)}')


def check_value(key: Key, value: str) -> str:
    """A typed value, normalized as stored ("Monday" gives "monday"); a bad one names what is allowed."""
    normal = key.normalize(value) if isinstance(value, str) else None
    if normal is None:
        raise InputError(f'"{value}" is not allowed for {key.name}; use {key.allowed}')
    return normal


def file_value(key: Key, value: Any, path: Path) -> str:
    """A value read from the file, which must be allowed as it stands (a TOML boolean for a switch)."""
    if isinstance(value, bool) and key.normalize is normal_switch:
        value = "true" if value else "false"
    if not isinstance(value, str) or not key.check(value):
        raise InputError(
            f"{key.name} = {value!r} in {path} is not allowed; use {key.allowed}"
            f" (coach config set {key.name} VALUE, or coach config unset {key.name})"
        )
    return value


def environment_editor() -> tuple[str | None, str]:
    """The editor from the environment: $VISUAL, else $EDITOR, with where it came from."""
    for variable in EDITOR_VARIABLES:
        value = os.environ.get(variable, "").strip()
        if value:
            return value, f"${variable}"
    return None, "default"


def settings() -> list[Setting]:
    """Every setting with the value coach uses and where it comes from (the file, the environment, a default)."""
    path = config_path()
    data = read_config_file(path)
    result = []
    for key in KEYS.values():
        if key.name in data:
            result.append(Setting(key, file_value(key, data[key.name], path), "file"))
        elif key.name == "editor":
            value, source = environment_editor()
            result.append(Setting(key, value, source))
        else:
            result.append(Setting(key, key.default, "default"))
    return result


def unknown_keys() -> list[str]:
    """Keys in the file that coach does not know (a typo, or a setting of a newer coach)."""
    return [name for name in read_config_file(config_path()) if name not in KEYS]


def setting(name: str) -> str | None:
    """The value of one setting: the file's if it sets one (which must be allowed), else the default."""
    key = KEYS[name]
    path = config_path()
    value = read_config_file(path).get(name)
    if value is None:
        return key.default
    return file_value(key, value, path)


def review_day() -> str:
    """`week.review_day`: the day a person looks back on their week (default friday)."""
    return setting("week.review_day") or DEFAULT_REVIEW_DAY


def session_time() -> str:
    """`session.time`: when the weekly session is, HH:MM (default 16:00)."""
    return setting("session.time") or "16:00"


def sync_auto() -> bool:
    """`sync.auto`: every writing command syncs when it ends (default false)."""
    return setting("sync.auto") == "true"


def output_format() -> str:
    """`output.format`: what every --format defaults to (default rich)."""
    return setting("output.format") or "rich"


def editor() -> tuple[str | None, str]:
    """The editor command and where it comes from: `editor` in the file, else $VISUAL, else $EDITOR."""
    value = setting("editor")
    return (value, "the editor setting") if value else environment_editor()


def write_config(key: Key, value: str | None) -> Path:
    """Set (or with None remove) one key in the file, keeping everything else in it as the person wrote it.

    Read, changed and written under a lock, so that two `coach config set` at once both keep their key. The
    file is checked first (bad TOML or a bad value elsewhere changes nothing), then written whole or not at
    all, mode 0600, by the writer of every file coach writes (a symlink's target, a device in place).
    """
    path = config_path()
    make_config_folder(path)
    with config_lock(path):
        text = read_config_text(path)
        parse_config_text(path, text or "")
        new_text = changed_config_text(path, text or "", key, value)
        if new_text is not None:
            from coachcli.render.output import write_output

            write_output(path, new_text)
    return path


def changed_config_text(path: Path, text: str, key: Key, value: str | None) -> str | None:
    """The config file's text with `key` set to `value` (None: removed); None when nothing changes."""
    import tomlkit

    try:
        document = tomlkit.parse(text)
    except RecursionError:
        raise InputError(
            f"the config file {path} nests too deeply for coach to change it; fix or remove it"
        ) from None
    *tables, leaf = key.name.split(".")
    container: Any = document
    for depth, table in enumerate(tables):
        if table not in container:
            if value is None:
                return None
            container[table] = tomlkit.table()
        container = container[table]
        if not isinstance(container, dict):
            dotted = ".".join(tables[: depth + 1])
            raise InputError(
                f"{dotted} in {path} is a value where coach keeps a table of settings, so {key.name} cannot be"
                f" set; take it out first: coach config unset {dotted}"
            )
    if value is None:
        if leaf in container:
            del container[leaf]
        if tables and not container and "#" not in container.as_string():
            del document[tables[0]]
    else:
        container[leaf] = value
    new_text = tomlkit.dumps(document).rstrip("\n") + "\n"  # a removed table leaves no blank tail
    read_back = parse_config_text(path, new_text)
    if read_back.get(key.name) != value:
        raise InputError(
            f"cannot set {key.name} in {path}: its tables are laid out in a way coach cannot change"
        )
    return new_text


def make_config_folder(path: Path) -> None:
    """Create the config file's folder (readable by its owner only) when it is missing."""
    folder = Path(os.path.realpath(path.expanduser())).parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the folder {folder}: {error.strerror}") from None


@contextmanager
def config_lock(path: Path) -> Iterator[None]:
    """Hold the lock on the config file's folder (flock), the same for every coach changing that file.

    The folder, not the file: the file is replaced by a new one on each write, and may be a device.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one writer at a time is the person's to keep
        yield
        return

    folder = Path(os.path.realpath(path.expanduser())).parent
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise InputError(f"cannot use the folder {folder}: {error.strerror}") from None
    try:
        deadline = time.monotonic() + CONFIG_LOCK_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"another program kept the config file {path} busy for too long; nothing was changed,"
                        " try again in a moment"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(descriptor)
