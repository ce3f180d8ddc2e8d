"""The ``tracker`` command: Flask's run and db, plus seed and import."""

from __future__ import annotations

from importlib.metadata import entry_points

from click.testing import CliRunner
from flask.cli import ScriptInfo
from helpers import count
from sqlalchemy import select

from tracker.console import cli
from tracker.extensions import db
from tracker.models import Agreement, Milestone, Pillar

SAMPLE_KEYS = ["nor-ukr-2026-joint-declaration", "nor-ukr-security-agreement-2024"]


def agreement_keys() -> list[str]:
    db.session.rollback()  # see what the command committed
    return list(db.session.scalars(select(Agreement.key).order_by(Agreement.key)))


def test_seed_loads_the_sample_into_an_empty_database(runner):
    result = runner.invoke(cli, ["seed"])

    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output
    assert agreement_keys() == SAMPLE_KEYS
    assert count(Pillar) == 4
    assert count(Milestone) == 5


def test_seed_if_empty_loads_the_sample_into_an_empty_database(runner):
    result = runner.invoke(cli, ["seed", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert agreement_keys() == SAMPLE_KEYS


def test_seed_if_empty_leaves_a_database_with_agreements_alone(runner, make_agreement):
    make_agreement(key="nor-ukr-test")

    result = runner.invoke(cli, ["seed", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "The database has agreements already; sample data not loaded." in result.output
    assert agreement_keys() == ["nor-ukr-test"]


def test_tracker_help_lists_run_db_seed_and_import(runner):
    result = runner.invoke(cli, ["--help"], prog_name="tracker")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: tracker ")
    commands_section = result.output.split("Commands:", 1)[1]
    listed = {line.split()[0] for line in commands_section.splitlines() if line.strip()}
    assert {"run", "db", "seed", "import"} <= listed


def test_the_tracker_console_script_runs_this_cli():
    (script,) = entry_points(group="console_scripts", name="tracker")

    assert script.value == "tracker.console:main"


def _no_app():
    raise AssertionError("this command must not make the app: the app needs its key")


def test_secret_key_makes_the_key_without_making_the_app(tmp_path, monkeypatch):
    monkeypatch.setattr("tracker.console.INSTANCE_FOLDER", tmp_path / "instance")

    result = CliRunner().invoke(cli, ["secret-key"], obj=ScriptInfo(create_app=_no_app))

    assert result.exit_code == 0, result.output
    key = (tmp_path / "instance" / "secret_key").read_text()
    assert len(key) == 64
    again = CliRunner().invoke(cli, ["secret-key"], obj=ScriptInfo(create_app=_no_app))
    assert again.exit_code == 0 and (tmp_path / "instance" / "secret_key").read_text() == key
