"""The loopback Bot API server itself behaves like Telegram where the bot depends on it."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from bot_api_server import BotAPIServer


@pytest.fixture
def api():
    with BotAPIServer() as server:
        with httpx.Client(base_url=f"{server.base_url}{server.token}/", timeout=10) as client:
            yield server, client


def call(client: httpx.Client, method: str, **params) -> tuple[int, dict]:
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = client.post(method, data=data)
    return response.status_code, response.json()


def test_get_updates_long_polls_and_confirms_by_offset(api):
    server, client = api
    user = server.user("Anna")
    # The update is sent only once the call is waiting: it is the long poll that returns it.
    sender = threading.Thread(target=lambda: (server.wait_for(lambda: server.sent("getUpdates"), what="the poll"),
                                              user.send("hej")))
    sender.start()
    status, body = call(client, "getUpdates", timeout=60)
    sender.join()
    assert status == 200
    [update] = body["result"]
    assert update["message"]["text"] == "hej"
    assert call(client, "getUpdates", offset=update["update_id"], timeout=0)[1]["result"] == [update]
    assert call(client, "getUpdates", offset=update["update_id"] + 1, timeout=0)[1]["result"] == []
    assert server.pending_updates() == 0


def test_wrong_token_and_unknown_methods(api):
    server, _ = api
    response = httpx.post(f"{server.base_url}999:nope/getMe")
    assert response.status_code == 401 and response.json()["description"] == "Unauthorized"
    response = httpx.post(f"{server.base_url}{server.token}/sendTelepathy")
    assert response.status_code == 404


def test_messages_are_checked_like_telegram(api):
    server, client = api
    assert call(client, "sendMessage", chat_id=1, text="<b>fet", parse_mode="HTML")[0] == 400
    assert call(client, "sendMessage", chat_id=1, text="x" * 4097)[1]["description"] == "Bad Request: message is too long"
    assert call(client, "sendMessage", chat_id=1, text=" ")[0] == 400
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "x" * 65}]]}
    assert call(client, "sendMessage", chat_id=1, text="a", reply_markup=markup)[0] == 400
    status, body = call(client, "sendMessage", chat_id=1, text="&lt;ok&gt;", parse_mode="HTML")
    assert status == 200 and body["result"]["text"] == "<ok>"
    message_id = body["result"]["message_id"]
    same = call(client, "editMessageText", chat_id=1, message_id=message_id, text="&lt;ok&gt;", parse_mode="HTML")
    assert same[1]["description"].startswith("Bad Request: message is not modified")
    assert call(client, "editMessageText", chat_id=1, message_id=999, text="x")[0] == 400
    assert server.bot_messages(1)[0].text == "<ok>"


def test_callback_queries_are_answered_once(api):
    server, client = api
    user = server.user()
    status, body = call(client, "sendMessage", chat_id=user.id, text="?",
                        reply_markup={"inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}]]})
    query = user.press("Ja")
    assert call(client, "answerCallbackQuery", callback_query_id=query)[0] == 200
    assert call(client, "answerCallbackQuery", callback_query_id=query)[0] == 400
    assert call(client, "answerCallbackQuery", callback_query_id="made-up")[0] == 400


def test_faults_are_injected_then_cleared(api):
    server, client = api
    server.fail_next("getMe", "429", retry_after=3)
    server.fail_next("getMe", "500")
    status, body = call(client, "getMe")
    assert status == 429 and body["parameters"] == {"retry_after": 3}
    assert call(client, "getMe")[0] == 500
    server.fail_next("getMe", "drop")
    with pytest.raises(httpx.RemoteProtocolError):
        call(client, "getMe")
    assert call(client, "getMe")[0] == 200
    assert [c.outcome for c in server.sent("getMe", outcome=None)] == ["429", "500", "drop", "ok"]


def test_telegrams_own_refusals_and_the_faults_of_this_issue(api):
    server, client = api
    user = server.user()
    # Length is counted in UTF-16 units of the text after its HTML is parsed.
    assert call(client, "sendMessage", chat_id=user.id, text="&amp;" * 4096, parse_mode="HTML")[0] == 200
    status, body = call(client, "sendMessage", chat_id=user.id, text="😀" * 2049)
    assert status == 400 and body["description"] == "Bad Request: message is too long"
    assert call(client, "sendMessage", chat_id=user.id, text="<b>x", parse_mode="HTML")[0] == 400
    # A 429 holds for retry_after: calling again for the chat before then is refused again.
    server.fail_next("sendMessage", "429", retry_after=30)
    assert call(client, "sendMessage", chat_id=user.id, text="a")[0] == 429
    assert call(client, "sendMessage", chat_id=user.id, text="b")[0] == 429
    other = server.user("Bo")
    for mode, status in (("403", 403), ("502", 502)):
        server.fail_next("sendMessage", mode)
        assert call(client, "sendMessage", chat_id=other.id, text="x")[0] == status
    server.blocked.add(other.id)
    assert call(client, "sendMessage", chat_id=other.id, text="x")[1]["description"].startswith("Forbidden")
    server.blocked.clear()
    # Accepted, then the connection dropped: the message is there although the caller saw no answer.
    server.fail_next("sendMessage", "accept_drop")
    with pytest.raises(httpx.RemoteProtocolError):
        call(client, "sendMessage", chat_id=other.id, text="kom fram")
    assert [m.text for m in other.messages()] == ["kom fram"]


def test_webhook_blocks_polling(api):
    server, client = api
    assert call(client, "setWebhook", url="https://example.org/hook", secret_token="bad secret!")[0] == 400
    assert call(client, "setWebhook", url="https://example.org/hook", secret_token="s3cret_-")[0] == 200
    assert call(client, "getUpdates")[0] == 409
    assert call(client, "deleteWebhook")[0] == 200
    assert call(client, "getUpdates")[0] == 200
