"""`sofia run` as operators start it: a process configured by the environment, polling or webhook."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bot.channels.telegram import run
from telegram_harness import KNOWLEDGE, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sofia(server, data_dir: Path, cwd: Path, **env: str) -> subprocess.Popen:
    """`sofia -v run` with only this test's configuration (no .env, no inherited Telegram settings)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SOFIA_"))}
    clean.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_API_URL=server.base_url,
        TELEGRAM_BOT_TOKEN=server.token,
        SOFIA_DATA_DIR=str(data_dir),
        SOFIA_KNOWLEDGE_DIR=str(KNOWLEDGE),
    )
    clean.update(env)
    return subprocess.Popen(
        [sys.executable, "-m", "bot.channels.cli", "-v", "run"],
        cwd=cwd, env=clean, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def stop(process: subprocess.Popen) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr


def stop_after_exit(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _, stderr = process.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, stderr


async def test_polling_process_answers_and_stops_cleanly(core, data_dir, server, tmp_path):
    process = start_sofia(server, data_dir, tmp_path)
    try:
        await server.until(lambda: server.sent("setMyCommands") or process.poll() is not None, timeout=180,
                           what="the bot to start")
        anna = server.user("Anna")
        anna.send("/start")
        greeting, picker = await anna.receive(2)
        assert greeting.text.startswith("Hej Anna!")
        assert server.sent("deleteWebhook")  # polling clears any webhook first
        assert server.sent("getUpdates")[-1].params["allowed_updates"] == ["message", "callback_query"]
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr[-2000:]
    assert server.token not in stderr
    assert "receiving updates by long polling" in stderr


async def test_webhook_process_checks_the_secret_token(core, data_dir, server, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    process = start_sofia(server, data_dir, tmp_path, SOFIA_WEBHOOK_URL=url, SOFIA_WEBHOOK_LISTEN="127.0.0.1",
                          SOFIA_WEBHOOK_PORT=str(port), SOFIA_WEBHOOK_SECRET="s3cret-token_1")
    try:
        await server.until(lambda: server.webhook or process.poll() is not None, timeout=180, what="setWebhook")
        assert server.webhook == {"url": url, "secret_token": "s3cret-token_1",
                                  "allowed_updates": ["message", "callback_query"]}
        anna = server.user("Anna", language_code="en")
        anna.send("/start")  # delivered to the webhook by the server, with the secret
        greeting, _ = await anna.receive(2)
        assert greeting.text.startswith("Hi Anna!")
        assert 200 in server.webhook_deliveries

        forged = json.dumps({"update_id": 999, "message": {"message_id": 1, "date": 0, "text": "/start",
                             "chat": {"id": 66, "type": "private"}, "from": {"id": 66, "is_bot": False, "first_name": "M"}}})
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            request = urllib.request.Request(url, forged.encode(), {"Content-Type": "application/json", **headers})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 403
        assert server.bot_messages(66) == []
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr[-2000:]
    assert "s3cret-token_1" not in stderr and server.token not in stderr


def test_a_rejected_token_ends_with_a_message(core, data_dir, server, tmp_path):
    process = start_sofia(server, data_dir, tmp_path, TELEGRAM_BOT_TOKEN="999:not-the-token")
    code, stderr = stop_after_exit(process)
    assert code == 1
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in stderr
    assert "not-the-token" not in stderr


def test_a_missing_token_ends_with_a_message(core, capsys):
    services = dataclasses.replace(core, settings=core.settings.model_copy(update={"telegram_bot_token": None}))
    assert run(services) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err
