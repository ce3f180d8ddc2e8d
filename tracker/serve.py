"""`tracker serve`: the app behind gunicorn, the server `make run` uses.

Flask's development server is for `make dev` only: it is single-threaded
by default, and it announces itself and its Python version in every answer.

Nothing a request needs is kept in a process's memory (sessions, the
failed-login limit and web imports live in the database), so any worker, or
any server, may answer any request. On PostgreSQL the default is two worker
processes of four threads, one per core of a small machine. On SQLite it is
one process of eight threads: SQLite takes one writer at a time whatever the
number of processes, and a web import's progress reaches only the pages of
the process running it (see tracker/imports/jobs.py).
"""

from __future__ import annotations

import os

import click
from flask.cli import ScriptInfo
from gunicorn.app.base import BaseApplication

from tracker.config import database_url, make_secret_key

DEFAULT_BIND = "127.0.0.1:5000"


class TrackerServer(BaseApplication):
    """Gunicorn configured from our options only: no config file, no command-line parsing."""

    def __init__(self, options: dict, make_app):
        self.options, self.make_app = options, make_app
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        # Each worker makes its own app, after the fork: no connection is shared.
        return self.make_app()


@click.command("serve")
@click.option(
    "--bind",
    default=DEFAULT_BIND,
    show_default=True,
    help="HOST:PORT to listen on; 0.0.0.0:PORT to listen on every interface.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Worker processes [default: 2 on PostgreSQL, 1 on SQLite].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    help="Threads per worker: requests served at once by each [default: 4 on PostgreSQL, "
    "8 on SQLite].",
)
def serve_command(bind: str, workers: int | None, threads: int | None):
    """Serve the tracker with gunicorn (the production server)."""
    sqlite = database_url(os.environ.get("DATABASE_URL")).startswith("sqlite")
    workers = workers or (1 if sqlite else 2)
    threads = threads or (8 if sqlite else 4)
    make_secret_key()  # before the workers start, so they all read the same one
    click.echo(
        f"Serving the tracker on http://{bind} ({workers} worker(s) × {threads} threads)", err=True
    )
    TrackerServer(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            # A slow client must not hold a thread forever; an import runs in its own thread.
            "timeout": 60,
            "graceful_timeout": 20,
            "accesslog": "-",
            "errorlog": "-",
            # gunicorn's control socket is one path per machine account: two servers would share it.
            "control_socket_disable": True,
        },
        _app_factory(),
    ).run()


def _app_factory():
    """What makes the app: the ``tracker`` command's factory, else (``flask --app``) the app
    Flask has loaded already."""
    info = click.get_current_context().ensure_object(ScriptInfo)
    return info.create_app or info.load_app
