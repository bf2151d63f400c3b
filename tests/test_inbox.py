"""The inbox on a real SQLite file: an update is taken once, its text goes when it is done."""

from __future__ import annotations

from bot.cases.inbox import Inbox
from bot.records.store import Store


def test_the_inbox_takes_an_update_once_and_forgets_its_text_when_done(tmp_path):
    store = Store(tmp_path / "sofia.sqlite3")
    inbox = Inbox(store)
    update = {"update_id": 5, "message": {"text": "Hemlig fråga", "date": 1}}
    assert inbox.receive(5, 7, update) is True
    assert inbox.receive(5, 7, update) is False  # Telegram delivered it again
    assert inbox.pending() == [(5, update)]
    store.transaction(lambda db: inbox.done(db, 5))
    assert inbox.pending() == [] and inbox.receive(5, 7, update) is False
    assert store.query(lambda db: db.execute("SELECT payload FROM inbox").fetchone()) == ("{}",)
    # The same id with other content is another update (ids restart for a new bot or after a quiet week).
    assert inbox.receive(5, 8, {"update_id": 5, "message": {"text": "Annan", "date": 2}}) is True
    store.transaction(lambda db: Inbox.erase_user(db, 8))
    assert inbox.pending() == []
