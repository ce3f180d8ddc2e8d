"""The tracker's own commands (seed, import, export, accounts, tokens, serve), put on the
app's command group by ``init_app``; tracker/console.py is the ``tracker`` command."""

from __future__ import annotations

import datetime as dt
import getpass
import sys
import time
from functools import wraps
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from tracker.audit.hook import record_import
from tracker.auth.operations import (
    AccountError,
    create_user,
    ensure_admin,
    set_active,
    set_password,
    set_role,
    user_named,
)
from tracker.auth.tokens import create_api_token, revoke_token
from tracker.backups import BackupError, backup, restore
from tracker.config import ROOT
from tracker.extensions import db
from tracker.interchange.csv_reader import plan_csv_import
from tracker.interchange.csv_tables import write_csv_set
from tracker.interchange.exporter import document_text, export_document
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import, read_document
from tracker.models import AccessToken, Agreement, Role, TokenKind, User
from tracker.search.index import missing, refresh
from tracker.synthetic import generate

SAMPLE = ROOT / "data" / "sample.json"


def as_audit_actor(command):
    """The audit trail names the command and the OS account that ran it as the actor."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            account = getpass.getuser()
        except OSError:  # no login name in some containers
            account = "unknown"
        db.session.info["actor"] = f"cli:{click.get_current_context().info_name} ({account})"
        try:
            return command(*args, **kwargs)
        finally:
            db.session.info.pop("actor", None)

    return run


def import_file(path, dry_run: bool) -> None:
    """Validate the whole file, then write all of it in one transaction, or nothing."""
    try:
        plans = plan_csv_import(path) if Path(path).is_dir() else plan_import(read_document(path))
    except ImportFailed as failure:
        db.session.rollback()
        for problem in failure.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"Import refused: {len(failure.problems)} problem(s); nothing was written.", err=True
        )
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        new = sum(1 for plan in plans if plan.existing is None)
        unchanged = sum(1 for plan in plans if plan.unchanged)
        click.echo(
            f"{path}: valid. {new} agreement(s) would be created, "
            f"{len(plans) - new - unchanged} updated, {unchanged} unchanged. "
            "Nothing was written (--dry-run)."
        )
        return
    try:
        result = apply_plan(plans)
        record_import(Path(path).name, result.created, result.updated, result.unchanged)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(
        f"Imported {path}: {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged."
    )


@click.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@with_appcontext
@as_audit_actor
def import_command(path, dry_run):
    """Import an interchange JSON file, or a directory of CSV files, all or nothing."""
    import_file(path, dry_run)


@click.command("export")
@click.argument("path", default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--csv",
    "csv_directory",
    type=click.Path(file_okay=False),
    help="Write the CSV files into this directory instead of one JSON file.",
)
@click.option(
    "--exported-at",
    "with_time",
    is_flag=True,
    help="Add the export time; off by default, so that equal data exports equal.",
)
@with_appcontext
def export_command(path, csv_directory, with_time):
    """Write every agreement in the interchange format: a JSON file, - for stdout, or CSV."""
    document = export_document(
        dt.datetime.now(dt.UTC).replace(microsecond=0) if with_time else None
    )
    if csv_directory:
        written = write_csv_set(document, Path(csv_directory))
        click.echo(
            f"Exported {len(document['agreements'])} agreement(s) to "
            f"{len(written)} CSV files in {csv_directory}.",
            err=True,
        )
    else:
        with click.open_file(path, "w", encoding="utf-8") as handle:  # "-" is stdout
            handle.write(document_text(document))
        if path != "-":
            click.echo(f"Exported {len(document['agreements'])} agreement(s) to {path}.", err=True)


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when agreements exist already.")
@with_appcontext
@as_audit_actor
def seed_command(if_empty):
    """Load the sample data (data/sample.json)."""
    if if_empty and db.session.scalar(select(func.count(Agreement.id))):
        click.echo("The database has agreements already; sample data not loaded.")
        return
    import_file(SAMPLE, dry_run=False)


@click.command("generate")
@click.option(
    "--agreements",
    "count",
    type=click.IntRange(1, 1_000_000),
    required=True,
    help="How many synthetic agreements to add.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@with_appcontext
@as_audit_actor
def generate_command(count, seed):
    """Add synthetic agreements (benchmarks and demos), with pillars and milestones."""
    started = time.perf_counter()

    def report(done: int) -> None:
        click.echo(f"  {done:,} / {count:,} agreements", err=True)

    made = generate(count, seed=seed, progress=report)
    click.echo(f"Generated {made:,} agreements in {time.perf_counter() - started:.1f} s.")


ROLE_NAMES = click.Choice([role.value for role in Role])


def _user_or_exit(username: str) -> User:
    user = user_named(username)
    if user is None:
        raise click.ClickException(f"No user named “{username}”.")
    return user


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=ROLE_NAMES, default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@as_audit_actor
def create_user_command(username, role, password_stdin):
    """Create an account. The password is asked for, or read from standard input."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(username, password, Role(role))
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} “{user.username}”.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path):
    """Write a consistent copy of the whole database to PATH, while the tracker serves."""
    try:
        backup(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the {db.engine.dialect.name} database to {path}.", err=True)


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@with_appcontext
def restore_command(path):
    """Restore a backup made by `tracker backup` into a new, empty database."""
    try:
        restore(db.engine, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path}. Run `tracker db upgrade` if this tracker is newer.", err=True)


@click.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@as_audit_actor
def set_password_command(username, password_stdin):
    """Set a user's password (asked for, or read from standard input); their sessions end."""
    user = _user_or_exit(username)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        set_password(user, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"The password of “{user.username}” is set; their sessions ended.")


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_NAMES)
@with_appcontext
@as_audit_actor
def set_role_command(username, role):
    """Change a user's role; their open sessions end."""
    user = set_role(_user_or_exit(username), Role(role))
    db.session.commit()
    click.echo(f"“{user.username}” is now {user.role.value}.")


