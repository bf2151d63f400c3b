"""The command line as operators and scripts use it: real processes, the JSON contract, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from support import KNOWLEDGE, ROOT


@pytest.fixture(scope="module")
def env(kb_services):
    """The environment of a process that finds the index the session already built."""
    return {
        **os.environ,
        "SOFIA_DATA_DIR": str(kb_services.settings.data_dir),
        "SOFIA_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "PYTHONIOENCODING": "utf-8",
    }


def sofia(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.channels.cli", *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=300,
    )


def test_ask_json_contract(env):
    done = sofia(env, "ask", "Vem samordnar arbetet med social ekonomi i Timrå kommun?", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"question", "answer", "grounded", "handoff", "citations"}
    assert data["grounded"] is True and data["handoff"] is False
    assert set(data["citations"][0]) >= {"document", "title", "municipality", "section", "quote"}
    assert any("Arbetsmarknadsenheten samordnar verksamheten" in c["quote"] for c in data["citations"])
    assert "Traceback" not in done.stderr


def test_search_and_ask_jsonl_one_object_per_line(env):
    questions = "Erbjuder Uppsala anbudsskola?\n\nI want to talk to a real person\n"
    done = sofia(env, "search", "--k", "3", "--jsonl", stdin=questions)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and len(rows) == 3
    assert [len(r["hits"]) for r in rows][0] == 3 and rows[1]["hits"] == []
    assert set(rows[0]["hits"][0]) >= {"text", "document", "title", "municipality", "section", "score"}
    done = sofia(env, "ask", "--jsonl", stdin=questions)
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["handoff"] for a in answers] == [False, False, True]
    assert answers[1]["grounded"] is False and "meddelande" in answers[1]["answer"]


def test_usage_errors_exit_2_with_a_message(env):
    for args in (["ask"], ["search", "x", "--k", "0"], ["eval", "finns-inte.jsonl"], ["nonsense"]):
        done = sofia(env, *args)
        assert done.returncode == 2, args
        assert "usage" in done.stderr.lower() or "error" in done.stderr.lower()
        assert "Traceback" not in done.stderr


def test_bad_input_through_the_command_line(env):
    done = sofia(env, "ask", "", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["grounded"] is False
    done = sofia(env, "ask", "x" * 20_000)
    assert done.returncode == 0 and "för långt" in done.stdout


def test_chat_keeps_the_municipality_for_the_session(env):
    script = "/kommun Timrå\nVem samordnar verksamheten?\n/kontakt\n/om\n/avsluta\n"
    done = sofia(env, "chat", stdin=script)
    assert done.returncode == 0, done.stderr
    assert "Vald kommun: Timrå" in done.stdout
    assert "Arbetsmarknadsenheten samordnar verksamheten" in done.stdout
    assert "Timrå kommun" in done.stdout  # /kontakt for the chosen municipality
    assert "Handlingsplan sociala företag" in done.stdout  # /om lists the documents


NOT_SURE = "kostar coompanion nåt?"  # close to a section that answers, not word for word
WEATHER = "Hur blir vädret i Luleå i morgon?"


def test_not_sure_answers_offer_the_closest_sections_in_json(env):
    done = sofia(env, "ask", "--jsonl", stdin=f"{NOT_SURE}\n{WEATHER}\n")
    assert done.returncode == 0, done.stderr
    unsure, weather = [json.loads(line) for line in done.stdout.splitlines()]
    assert unsure["grounded"] is False and unsure["citations"] == []
    assert 2 <= len(unsure["suggestions"]) <= 3
    assert set(unsure["suggestions"][0]) == {"document", "title", "municipality", "section"}
    assert any(s["document"] == "coompanion" for s in unsure["suggestions"])
    assert "inte säker" in unsure["answer"] and "1. " in unsure["answer"]
    assert weather["grounded"] is False and weather["suggestions"] == []  # far from every document: no sections


def test_the_terminal_opens_an_offered_section_by_its_number(env):
    done = sofia(env, "chat", stdin=f"{NOT_SURE}\n1\n/avsluta\n")
    assert done.returncode == 0, done.stderr
    assert "Skriv numret för att läsa ett avsnitt." in done.stdout
    assert "Coompanion" in done.stdout.split("Skriv numret för att läsa ett avsnitt.", 1)[1]  # the passage, opened


def test_a_quote_from_a_lapsed_document_says_so_in_json_and_in_the_terminal(env):
    question = "Vilka strategiska områden har Uppsala för sociala företag?"
    done = sofia(env, "ask", question, "--json")
    assert done.returncode == 0, done.stderr
    citations = json.loads(done.stdout)["citations"]
    uppsala = [c for c in citations if c["municipality"] == "Uppsala"]
    assert uppsala and all(c["outdated"] == {"field": "valid_until", "date": "2018-2020",
                                              "note": "enligt dokumentet gällde det för 2018-2020"} for c in uppsala)
    done = sofia(env, "ask", "Vem samordnar arbetet med social ekonomi i Timrå kommun?", "--json")
    assert all(c["outdated"] is None for c in json.loads(done.stdout)["citations"])  # no date of Timrå's has passed
    done = sofia(env, "chat", stdin=f"{question}\n/avsluta\n")
    assert done.returncode == 0, done.stderr
    assert re.search(r"Handlingsplan sociala företag, Uppsala, avsnitt «[^»]+», 2018-09-05 – enligt dokumentet "
                     r"gällde det för 2018-2020\n", done.stdout)  # the source line, whichever section is quoted
