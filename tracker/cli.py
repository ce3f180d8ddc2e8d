"""The ``tracker`` command: Flask's own commands (run, db, shell) plus seed and import."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from tracker import create_app
from tracker.config import ROOT
from tracker.extensions import db
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import, read_document
from tracker.models import Agreement
from tracker.synthetic import generate

SAMPLE = ROOT / "data" / "sample.json"


def import_file(path, dry_run: bool) -> None:
    """Validate the whole file, then write all of it in one transaction, or nothing."""
    try:
        plans = plan_import(read_document(path))
    except ImportFailed as failure:
        db.session.rollback()
        for problem in failure.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Import refused: {len(failure.problems)} problem(s); nothing was written.",
                   err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        new = sum(1 for plan in plans if plan.existing is None)
        click.echo(f"{path}: valid. {new} agreement(s) would be created, "
                   f"{len(plans) - new} updated. Nothing was written (--dry-run).")
        return
    try:
        result = apply_plan(plans)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Imported {path}: {len(result.created)} created, {len(result.updated)} updated.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@with_appcontext
def import_command(path, dry_run):
    """Import an interchange JSON file, all or nothing."""
    import_file(path, dry_run)


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when agreements exist already.")
@with_appcontext
def seed_command(if_empty):
    """Load the sample data (data/sample.json)."""
    if if_empty and db.session.scalar(select(func.count(Agreement.id))):
        click.echo("The database has agreements already; sample data not loaded.")
        return
    import_file(SAMPLE, dry_run=False)


@click.command("generate")
@click.option("--agreements", "count", type=click.IntRange(1, 1_000_000), required=True,
              help="How many synthetic agreements to add.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@with_appcontext
def generate_command(count, seed):
    """Add synthetic agreements (benchmarks and demos), with pillars and milestones."""
    started = time.perf_counter()

    def report(done: int) -> None:
        click.echo(f"  {done:,} / {count:,} agreements", err=True)

    made = generate(count, seed=seed, progress=report)
    click.echo(f"Generated {made:,} agreements in {time.perf_counter() - started:.1f} s.")


def register_commands(app) -> None:
    """Put the tracker's commands on app.cli, so `tracker` and `flask` both have them."""
    for command in (import_command, seed_command, generate_command):
        app.cli.add_command(command)


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Defense Cooperation Tracker."""


def main() -> None:
    cli(prog_name="tracker")
