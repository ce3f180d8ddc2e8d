"""The Defense Cooperation Tracker: a Flask app for defence-cooperation agreements."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from tracker.config import INSTANCE_FOLDER, ROOT, Config, check_reporting_currency, secret_key


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def trust_proxy(app: Flask) -> None:
    """Believe one proxy's X-Forwarded-For, -Proto and -Host: it, not the client, sets them."""
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def create_app(config: type | Mapping | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: load config, bind extensions, let each package register itself.

    No side effects: nothing is written (the secret key is made by ``tracker
    secret-key``), and importing a package registers nothing until its ``init_app``.
    """
    app = Flask(
        __name__,
        template_folder=ROOT / "templates",
        static_folder=ROOT / "static",
        instance_path=instance_path or str(INSTANCE_FOLDER),
    )
    # Ids in URLs fit the database's 32-bit keys: a larger one is a 404, not a database error.
    app.url_map.converters["int"] = DatabaseIdConverter
    if isinstance(config, Mapping):
        app.config.from_object(Config)
        app.config.from_mapping(config)
    else:
        app.config.from_object(config or Config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path, app.config["PRODUCTION"])
    check_reporting_currency(app.config["REPORTING_CURRENCY"])

    from tracker.extensions import compress, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    if app.config["BEHIND_PROXY"]:
        trust_proxy(app)

    from tracker import (
        agreements,
        api,
        assets,
        audit,
        auth,
        cli,
        commitments,
        compare,
        cutoff,
        dashboard,
        downloads,
        errors,
        feeds,
        focal_party,
        focus_areas,
        health,
        imports,
        input_guard,
        milestone_list,
        milestones,
        models,  # noqa: F401 - every table on the metadata
        parties,
        pillars,
        provisions,
        rates,
        search,
        security,
        settings,
        sources,
        templating,
        timeline,
        users,
    )

    # Pages first, then what applies to every request: the access gate before the NUL
    # guard, the error pages last.
    for package in (
        dashboard,
        agreements,
        pillars,
        milestones,
        milestone_list,
        sources,
        parties,
        focus_areas,
        provisions,
        compare,
        commitments,
        rates,
        search,
        timeline,
        assets,
        auth,
        users,
        audit,
        downloads,
        feeds,
        imports,
        settings,
        cutoff,
        focal_party,
        api,
        health,
        security,
        input_guard,
        errors,
        cli,
        templating,
    ):
        package.init_app(app)
    return app
