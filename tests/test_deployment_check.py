"""`sofia check` on a deployment that is ready and on one that is not, as an operator runs it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.channels.terminal import TerminalChat
from bot.channels.deployment_check import PROBLEM, WARNING, check_deployment
from support import KNOWLEDGE, ROOT, make_settings

# The shape @BotFather hands out; not a real bot's token.
GOOD_TOKEN = "1234567890:AAEexampleexampleexampleexample12345"

POLICY = """---
title: "Policy för sociala företag"
municipality: "Ort"
document_type: "policy"
date: "{date}"
review_by: "{review_by}"
---
# Policy för sociala företag

Kommunen stöder arbetsintegrerande sociala företag.
"""

CONTACTS = """municipalities:
  Ort:
    documents: ["ort-policy"]
    contact: {{name: "Kim", email: "kim@ort.se", phone: "010-123 45 67", telegram_chat_id: {chat_id}, office_hours: "mån–fre"}}
actors: {{}}
"""


def deployment(root: Path, *, date_line: str = "2024-05-01", review_by: str = "2030-01-01", chat_id: str = "-1001234567",
               contacts: bool = True) -> Path:
    knowledge = root / "knowledge"
    (knowledge / "policies").mkdir(parents=True)
    (knowledge / "policies" / "ort-policy.md").write_text(POLICY.format(date=date_line, review_by=review_by), encoding="utf-8")
    if contacts:
        (knowledge / "contacts.yaml").write_text(CONTACTS.format(chat_id=chat_id), encoding="utf-8")
    return knowledge


def sofia(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SOFIA_", "TELEGRAM_"))}
    clean.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", **env)
    return subprocess.run([sys.executable, "-m", "bot.channels.cli", *args], cwd=cwd, env=clean, capture_output=True, text=True,
                          timeout=120)


def test_a_ready_deployment_passes(tmp_path):
    knowledge = deployment(tmp_path)
    done = sofia(tmp_path, "check", SOFIA_KNOWLEDGE_DIR=str(knowledge), SOFIA_DATA_DIR=str(tmp_path / "data"),
                 TELEGRAM_BOT_TOKEN=GOOD_TOKEN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "everything Sofia needs is in place" in done.stdout
    assert GOOD_TOKEN not in done.stdout + done.stderr


def test_a_broken_deployment_is_explained_and_fails(tmp_path):
    knowledge = deployment(tmp_path, date_line="", review_by="2020-06-30", chat_id='"Timrå-gruppen"')
    (knowledge / "policies" / "annan-policy.md").write_text(
        "---\nmunicipality: Annanstad\ndate: 2023-01-01\n---\n# Annan policy\n\nText om sociala företag.\n", encoding="utf-8")
    (knowledge / "policies" / "utan-kommun.md").write_text(
        "---\ndocument_type: policy\ndate: 2023-01-01\n---\n# Policy\n\nText.\n", encoding="utf-8")
    not_a_folder = tmp_path / "data-is-a-file"
    not_a_folder.write_text("")
    done = sofia(tmp_path, "check", SOFIA_KNOWLEDGE_DIR=str(knowledge), SOFIA_DATA_DIR=str(not_a_folder),
                 TELEGRAM_BOT_TOKEN="hemligt-men-fel")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "hemligt-men-fel" not in out + done.stderr  # the token is never shown
    assert "TELEGRAM_BOT_TOKEN does not look like a token" in out
    assert f"data directory {not_a_folder}" in out and "not writable" in out
    assert "telegram_chat_id of Ort is 'Timrå-gruppen', not a number" in out
    assert "ort-policy.md has no date" in out
    assert "ort-policy.md was to be reviewed by 2020-06-30" in out
    assert "utan-kommun.md is a policy without a municipality" in out
    assert "Annanstad has documents but no entry in" in out
    # Problems (cannot run) are listed before warnings (runs, but founders notice).
    assert out.index("Problems") < out.index("Warnings")


def test_missing_contact_details_and_token_as_findings(tmp_path):
    knowledge = deployment(tmp_path, chat_id="null")
    (knowledge / "contacts.yaml").write_text("municipalities:\n  Ort:\n    contact: {email: null, phone: null}\n",
                                             encoding="utf-8")
    findings = check_deployment(make_settings(tmp_path / "data", knowledge), today=date(2026, 12, 2))
    assert [f.severity for f in findings] == [PROBLEM, WARNING, WARNING]
    assert "TELEGRAM_BOT_TOKEN is not set" in findings[0].message
    assert "Ort has documents but no contact details" in findings[1].message
    assert "Fill in email, phone, telegram_chat_id, office_hours" in findings[1].message
    assert "No contact chat is set" in findings[2].message


def test_a_configuration_that_cannot_be_read_is_named_without_its_value(tmp_path):
    done = sofia(tmp_path, "check", SOFIA_HANDOFF_CHAT_ID="gruppen", SOFIA_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 1 and "SOFIA_HANDOFF_CHAT_ID" in done.stderr and "Traceback" not in done.stderr


def test_sofia_run_prints_the_same_findings_before_it_stops(tmp_path):
    knowledge = deployment(tmp_path, review_by="2020-06-30")
    done = sofia(tmp_path, "run", SOFIA_KNOWLEDGE_DIR=str(knowledge), SOFIA_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 2
    assert "ort-policy.md was to be reviewed by 2020-06-30" in done.stderr
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr


def test_the_shipped_knowledge_is_readable_and_only_contact_details_are_left_to_fill(tmp_path):
    findings = check_deployment(make_settings(tmp_path / "data", KNOWLEDGE, telegram_bot_token=GOOD_TOKEN))
    assert all(f.severity == WARNING for f in findings), findings
    assert any("Timrå has documents but no contact details" in f.message for f in findings)


def test_the_terminal_chat_tells_the_deployer_what_to_fill_in(kb_services):
    out = io.StringIO()
    chat = TerminalChat(kb_services, stdin=io.StringIO("/kommun Timrå\nJag vill prata med en människa\n"), stdout=out)
    assert chat.run() == 0
    text = out.getvalue()
    assert "[Till dig som driftar Sofia] Kontaktuppgifter för Timrå saknas" in text
    assert "email, phone, telegram_chat_id, office_hours under municipalities → Timrå → contact" in text


def test_chroma_configured_but_not_installed_says_what_to_install(tmp_path, monkeypatch):
    import bot.knowledge_base.index

    knowledge = deployment(tmp_path)
    settings = make_settings(tmp_path / "data", knowledge, telegram_bot_token=GOOD_TOKEN, chroma_url="127.0.0.1:8001")
    monkeypatch.setattr(bot.knowledge_base.index, "chroma_installed", lambda: False)
    problems = [f.message for f in check_deployment(settings) if f.severity == PROBLEM]
    assert len(problems) == 1 and "pip install 'sofia[chroma]'" in problems[0] and "127.0.0.1:8001" in problems[0]
    assert not [f for f in check_deployment(make_settings(tmp_path / "data", knowledge, telegram_bot_token=GOOD_TOKEN))
                if "chroma" in f.message.lower()]  # the default store needs nothing more
    monkeypatch.setitem(sys.modules, "chromadb", None)  # what an install without the extra sees
    with pytest.raises(bot.knowledge_base.index.ChromaMissing, match=r"sofia\[chroma\]"):
        bot.knowledge_base.index.VectorStore.open(tmp_path / "data", "127.0.0.1:8001")
