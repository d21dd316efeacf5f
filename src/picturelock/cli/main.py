"""`picturelock`: the command line. Each command parses, calls one service, and formats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from picturelock import __version__
from picturelock.domain.errors import DomainError, InvalidInput

F = TypeVar("F", bound=Callable[..., Any])


def reports_problems(command: F) -> F:
    """Turn a domain error into a clear message on stderr and exit code 1: no traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidInput as error:
            for problem in error.problems:
                click.echo(f"error: {problem}", err=True)
            if len(error.problems) > 1:
                click.echo(f"{len(error.problems)} problems; nothing was written.", err=True)
            sys.exit(1)
        except DomainError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except OSError as error:
            click.echo(f"error: {error.filename or ''}: {error.strerror or error}", err=True)
            sys.exit(1)

    return run  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="picturelock")
def cli() -> None:
    """Picture Lock: plan, cost and deliver a production's post from one model."""


def main() -> None:
    from picturelock.cli import (  # noqa: F401  (registers commands)
        db_commands,
        job_commands,
        plan_commands,
        serve,
        setup_commands,
    )

    cli()


if __name__ == "__main__":
    main()
