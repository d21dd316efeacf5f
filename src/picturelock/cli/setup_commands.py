"""Commands to start a plan and learn the trade: new, templates, glossary, demo, schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from picturelock.cli.display import console
from picturelock.cli.main import cli, reports_problems
from picturelock.cli.options import ISO_DATE


@cli.command("new")
@click.option("--template", "template", required=True, help="Template name (see `templates`) or a YAML file.")
@click.option("--episodes", type=click.IntRange(min=1, max=200), default=1, show_default=True)
@click.option(
    "--runtime",
    type=click.IntRange(min=1, max=600),
    default=60,
    show_default=True,
    help="Running time per episode, minutes.",
)
@click.option("--title", default="Untitled production", show_default=True)
@click.option("--start", type=ISO_DATE, help="First day of post (default: next Monday after 2027-01-01).")
@click.option("--country", default="GB", show_default=True, help="Holidays: ISO country code.")
@click.option("--region", default="ENG", show_default=True, help="Holidays: region code ('' for none).")
@click.option("--currency", default="GBP", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
@reports_problems
def new_command(
    template: str,
    episodes: int,
    runtime: int,
    title: str,
    start: date | None,
    country: str,
    region: str,
    currency: str,
    output: Path,
) -> None:
    """Write a new post plan from a workflow template."""
    from picturelock.services import exports, templates

    plan = templates.new_plan(
        template,
        episodes=episodes,
        runtime=runtime,
        title=title,
        start=start,
        country=country,
        region=region or None,
        currency=currency,
    )
    exports.write_plan_file(plan, output)
    click.echo(f"wrote {output}: {len(plan.tasks)} tasks from the {template} template")


@cli.command("templates")
def templates_command() -> None:
    """List the workflow templates."""
    from picturelock.services import templates

    for name, description in templates.list_templates():
        console.print(f"[bold]{name}[/]  {description}")


@cli.command("glossary")
@click.argument("process", required=False)
@reports_problems
def glossary_command(process: str | None) -> None:
    """The trade's processes: what each is, what goes in and out, who does it, how long it takes."""
    from picturelock.services import templates

    if process:
        click.echo(templates.process(process).describe())
        return
    for entry in templates.glossary():
        console.print(f"[bold]{entry.id}[/]  {entry.name}: {entry.summary}")


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the plan file."""
    from picturelock.services.plans import plan_file_schema

    click.echo(json.dumps(plan_file_schema(), indent=2))


@cli.command("demo")
@click.option(
    "--write",
    "write_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the demo production's files to this folder.",
)
@click.option(
    "--run",
    "run_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write the files, schedule the demo and write its reports to this folder.",
)
@click.option(
    "--serve",
    is_flag=True,
    help="After --run: hold the demo in DIR/picturelock.db, make one login per role and start the web app.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="With --serve.")
@reports_problems
def demo_command(write_dir: Path | None, run_dir: Path | None, serve: bool, host: str, port: int) -> None:
    """The demo production: a 6 x 60' drama series for a UK broadcaster and a streamer."""
    from picturelock.cli.demo_run import run_demo
    from picturelock.services import demo

    if serve and not run_dir:
        raise click.UsageError("--serve needs --run DIR (the folder the demo is held in)")
    if run_dir:
        run_demo(run_dir)
        if serve:
            from picturelock.cli.demo_serve import serve_demo

            serve_demo(run_dir, host, port)
        return
    if not write_dir:
        raise click.UsageError("say where: --write DIR (files only) or --run DIR (files and reports)")
    for path in demo.write_demo(write_dir):
        click.echo(f"wrote {path}")
