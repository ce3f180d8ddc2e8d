"""The ``tracker`` command: Flask's own commands (run, db, shell), the tracker's own
(tracker/cli.py) on the app that ``create_app`` makes, and two that need no app:
``secret-key`` and ``serve``, which make the instance folder's secret key before an app
reads it."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from tracker import create_app
from tracker.config import INSTANCE_FOLDER, SECRET_KEY_FILE, make_secret_key
from tracker.serve import serve_command


@click.group(cls=FlaskGroup, create_app=create_app)
def cli():
    """Defense Cooperation Tracker."""


# No app: making the app needs the key this makes.
@cli.command("secret-key", with_appcontext=False)
def secret_key_command():
    """Make the instance folder's secret key, once; the app only reads it."""
    make_secret_key(INSTANCE_FOLDER)
    click.echo(f"The secret key is in {INSTANCE_FOLDER / SECRET_KEY_FILE}.", err=True)


cli.add_command(serve_command)


def main() -> None:
    cli(prog_name="tracker")
