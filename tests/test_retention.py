"""Retention and staff insight on a real SQLite file: what is older than SOFIA_RETENTION_DAYS goes,
the anonymous counts stay, and `sofia report` writes the figures that were recorded."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import time
from datetime import date, timedelta

from bot.cases import case_store
from bot.records import insights
from bot.cases.case_store import Case
from bot.models import Answer, Citation, Turn
from bot.cases.outbox import Outbox
from bot.retention import purge
from bot.records.store import Store

DAY = 86400


def answer(question: str, kind: str = "answer", municipality: str | None = "Timrå") -> Answer:
    cited = [Citation(1, "timra", "Policy", "Timrå", "Ansvar", "2015-05-26", "KS är ansvarig.")] if kind == "answer" else []
    return Answer(question, "svar", kind == "answer", kind == "handoff", cited, kind=kind, municipality=municipality)


def store_at(path, when: float, **kw) -> Store:
    return Store(path, retention_days=90, history_max_age_s=10 * 365 * DAY, clock=lambda: when, **kw)


def test_purge_deletes_what_is_older_than_the_retention_period(tmp_path):
    path = tmp_path / "sofia.sqlite3"
    now = time.time()
    for when, tag in ((now - 100 * DAY, "old"), (now - 10 * DAY, "new")):
        store = store_at(path, when)
        store.add_turns(7, [Turn("user", f"{tag} fråga", "Timrå", when)])
        kept = store.record_answer(7, answer(f"{tag} fråga om ansvar"))
        store.set_feedback(kept, 7, 1)
        store.record_answer(7, answer(f"{tag} okänd fråga, mejla bo@example.se", "not_found"))
        store.add_schema(case_store.SCHEMA)
        outbox = Outbox(store, clock=lambda when=when: when)

        def write(db, when=when, tag=tag):
            for state in ("closed", "open"):
                case_id = case_store.insert(db, Case(0, state, 7, 7, "Bo", question=f"{tag} {state}", created_at=when,
                                                     closed_at=when if state == "closed" else None))
                case_store.add_message(db, case_id, "founder", 7, "Bo", f"{tag} meddelande", when)
                outbox.enqueue(db, f"{tag}:{state}", -100, "card", {"text": f"{tag} kort"}, case_id)
            outbox.enqueue(db, f"{tag}:erased", -100, "erased", {"code": "K-0"})
            db.execute("UPDATE outbox SET state = 'sent'")

        store.transaction(write)
        store.close()

    store = Store(path, retention_days=90, history_max_age_s=10 * 365 * DAY)
    purged = purge(store)
    assert (purged.cases, purged.messages) == (1, 2)  # the old closed case; the old delivered messages

    def everything(db):
        return {table: [r[0] for r in db.execute(sql)] for table, sql in {
            "turns": "SELECT text FROM turns",
            "answers": "SELECT question FROM answers",
            "feedback": "SELECT COUNT(*) FROM feedback",
            "cases": "SELECT question FROM cases ORDER BY id",
            "messages": "SELECT text FROM case_messages",
            "outbox": "SELECT key FROM outbox ORDER BY id",
            "questions": "SELECT question FROM insight_events WHERE question IS NOT NULL",
            "events": "SELECT COUNT(*) FROM insight_events",
        }.items()}

    kept = store.query(everything)
    assert kept["turns"] == ["new fråga"]
    assert kept["answers"] == ["new fråga om ansvar", "new okänd fråga, mejla bo@example.se"]
    assert kept["feedback"] == [1]
    assert kept["cases"] == ["old open", "new closed", "new open"]  # an open case waits for its person
    assert "old meddelande" in kept["messages"] and len(kept["messages"]) == 3
    assert kept["outbox"] == ["new:closed", "new:open", "new:erased"]
    assert kept["questions"] == ["new okänd fråga, mejla [E-POST]"]
    assert kept["events"] == [4]  # the anonymous counts stay, votes included
    old_day = date.fromtimestamp(now - 100 * DAY)
    figures = insights.collect(store, 1, today=old_day)
    assert (figures.days[0].questions, figures.days[0].thumbs_up) == (2, 1)
    store.close()


def test_erasing_a_user_keeps_the_counts_but_not_their_text(tmp_path):
    store = Store(tmp_path / "sofia.sqlite3")
    store.record_answer(7, answer("Går det att få hyresbidrag? 070-123 45 67", "not_found"))
    store.record_answer(8, answer("Något annat okänt", "not_found"))
    store.erase_user(7)
    assert [u.question for u in insights.unanswered(store)] == ["Något annat okänt"]
    assert insights.collect(store, 1).days[-1].not_found == 2
    store.close()


def test_the_bot_purges_once_a_day(monkeypatch):
    from bot.channels.telegram import app

    calls = []

    class Conversations:
        def purge(self):
            calls.append(1)
            return type("Purged", (), {"cases": 0, "messages": 0})()

        async def run(self, fn):
            return fn()

    async def main():
        task = asyncio.create_task(app.purge_daily(Conversations(), every_s=0.01))
        while len(calls) < 3:
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(main())
    assert len(calls) >= 3


def test_sofia_report_writes_the_chart_and_the_recorded_figures(tmp_path):
    data = tmp_path / "data"
    now = time.time()
    yesterday = store_at(data / "sofia.sqlite3", now - DAY)
    for kind in ("answer", "answer", "not_found", "handoff", "contact"):
        yesterday.record_answer(1, answer(f"fråga {kind}", kind))
    first = yesterday.latest_answers(1, 5)[-1].id
    yesterday.set_feedback(first, 1, 1)
    yesterday.set_feedback(first + 1, 1, -1)
    yesterday.close()
    today = Store(data / "sofia.sqlite3")
    today.record_answer(2, answer("fråga idag", "not_found"))
    today.set_feedback(today.record_answer(2, answer("idag igen")), 2, 1)
    today.close()

    out = tmp_path / "out"
    env = {**os.environ, "SOFIA_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "bot.channels.cli", "report", "--days", "3", "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    # The summary is in Swedish, as the chart is.
    assert done.stdout.startswith(f"{date.today() - timedelta(2)} – {date.today()}: 7 frågor, 57 % besvarade, "
                                  "29 % inte i dokumenten, 14 % till en människa; återkoppling 2 tumme upp, 1 tumme ned")
    assert (out / "sofia-report.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with open(out / "sofia-report.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # The days as the two processes saw them: the report ends on its own today, which is the
    # recorded today or (past midnight) the day after; the test never asks the clock again.
    kept = Store(data / "sofia.sqlite3")
    recorded = [d for (d,) in kept.query(lambda db: db.execute("SELECT DISTINCT day FROM insight_events ORDER BY day").fetchall())]
    kept.close()
    first_day, last_day = date.fromisoformat(rows[0]["day"]), date.fromisoformat(rows[-1]["day"])
    assert [r["day"] for r in rows] == [(first_day + timedelta(n)).isoformat() for n in range(3)]
    assert last_day - date.fromisoformat(recorded[-1]) in (timedelta(0), timedelta(1))
    figures = {r["day"]: {k: int(v) for k, v in r.items() if k != "day"} for r in rows}
    zero = dict.fromkeys(["questions", "answered", "not_found", "handoff", "thumbs_up", "thumbs_down"], 0)
    assert recorded[0] == (date.fromisoformat(recorded[-1]) - timedelta(1)).isoformat()
    assert figures[recorded[0]] == {"questions": 5, "answered": 3, "not_found": 1, "handoff": 1, "thumbs_up": 1, "thumbs_down": 1}
    assert figures[recorded[1]] == {"questions": 2, "answered": 1, "not_found": 1, "handoff": 0, "thumbs_up": 1, "thumbs_down": 0}
    assert all(f == zero for day, f in figures.items() if day not in recorded)


def test_report_usage_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bot.channels.cli", "report", "--days", "0"], capture_output=True, text=True,
                          env={**os.environ, "SOFIA_DATA_DIR": str(tmp_path)}, cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "--days" in done.stderr


def test_the_chart_counts_in_whole_numbers_from_zero_with_labels_in_place():
    """An empty period is not drawn around ±0.04; the topics' heading is their own, not the days' x label."""
    empty = insights.Insight([insights.Day((date.today() - timedelta(n)).isoformat()) for n in (1, 0)], [], [])
    days_ax, topics_ax = insights.chart_figure(empty).axes
    assert days_ax.get_ylim()[0] == 0 and days_ax.get_ylim()[1] >= 1
    assert all(float(t).is_integer() for t in days_ax.get_yticks() if 0 <= t <= days_ax.get_ylim()[1])
    assert days_ax.get_xlabel().startswith("Dag") and "Vanligaste ämnen" in topics_ax.get_title(loc="left")
    busy = insights.Insight([insights.Day(date.today().isoformat(), questions=3, answered=3, thumbs_up=1)],
                            [("Ansvar och genomförande", 3)], [("Timrå", 3)])
    days_ax, topics_ax = insights.chart_figure(busy).axes
    assert all(float(t).is_integer() for t in days_ax.get_yticks()) and days_ax.get_ylim()[0] == 0
    assert topics_ax.get_xlabel() and all(float(t).is_integer() for t in topics_ax.get_xticks())
    assert insights.summary(busy).endswith("3 frågor, 100 % besvarade, 0 % inte i dokumenten, 0 % till en människa; "
                                           "återkoppling 1 tumme upp, 0 tumme ned")
