"""PLACE: where devices leave their files for each other, a folder or a git remote.

A folder is one the person's own sync tool replicates (Syncthing, Dropbox, iCloud Drive, Nextcloud, a USB stick).
For a git remote (a URL, `git@host:me/coach.git`, or a bare repository's path) coach runs the person's own `git` in
a private clone under coach's data folder: `refresh()` pulls, `publish()` adds only the files this device wrote or
removed, commits and pushes, pulling again when the push is rejected, never with `--force`. Each device writes only
its own files, so git never has a merge to make. One coach at a time runs git in a clone (a flock), and clears
what a killed one left there first: git's locks, a rebase or a pull cut short.

Files are written to a temporary name, flushed and renamed (store/files.write_private_file), and a new file never
replaces an existing one. What sync tools leave beside the files (temporary files, conflicted copies, iCloud
placeholders, backups) is skipped with one warning each; their own marker folders (`.stfolder`, `.git`) silently.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coachcli.environment import STARTED_AT
from coachcli.errors import CoachError
from coachcli.store.disk import sync_folder
from coachcli.store.files import make_private_folder, write_private_file
from coachcli.store.process_lock import process_lock

Warn = Callable[[str], None]

CLONES_FOLDER = "sync"
DEFAULT_BRANCH = "main"
PUSH_ATTEMPTS = 5
PUSH_PAUSE = 0.1  # seconds before the third attempt, doubled before each one after it
# In the clone's .git, while a pull moves its files: the branch and the commit to go back to if it is cut short.
MOVING = "coach-pulling"
# In the clone's .git, locked (flock) by the coach that runs git there.
ALONE = "coach-syncing"
# What sync tools and file managers keep in a folder for themselves: never a coach file, never worth a word.
TOOL_FOLDERS = frozenset({".git", ".stfolder", ".stversions", ".dropbox.cache", ".Trash", ".Trashes"})
TOOL_FILES = frozenset({".stignore", ".dropbox", ".dropbox.attr", ".gitattributes", ".gitignore"})
# What sync tools leave behind: skipped, with a warning (a conflicted copy may mean a device wrote twice).
JUNK = re.compile(
    r"""(?ix)
    \.tmp$ | \.part$ | \.partial$ | ~$                # temporary files and editors' backups
    | conflicted\ copy | \.sync-conflict- | \(conflict  # Dropbox, Nextcloud/ownCloud, Syncthing, OneDrive
    | ^\..*\.icloud$                                    # iCloud Drive's placeholder of a file not downloaded
    | ^\.ds_store$ | ^thumbs\.db$ | ^desktop\.ini$ | ^\._  # file managers' notes on a folder
    | ^~syncthing~ | ^\.syncthing\.
    """
)
# The temporary files coach itself writes (store/files.write_private_file): another device's, caught mid-write.
OWN_TEMPORARY = re.compile(r"^\.coach-.*\.tmp$")
# git's words for a lock file it found taken: `Unable to create '…/refs/heads/main.lock': File exists.`
STALE_LOCK = re.compile(r"\.lock'?: File exists")
# A git remote given as a URL (`https://`, `ssh://`, `file://`) or scp-like (`git@host:me/coach.git`).
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^[^/:]+@[^/:]+:")


class PlaceError(CoachError):
    """PLACE cannot be read or written (a missing folder, git's own error, no git)."""


def is_junk(name: str) -> bool:
    """Whether a file name is one a sync tool or a file manager left (never a coach file)."""
    return bool(JUNK.search(name))


class Place:
    """A folder of files, named by relative posix paths. The folder place is this; the git place adds git."""

    def __init__(self, root: Path, warn: Warn, shown: str) -> None:
        self.root = root
        self.warn = warn
        self.shown = shown
        self.warned: set[str] = set()

    def refresh(self) -> None:
        """Bring in what other devices wrote (a folder's sync tool does it on its own)."""
        if not self.root.is_dir():
            raise PlaceError(f"the sync folder {self.shown} is not there: is its disk mounted?")

    def names(self) -> list[str]:
        """Every file's relative posix path, sorted; sync tools' leftovers skipped with one warning each."""
        found = []
        for relative in self.walk(self.root, ""):
            if OWN_TEMPORARY.match(relative.rsplit("/", 1)[-1]):
                continue
            if is_junk(relative.rsplit("/", 1)[-1]):
                if relative not in self.warned:
                    self.warned.add(relative)
                    self.warn(f"Skipped {relative} in {self.shown}: a sync tool's or file manager's file.")
                continue
            found.append(relative)
        return sorted(found)

    def walk(self, folder: Path, prefix: str) -> Iterator[str]:
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            return
        except OSError as error:
            raise PlaceError(f"cannot read {self.shown}/{prefix}: {error.strerror}") from None
        for entry in entries:
            if entry.name in TOOL_FOLDERS or entry.name in TOOL_FILES:
                continue
            relative = prefix + entry.name
            if entry.is_dir():
                yield from self.walk(Path(entry.path), relative + "/")
            else:
                yield relative

    def path(self, name: str) -> Path:
        parts = name.split("/")
        if not name or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"not a name in PLACE: {name!r}")
        return self.root.joinpath(*parts)

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it is gone or not a regular file (a FIFO is never waited on)."""
        try:
            descriptor = os.open(self.path(name), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except (FileNotFoundError, IsADirectoryError):
            return None
        except OSError as error:
            raise PlaceError(f"cannot read {name} in {self.shown}: {error.strerror}") from None
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read()

    def write_new(self, name: str, data: bytes) -> bool:
        """Write a new file whole; False (and nothing written) when the name is taken."""
        target = self.path(name)
        try:
            make_private_folder(target.parent)
            write_private_file(target, data)
        except FileExistsError:
            return False
        except OSError as error:
            raise PlaceError(f"cannot write {name} in {self.shown}: {error.strerror}") from None
        return True

    def replace(self, name: str, data: bytes) -> None:
        """Write a file whole, replacing the one there (only a device's own note of how far it has read)."""
        target = self.path(name)
        try:
            make_private_folder(target.parent)
            write_private_file(target, data, replace=True)
        except OSError as error:
            raise PlaceError(f"cannot write {name} in {self.shown}: {error.strerror}") from None

    def remove(self, name: str) -> None:
        """Remove one of this device's own files (one already gone is gone)."""
        target = self.path(name)
        try:
            target.unlink(missing_ok=True)
        except OSError as error:
            raise PlaceError(f"cannot remove {name} in {self.shown}: {error.strerror}") from None
        sync_folder(target.parent)

    def publish(self) -> None:
        """Hand what this device wrote to the others (a folder's sync tool does it on its own)."""


class GitPlace(Place):
    """A git remote, through a private clone of it that only coach writes in."""

    def __init__(self, location: str, clone: Path, warn: Warn) -> None:
        super().__init__(clone, warn, location)
        self.location = location

    @contextmanager
    def alone(self) -> Iterator[None]:
        """Keep every other coach out of the clone while this one runs git in it: a lock git left there then is
        one a killed coach's git left."""
        if not (self.root / ".git").is_dir():  # a clone is made whole, or not at all
            yield
            return
        busy = PlaceError(
            f"another coach sync is using {self.location} from this device now; run coach sync again once it ends"
        )
        with process_lock(self.root / ".git" / ALONE, busy):
            yield

    def git(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the person's own git in the clone; its error, if any, becomes one PlaceError line."""
        command = [
            "git",
            "-c", "user.name=coach",
            "-c", "user.email=coach@localhost",
            "-c", "commit.gpgsign=false",
            "-c", "core.hooksPath=" + os.devnull,
            "-c", "gc.autoDetach=false",  # git's own housekeeping ends with the command, and dies with coach
            "-c", "maintenance.autoDetach=false",
            *arguments,
        ]  # fmt: skip
        environment = {**os.environ, "LC_ALL": "C", "GIT_EDITOR": "true"}
        if not sys.stdin.isatty():
            environment["GIT_TERMINAL_PROMPT"] = "0"  # no prompt for a password nobody can type
        try:
            result = subprocess.run(
                command,
                cwd=self.root if (self.root / ".git").exists() else self.root.parent,
                env=environment,
                stdin=subprocess.DEVNULL if environment.get("GIT_TERMINAL_PROMPT") == "0" else None,
                capture_output=True,
                text=True,
                errors="replace",
            )
        except FileNotFoundError:
            raise PlaceError(
                "git is not installed here (coach runs your own git to sync through a git remote):"
                " install git, or sync through a folder"
            ) from None
        if check and result.returncode != 0:
            verb = next(word for word in arguments if not word.startswith("-") and "=" not in word)
            raise PlaceError(f"git could not {verb} {self.location}: {git_message(result.stderr)}")
        return result

    def refresh(self) -> None:
        """Clone the remote the first time, then pull what other devices pushed (a rebase of this device's
        own commits, which never conflict: no two devices write the same file)."""
        with self.alone():
            self.pull()

    def pull(self) -> None:
        """refresh(), alone in the clone."""
        if not (self.root / ".git").exists():
            self.clone()
            return
        self.recover()
        self.commit_own()
        self.git("fetch", "--quiet", "origin")
        branch = self.branch()
        if self.git("rev-parse", "--verify", "--quiet", f"origin/{branch}", check=False).returncode != 0:
            return  # an empty remote: nothing to pull yet
        head = self.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout.strip()
        # What git is about to change, noted first: git writes the files before its index and refs, so a coach
        # killed in between leaves other devices' files that would look like this device's own new ones.
        write_private_file(self.moving_note, f"{branch}\n{head}\n".encode(), replace=True)
        if not head:
            self.git("reset", "--quiet", f"origin/{branch}")
            self.git("checkout", "--quiet", "--", ".")
        else:
            rebased = self.git("rebase", "--quiet", f"origin/{branch}", check=False)
            if rebased.returncode != 0:
                self.git("rebase", "--abort", check=False)
                raise PlaceError(
                    f"git could not put this device's files on top of {self.location}"
                    f" ({git_message(rebased.stderr)}): another device wrote a file of the same name, which coach"
                    " never does (was `coach sync init` run twice on it?); nothing was changed here"
                )
        self.moving_note.unlink()

    def clone(self) -> None:
        make_private_folder(self.root.parent)
        partial = self.root.with_name(self.root.name + ".cloning")
        shutil.rmtree(partial, ignore_errors=True)  # an interrupted clone: nothing of it was ever used
        self.git(
            "-c", f"init.defaultBranch={DEFAULT_BRANCH}", "clone", "--quiet", "--", self.location, str(partial)
        )  # fmt: skip
        os.chmod(partial, 0o700)
        os.rename(partial, self.root)

    def recover(self) -> None:
        """Undo what a coach killed in the middle of git left behind: stale locks, a half-done rebase."""
        git_folder = self.root / ".git"
        # git's locks (`index.lock`, `HEAD.lock`, `packed-refs.lock`, a branch's `refs/heads/main.lock`): coach is
        # alone in the clone, and runs git with no gc left behind in the background, so any one older than this
        # coach is stale (the age alone tells, where there is no flock).
        for lock in [*git_folder.glob("*.lock"), *(git_folder / "refs").rglob("*.lock")]:
            try:
                if lock.stat().st_mtime < STARTED_AT:
                    lock.unlink()
            except FileNotFoundError:
                pass
        for rebasing in (git_folder / "rebase-merge", git_folder / "rebase-apply"):
            if rebasing.exists():
                # Back to this device's commits as they were; a rebase killed before it wrote down where it
                # started had not moved anything yet, and is only forgotten.
                self.git("rebase", "--abort", check=False)
            if rebasing.exists():
                self.git("rebase", "--quit", check=False)
            shutil.rmtree(rebasing, ignore_errors=True)
        if self.moving_note.exists():
            # A pull cut short: back to the commits this device had before it (its own files were all committed
            # first), and every file as they hold it; the next pull starts again.
            branch, head = self.moving_note.read_text().split("\n")[:2]
            self.git("symbolic-ref", "HEAD", f"refs/heads/{branch}")
            if head:
                self.git("reset", "--quiet", "--hard", head)
            else:
                self.git("update-ref", "-d", "HEAD", check=False)
                (git_folder / "index").unlink(missing_ok=True)
            self.git("clean", "--quiet", "--force", "-d", "-x")
            self.moving_note.unlink()

    @property
    def moving_note(self) -> Path:
        """The note of a pull under way (MOVING), in the clone's .git."""
        return self.root / ".git" / MOVING

    def branch(self) -> str:
        """The branch the clone follows: its own, else the remote's default (HEAD left detached)."""
        for question in (
            ("symbolic-ref", "--quiet", "--short", "HEAD"),
            ("rev-parse", "--abbrev-ref", "origin/HEAD"),
        ):
            answer = self.git(*question, check=False).stdout.strip()
            if answer and answer != "origin/HEAD":
                return answer.removeprefix("origin/")
        return DEFAULT_BRANCH

    def publish(self) -> None:
        """Commit this device's new and removed files and push them; a rejected push (another device pushed
        first) pulls again and retries."""
        with self.alone():
            self.push()

    def push(self) -> None:
        """publish(), alone in the clone."""
        self.recover()
        self.commit_own()
        if self.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
            return  # nothing ever committed
        branch = self.branch()
        for attempt in range(PUSH_ATTEMPTS):
            ahead = self.git("rev-list", "--count", f"origin/{branch}..HEAD", check=False)
            if ahead.returncode == 0 and ahead.stdout.strip() == "0":
                return
            pushed = self.git("push", "--quiet", "origin", f"HEAD:refs/heads/{branch}", check=False)
            if pushed.returncode == 0:
                return
            if attempt:  # another device pushing at the same moment holds the remote's branch for a while
                time.sleep(PUSH_PAUSE * 2**attempt)
            self.pull()
        raise PlaceError(
            f"git could not push to {self.location}: {git_message(pushed.stderr)} (tried {PUSH_ATTEMPTS} times;"
            " your changes wait here for the next coach sync)"
        )

    def commit_own(self) -> None:
        """Commit the files this device wrote or removed since its last commit."""
        changed = self.own_changes()
        if changed:
            self.git("add", "--all", "--", *changed)
            self.git("commit", "--quiet", "--no-verify", "-m", f"coach: {len(changed)} files")

    def own_changes(self) -> list[str]:
        """The files this device wrote or removed in the clone since its last commit (only coach writes
        there; sync tools' leftovers and coach's own temporary files are never added)."""
        result = self.git("status", "--porcelain=v1", "-z", "--untracked-files=all")
        names = []
        for entry in result.stdout.split("\0"):
            name = entry[3:]
            base = name.rsplit("/", 1)[-1]
            if name and not is_junk(base) and not OWN_TEMPORARY.match(base):
                names.append(name)
        return names


def git_message(stderr: str) -> str:
    """git's own reason, in one line: its first `fatal:`/`error:` line (the remote's come first), else its last
    line; a lock named in it is said to be one a killed git may have left."""
    lines = [line.strip().removeprefix("remote:").strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    reasons = [line.split(":", 1)[1].strip() for line in lines if line.startswith(("fatal:", "error:"))]
    reason = (reasons or lines[-1:] or ["git gave no reason"])[0]
    if STALE_LOCK.search(reason):
        reason += "; if no device is syncing now, a git that was killed there left that file: remove it"
    return reason


def is_git_location(location: str) -> bool:
    """A git remote: a URL, scp-like `user@host:path`, or the path of a bare repository (or one ending .git)."""
    if REMOTE.match(location):
        return True
    path = Path(location).expanduser()
    if location.endswith(".git"):
        return True
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def open_place(location: str, data_folder: Path, warn: Warn, *, create: bool = False) -> Place:
    """The PLACE at `location`: a git remote (cloned under `data_folder`) or a folder (made when `create`)."""
    if is_git_location(location):
        if not REMOTE.match(location):
            location = str(Path(location).expanduser().absolute())
        digest = hashlib.sha256(location.encode()).hexdigest()[:16]
        return GitPlace(location, data_folder / CLONES_FOLDER / digest, warn)
    folder = Path(location).expanduser().absolute()
    if create and not folder.exists():
        if not folder.parent.is_dir():
            raise PlaceError(
                f"the folder {folder.parent} is not there; make it first, or choose another PLACE"
            )
        make_private_folder(folder)
    if not folder.is_dir():
        raise PlaceError(
            f"{location} is not a folder (nor a git remote): give the folder your sync tool shares"
        )
    return Place(folder, warn, str(folder))
