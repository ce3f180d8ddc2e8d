"""The instance folder's secret key: made once by `tracker secret-key` (and `tracker serve`),
atomically, however many processes start at once; the app only reads it."""

from __future__ import annotations

import multiprocessing

import pytest

from tracker.config import make_secret_key

PROCESSES = 8
ROUNDS = 10


def _start_together(folder: str, barrier, results) -> None:
    barrier.wait()
    try:
        results.put(make_secret_key(folder))
    except Exception as error:  # reported to the test, which fails on it
        results.put(repr(error))


def keys_made_at_once(folder) -> list[str]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_start_together, args=(str(folder), barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    keys = [results.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return keys


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_starting_at_once_on_a_fresh_folder_all_get_the_same_whole_key(tmp_path, round_):
    keys = keys_made_at_once(tmp_path / "instance")

    assert len(set(keys)) == 1, keys
    assert len(keys[0]) == 64 and int(keys[0], 16) >= 0  # a whole key, never a blank
    assert (tmp_path / "instance" / "secret_key").read_text() == keys[0]
    assert [p.name for p in (tmp_path / "instance").iterdir()] == ["secret_key"]  # no leftovers


def test_a_key_is_read_back_on_the_next_start(tmp_path):
    assert make_secret_key(tmp_path) == make_secret_key(tmp_path)


def test_an_empty_key_file_is_an_error_not_an_empty_key(tmp_path):
    (tmp_path / "secret_key").write_text("")

    with pytest.raises(RuntimeError, match="is empty"):
        make_secret_key(tmp_path)
