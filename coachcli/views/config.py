"""What `coach config` shows: every setting with its value and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coachcli.settings import Setting, config_path, settings, unknown_keys


@dataclass(frozen=True)
class ConfigView:
    """The settings coach uses, the file they are read from, and keys in it that coach does not know."""

    path: Path
    exists: bool
    settings: tuple[Setting, ...]
    unknown: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "exists": self.exists,
            "settings": [item.to_json() for item in self.settings],
            "unknown": list(self.unknown),
        }


@dataclass(frozen=True)
class SettingView:
    """One setting, for `coach config get KEY`."""

    setting: Setting

    def to_json(self) -> dict[str, Any]:
        return self.setting.to_json()


def load_config_view() -> ConfigView:
    """The config file as coach reads it now."""

    path = config_path()
    return ConfigView(path, path.is_file(), tuple(settings()), tuple(unknown_keys()))


def source_text(setting: Setting) -> str:
    """Where a value comes from, as a person reads it: "config file", "default", "$EDITOR"."""
    return {"file": "config file"}.get(setting.source, setting.source)
