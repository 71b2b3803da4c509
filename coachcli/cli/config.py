"""`coach config [list] | get KEY | set KEY VALUE | unset KEY`: the person's settings file."""

from typing import Annotated

import typer

from coachcli.cli.completion import complete_config_key, complete_config_value
from coachcli.cli.console import say, warn
from coachcli.cli.options import DefaultCommandGroup, FormatOption, OutputOption
from coachcli.render.output import OutputFormat, emit
from coachcli.render.text import printable


class ConfigGroup(DefaultCommandGroup):
    """`coach config` and `coach config --format json` mean `coach config list`."""

    default_command = "list"


app = typer.Typer(
    cls=ConfigGroup,
    help=(
        "Your settings (a TOML file: COACH_CONFIG, else config.toml in your config folder)."
        " `coach config` lists every key with its value and where it comes from."
    ),
    no_args_is_help=False,
    add_completion=False,
)
KeyArgument = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help="week.review_day, session.time, output.format or editor.",
        show_default=False,
        autocompletion=complete_config_key,
    ),
]


@app.command("list")
def list_settings(fmt: FormatOption = OutputFormat.rich, output: OutputOption = None) -> None:
    """Every setting with its value and where it comes from (the default, the file, the environment)."""
    from coachcli.render.config import markdown_config, rich_config
    from coachcli.views.config import load_config_view

    view = load_config_view()
    emit(view, fmt=fmt, output=output, rich=rich_config, markdown=markdown_config)


@app.command("get")
def get(key: KeyArgument, fmt: FormatOption = OutputFormat.rich, output: OutputOption = None) -> None:
    """The value of one setting (nothing printed when it is not set)."""
    from coachcli.render.config import markdown_setting, rich_setting
    from coachcli.settings import find_key, settings
    from coachcli.views.config import SettingView

    wanted = find_key(key)
    view = SettingView(next(item for item in settings() if item.key is wanted))
    if fmt is OutputFormat.rich and output is None:
        if view.setting.value is not None:
            typer.echo(printable(view.setting.value))
        return
    emit(view, fmt=fmt, output=output, rich=rich_setting, markdown=markdown_setting)


@app.command("set")
def set_setting(
    key: KeyArgument,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="The new value.", show_default=False, autocompletion=complete_config_value
        ),
    ],
) -> None:
    """Set one setting in the file (created, mode 0600, when missing); the rest of the file stays as it is.

    \b
    Examples:
      coach config set week.review_day sunday
      coach config set session.time 18:30
    """
    from coachcli.settings import check_value, find_key, write_config

    wanted = find_key(key)
    path = write_config(wanted, check_value(wanted, value))
    say(f"{wanted.name} set to {check_value(wanted, value)} in {path}.")


@app.command("unset")
def unset(key: KeyArgument) -> None:
    """Remove one setting from the file, so that its default applies again."""
    from coachcli.settings import KEYS, Key, config_path, find_key, read_config_file, write_config

    path = config_path()
    present = read_config_file(path)
    name = key.strip()
    if name not in KEYS and name in present:
        # A key coach does not know (a typo made by hand): unset is how to take it out.
        write_config(Key(name, None, "", lambda text: text, ""), None)
        say(f"{name} removed from {path}.")
        return
    wanted = find_key(name)
    if wanted.name not in present:
        warn(f"{wanted.name} is not set in {path}; nothing to remove.")
        return
    write_config(wanted, None)
    default = wanted.default if wanted.default is not None else "$VISUAL, else $EDITOR"
    say(f"{wanted.name} removed from {path}; the default ({default}) applies again.")
