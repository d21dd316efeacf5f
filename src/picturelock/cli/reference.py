"""Generate docs/cli.md from the commands' own help, so the reference cannot drift.

Run: `.venv/bin/python -m picturelock.cli.reference > docs/cli.md`
"""

from __future__ import annotations

import click

from picturelock.cli.main import cli, main  # noqa: F401  (main registers the commands)


def _register() -> None:
    from picturelock.cli import db_commands, job_commands, plan_commands, serve, setup_commands  # noqa: F401


def reference() -> str:
    _register()
    lines = [
        "# Command reference",
        "",
        "Generated from `--help` by `python -m picturelock.cli.reference`;",
        "a test fails when this file and the commands differ.",
        "",
    ]
    settings = {"terminal_width": 100, "max_content_width": 100, "help_option_names": ["-h", "--help"]}
    context = click.Context(cli, info_name="picturelock", **settings)  # type: ignore[arg-type]
    lines += ["```", cli.get_help(context), "```", ""]
    for name in sorted(cli.commands):
        command = cli.commands[name]
        sub = click.Context(command, info_name=f"picturelock {name}", parent=context, **settings)  # type: ignore[arg-type]
        lines += [f"## picturelock {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
