"""The Defense Cooperation Tracker: a Flask app for defence-cooperation agreements."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from tracker.config import ROOT, Config, load_secret_key


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def trust_proxy(app: Flask) -> None:
    """Believe one proxy's X-Forwarded-For, -Proto and -Host: it, not the client, sets them."""
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def create_app(config: type | Mapping | None = None) -> Flask:
    """Build the app: load config, bind extensions, register blueprints. No side effects."""
    app = Flask(
        __name__,
        template_folder=ROOT / "templates",
        static_folder=ROOT / "static",
        instance_path=str(ROOT / "instance"),
    )
    # Ids in URLs fit the database's 32-bit keys: a larger one is a 404, not a database error.
    app.url_map.converters["int"] = DatabaseIdConverter
    if isinstance(config, Mapping):
        app.config.from_object(Config)
        app.config.from_mapping(config)
    else:
        app.config.from_object(config or Config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.instance_path, app.config["PRODUCTION"])

    from tracker.extensions import compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config["BEHIND_PROXY"]:
        trust_proxy(app)

    from tracker import models  # noqa: F401 - registers every table on the metadata
    from tracker.agreements.views import bp as agreements_bp
    from tracker.api import bearer  # noqa: F401 - registers the bearer-token user loader
    from tracker.api.views import bp as api_bp
    from tracker.assets.views import bp as assets_bp
    from tracker.audit.hook import register_audit_hook
    from tracker.audit.views import bp as audit_bp
    from tracker.auth.access import register_access_control
    from tracker.auth.sessions import configure_sessions
    from tracker.auth.views import bp as auth_bp
    from tracker.cli import register_commands
    from tracker.cutoff.views import bp as cutoff_bp
    from tracker.dashboard.views import bp as dashboard_bp
    from tracker.downloads.views import bp as downloads_bp
    from tracker.errors import register_error_handlers
    from tracker.feeds.views import bp as feeds_bp
    from tracker.focus_areas.views import bp as focus_areas_bp
    from tracker.imports.views import bp as imports_bp
    from tracker.input_guard import register_input_guard
    from tracker.milestones.views import bp as milestones_bp
    from tracker.parties.views import bp as parties_bp
    from tracker.pillars.views import bp as pillars_bp
    from tracker.security import register_security_headers
    from tracker.settings.views import bp as settings_bp
    from tracker.sources.views import bp as sources_bp
    from tracker.templating import register_template_helpers
    from tracker.timeline.views import bp as timeline_bp
    from tracker.users.views import bp as users_bp

    for blueprint in (
        dashboard_bp, agreements_bp, pillars_bp, milestones_bp, sources_bp, parties_bp,
        focus_areas_bp, timeline_bp, assets_bp, auth_bp, users_bp, audit_bp, downloads_bp,
        feeds_bp, imports_bp, settings_bp, cutoff_bp, api_bp,
    ):
        app.register_blueprint(blueprint)
    configure_sessions(app)
    register_access_control(app)
    register_audit_hook()
    register_security_headers(app)
    register_input_guard(app)
    register_error_handlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app
