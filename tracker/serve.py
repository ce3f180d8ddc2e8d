"""`tracker serve`: the app behind gunicorn, the server `make run` uses.

Flask's development server is for `make dev` only: it is single-threaded
by default, and it announces itself and its Python version in every answer.

Nothing a request needs is kept in a process's memory (sessions, the
failed-login limit and web imports live in the database), so any worker, or
any server, may answer any request. The default is two worker processes of
four threads, one process per core of a small machine: a Python process
uses one core at a time. SQLite still takes one writer at a time, waiting
for the lock (busy timeout) rather than failing.
"""

from __future__ import annotations

import click
from flask.cli import ScriptInfo
from gunicorn.app.base import BaseApplication

from tracker.config import make_secret_key

DEFAULT_BIND = "127.0.0.1:5000"
DEFAULT_WORKERS, DEFAULT_THREADS = 2, 4


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
    envvar="TRACKER_WORKERS",
    type=click.IntRange(1, 64),
    help="Worker processes [default: 2].",
)
@click.option(
    "--threads",
    envvar="TRACKER_THREADS",
    type=click.IntRange(1, 256),
    help="Threads per worker: requests served at once by each [default: 4].",
)
def serve_command(bind: str, workers: int | None, threads: int | None):
    """Serve the tracker with gunicorn (the production server)."""
    workers, threads = workers or DEFAULT_WORKERS, threads or DEFAULT_THREADS
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
