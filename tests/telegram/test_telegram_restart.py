"""Nothing lost when `sofia run` is killed: a question Telegram already counts as delivered is
answered after the restart, once."""

from __future__ import annotations

import signal

from test_telegram_run import start_sofia, stop

QUESTION = "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?"


def own_data_dir(shared, tmp_path):
    """A data directory of the test's own (its database) over the session's index."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in ("index", "chroma"):
        if (shared / name).exists():
            (data_dir / name).symlink_to(shared / name)
    return data_dir


async def test_a_question_confirmed_to_telegram_is_answered_after_a_kill(core, data_dir, server, tmp_path):
    data = own_data_dir(data_dir, tmp_path)
    first = start_sofia(server, data, tmp_path)
    anna = server.user("Anna")
    try:
        await server.until(lambda: server.sent("setMyCommands") or first.poll() is not None, timeout=180,
                           what="the bot to start")
        # The answer is held up in the middle of answering (its typing indicator hangs), after
        # Sofia fetched the update and so confirmed it to Telegram; then the process is killed.
        server.fail_next("sendChatAction", "hang")
        anna.send(QUESTION)
        await server.until(lambda: server.hanging and server.pending_updates() == 0, timeout=120,
                           what="the update to be confirmed while its answer is in progress")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    finally:
        stop(first)
        server.release.set()
    assert anna.messages() == []

    second = start_sofia(server, data, tmp_path)
    try:
        [answer] = await anna.receive(timeout=180)
        assert "Kommunstyrelsen har det övergripande ansvaret" in answer.text
        anna.send("/hjalp")  # the bot goes on, and the question is not answered a second time
        [help_message] = await anna.receive(timeout=60)
        assert help_message.text.startswith("Så använder du Sofia")
    finally:
        code, stderr = stop(second)
    assert code == 0, stderr[-2000:]
    assert len(anna.messages()) == 2