@click.command("deactivate")
@click.argument("username")
@with_appcontext
@as_audit_actor
def deactivate_command(username):
    """Stop a user from logging in and end every session they have."""
    user = set_active(_user_or_exit(username), False)
    db.session.commit()
    click.echo(f"“{user.username}” is deactivated; their sessions have ended.")


@click.command("ensure-admin")
@with_appcontext
@as_audit_actor
def ensure_admin_command():
    """On a database without users, create "admin" and print its password once."""
    created = ensure_admin()
    if created is None:
        return
    db.session.commit()
    user, password = created
    click.echo(
        f"\nCreated the first account: username “{user.username}”, password {password}\n"
        "It is shown this once. Log in and create personal accounts under Users.\n"
    )


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for, e.g. “nightly sync”.")
@with_appcontext
def create_token_command(username, name):
    """Make an API token for a user and print it, this once; only its digest is stored."""
    user = _user_or_exit(username)
    if not user.active:
        raise click.ClickException(f"“{user.username}” is deactivated: a token would not work.")
    row, token = create_api_token(user, name)
    db.session.commit()
    click.echo(token)
    click.echo(
        f"API token {row.id} for {user.role.value} “{user.username}”. It is shown this "
        "once; send it as “Authorization: Bearer <token>”.",
        err=True,
    )


@click.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id):
    """Revoke an API token by its number (shown when made, and on the Settings page)."""
    row = db.session.get(AccessToken, token_id)
    if row is None or row.kind is not TokenKind.API:
        raise click.ClickException(f"No API token {token_id}.")
    revoke_token(row)
    db.session.commit()
    click.echo(f"API token {token_id} of “{row.user.username}” is revoked.")


@click.command("search-index")
@click.option("--all", "everything", is_flag=True, help="Rewrite every row, not only missing ones.")
@with_appcontext
def search_index_command(everything):
    """Fill the search index for agreements without a row (after an upgrade, or a restore)."""
    ids = list(db.session.scalars(select(Agreement.id))) if everything else missing(db.session)
    for start in range(0, len(ids), SEARCH_BATCH):
        refresh(db.session, ids[start : start + SEARCH_BATCH])
        db.session.commit()
        click.echo(f"  {min(start + SEARCH_BATCH, len(ids)):,} / {len(ids):,} agreements", err=True)
    click.echo(f"Search index: {len(ids):,} agreement(s) indexed.")


SEARCH_BATCH = 2000


def init_app(app) -> None:
    """Put the tracker's commands on app.cli, so `tracker` and `flask` both have them."""
    for command in (
        import_command,
        export_command,
        seed_command,
        generate_command,
        create_user_command,
        set_password_command,
        set_role_command,
        deactivate_command,
        ensure_admin_command,
        create_token_command,
        revoke_token_command,
        backup_command,
        restore_command,
        search_index_command,
    ):
        app.cli.add_command(command)
