"""The SQLite store: preferences survive restarts, history stays bounded, erasure is complete."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from bot.models import Answer, Citation, Turn
from bot.records.store import Preferences, Store


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, clock) -> Store:
    s = Store(tmp_path / "sofia.sqlite3", history_turns=4, history_max_age_s=600, retention_days=1, clock=clock)
    yield s
    s.close()


def an_answer(question: str = "Vem ansvarar i Timrå?", municipality: str | None = "Timrå") -> Answer:
    citation = Citation(
        number=1,
        document="timra-policy-social-ekonomi",
        title="Policy för den sociala ekonomin",
        municipality="Timrå",
        section="Ansvar",
        date="2015-05-26",
        quote="Kommunstyrelsen har <det> övergripande ansvaret & följer upp.",
    )
    return Answer(
        question=question,
        text="Kommunstyrelsen [1].\n\nKällor: ...",
        grounded=True,
        handoff=False,
        citations=[citation],
        municipality=municipality,
        body="Kommunstyrelsen [1].",
    )


def test_preferences_default_to_unchosen(store):
    assert store.preferences(1) == Preferences(language=None, municipality=None)


def test_preferences_survive_a_restart(tmp_path, clock):
    path = tmp_path / "data" / "sofia.sqlite3"
    first = Store(path, clock=clock)
    first.set_municipality(7, "Luleå")
    first.set_language(7, "en")
    first.set_municipality(7, "Timrå")
    first.close()

    again = Store(path, clock=clock)
    assert again.preferences(7) == Preferences(language="en", municipality="Timrå", municipality_at=clock())
    again.set_municipality(7, None)
    assert again.preferences(7) == Preferences(language="en", municipality=None, municipality_at=clock())
    again.close()


def test_database_is_in_wal_mode(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_turns_are_bounded_in_number(store, clock):
    for i in range(6):
        clock.now += 1
        store.add_turns(1, [Turn("user", f"fråga {i}"), Turn("assistant", f"svar {i}", "Timrå")])
    turns = store.recent_turns(1)
    assert [t.text for t in turns] == ["fråga 4", "svar 4", "fråga 5", "svar 5"]
    assert turns[-1].municipality == "Timrå"
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 4


def test_turns_are_bounded_in_age(store, clock):
    store.add_turns(1, [Turn("user", "gammal fråga")])
    clock.now += 601
    assert store.recent_turns(1) == []
    store.add_turns(1, [Turn("user", "ny fråga")])
    assert [t.text for t in store.recent_turns(1)] == ["ny fråga"]
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 1


def test_long_assistant_turns_are_cut(store):
    store.add_turns(1, [Turn("user", "x" * 3000), Turn("assistant", "y" * 3000)])
    user, assistant = store.recent_turns(1)
    assert len(user.text) == 3000
    assert 0 < len(assistant.text) < 3000


def test_turns_are_per_user(store):
    store.add_turns(1, [Turn("user", "ett")])
    store.add_turns(2, [Turn("user", "två")])
    assert [t.text for t in store.recent_turns(2)] == ["två"]


def test_answers_keep_their_citations(store):
    answer_id = store.record_answer(5, an_answer())
    record = store.answer(answer_id)
    assert record.user_id == 5
    assert record.question == "Vem ansvarar i Timrå?"
    assert record.municipality == "Timrå"
    assert record.citations == an_answer().citations
    assert store.answer(answer_id + 100) is None


def test_feedback_is_one_vote_per_user_and_answer(store):
    answer_id = store.record_answer(5, an_answer())
    assert store.set_feedback(answer_id, 5, 1)
    assert store.set_feedback(answer_id, 5, -1)
    assert store.set_feedback(answer_id, 6, 1)
    assert store.feedback(answer_id) == {5: -1, 6: 1}
    assert store.feedback_counts() == (1, 1)
    assert not store.set_feedback(answer_id + 1, 5, 1)
    with pytest.raises(ValueError):
        store.set_feedback(answer_id, 5, 0)


def test_erase_user_removes_everything_about_them_and_nothing_else(store):
    store.set_municipality(5, "Timrå")
    store.add_turns(5, [Turn("user", "min fråga")])
    mine = store.record_answer(5, an_answer())
    store.set_feedback(mine, 5, 1)
    store.set_feedback(mine, 6, -1)  # someone else's vote on my answer (in a group)
    theirs = store.record_answer(6, an_answer("Deras fråga"))
    store.set_feedback(theirs, 5, 1)  # my vote on their answer
    store.set_municipality(6, "Luleå")

    assert store.erase_user(5) > 0

    assert store.preferences(5) == Preferences()
    assert store.recent_turns(5) == []
    assert store.answer(mine) is None
    assert store.feedback(theirs) == {}
    with sqlite3.connect(store.path) as db:
        for table in ("users", "turns", "answers", "feedback"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = 5").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 0
        dump = "\n".join(db.iterdump())
    assert "min fråga" not in dump and "Vem ansvarar" not in dump
    assert store.preferences(6).municipality == "Luleå"
    assert store.answer(theirs).question == "Deras fråga"


def test_answers_and_feedback_expire(store, clock):
    old = store.record_answer(5, an_answer())
    store.set_feedback(old, 5, 1)
    clock.now += 86400 + 1
    store.add_turns(5, [Turn("user", "x")])
    store.prune()
    assert store.answer(old) is None
    assert store.feedback_counts() == (0, 0)


def test_concurrent_use_from_threads(store):
    errors: list[BaseException] = []

    def work(user_id: int) -> None:
        try:
            for i in range(20):
                store.set_municipality(user_id, f"K{i}")
                store.add_turns(user_id, [Turn("user", f"q{i}")])
                answer_id = store.record_answer(user_id, an_answer())
                store.set_feedback(answer_id, user_id, 1)
                store.recent_turns(user_id)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(u,)) for u in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.feedback_counts() == (160, 0)
    assert all(store.preferences(u).municipality == "K19" for u in range(8))
