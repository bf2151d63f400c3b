"""A Bot API server on loopback that behaves like Telegram's, for running Sofia unmodified.

It speaks HTTP on 127.0.0.1 (a free port), answers in Telegram's JSON shapes, and keeps state the
way Telegram does: updates wait in a queue until a getUpdates call confirms them with its offset
(long polling with ``timeout``), or are POSTed to the webhook once one is set; messages the bot
sends can be edited; callback queries must be answered once; HTML must parse; photos come as
multipart uploads and must be images; files users send are served by getFile and downloaded from
``/file/bot<token>/<file_path>``, and a file over 20 MB is refused as Telegram refuses it.

Tests act as people through :class:`FakeUser` (``anna.send("/start")``, ``anna.press("Timrå")``,
``await anna.receive(2)``) and can make the next calls of a method fail with 429 (and
``retry_after``), 500, 502, 400, 403 (the user blocked the bot, or it was removed from the group), a
dropped connection, a connection dropped after the message was accepted, or a call that hangs
until released. Like Telegram it counts a message's length in UTF-16 units after parsing its
HTML, refuses an edit that changes nothing ("message is not modified") and a callback query
answered twice.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import itertools
import json
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from telegram_html import MAX_MESSAGE_LENGTH, HTMLError, parse_html, utf16_length
from fake_people import Chat, FakeUser, message_entities

# Parameters that are strings even when they look like JSON or numbers.
STRING_PARAMS = {
    "text", "caption", "parse_mode", "callback_query_id", "description", "short_description",
    "language_code", "url", "secret_token", "action", "inline_message_id", "ip_address",
}
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
# The Bot API lets bots download files of at most 20 MB.
MAX_DOWNLOAD = 20 * 1024 * 1024
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ApiError(Exception):
    """A Bot API error reply."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Call:
    """One request the bot made, and how it ended (``ok``, an error code, or ``dropped``)."""

    method: str
    params: dict[str, Any]
    outcome: str = "ok"
    at: float = field(default_factory=time.monotonic)


@dataclass
class BotMessage:
    """A message the bot sent, as the chat shows it now (edits applied)."""

    message_id: int
    chat_id: int
    html: str
    parse_mode: str | None
    reply_markup: dict | None
    reply_to: int | None = None
    edits: list[str] = field(default_factory=list)
    sent_at: float = field(default_factory=time.monotonic)
    photo: bytes | None = None  # the uploaded image of a sendPhoto; ``html`` is then its caption

    @property
    def text(self) -> str:
        """What the user reads: markup removed and entities decoded."""
        return parse_html(self.html) if self.parse_mode == "HTML" else self.html

    @property
    def buttons(self) -> list[list[str]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[b["text"] for b in row] for row in rows]

    def button_data(self, label: str) -> str | None:
        for row in (self.reply_markup or {}).get("inline_keyboard", []):
            for b in row:
                if b["text"] == label:
                    return b.get("callback_data")
        return None


class BotAPIServer:
    """The Bot API on loopback. Use as a context manager or call start() / stop()."""

    def __init__(self, token: str = "123456:TEST-token", username: str = "sofia_test_bot") -> None:
        self.token = token
        self.bot = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "Sofia",
                    "username": username, "can_join_groups": True,
                    "can_read_all_group_messages": False, "supports_inline_queries": False}
        self.calls: list[Call] = []
        self.messages: list[BotMessage] = []
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.callback_answers: dict[str, dict] = {}
        self.open_queries: set[str] = set()
        self.webhook: dict | None = None
        self.webhook_deliveries: list[int] = []
        self.errors: list[str] = []  # failures of this server itself; a test should see none
        self.files: dict[str, dict] = {}  # file_id -> {"data", "size", "path"}: what users sent
        self.downloads: list[str] = []  # file paths the bot downloaded
        self._cond = threading.Condition()
        self._updates: deque[dict] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._user_ids = itertools.count(1001)
        self._query_ids = itertools.count(1)
        self._by_id: dict[tuple[int, int], BotMessage] = {}
        self._by_chat: dict[int, list[BotMessage]] = defaultdict(list)
        self._faults: dict[str, deque[tuple[str, float]]] = defaultdict(deque)
        self.blocked: set[int] = set()
        # After a 429, Telegram refuses the same chat's calls until retry_after has passed.
        self._flood_until: dict[tuple[str, str], float] = {}  # chats that refuse the bot for good (403)
        self.release = threading.Event()  # lets "hang" calls go on
        self.hanging: list[Call] = []
        self._stopping = False
        self._httpd: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> BotAPIServer:
        server = self

        class Handler(_Handler):
            api = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        for target in (self._httpd.serve_forever, self._deliver_webhooks):
            t = threading.Thread(target=target, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        self.release.set()
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()

    def __enter__(self) -> BotAPIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """What goes in TELEGRAM_API_URL: the token and method are appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- people and updates -----------------------------------------------------------------

    def user(self, first_name: str = "Anna", language_code: str | None = "sv",
             user_id: int | None = None, username: str | None = None) -> FakeUser:
        return FakeUser(self, user_id or next(self._user_ids), first_name, language_code, username)

    def group(self, title: str = "Sociala företag i Timrå") -> Chat:
        return Chat(id=-1000000000000 - next(self._user_ids), type="supergroup", title=title)

    def push_update(self, kind: str, payload: dict) -> int:
        """Queue an update of ``kind`` ("message", "callback_query", ...); returns its id."""
        with self._cond:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, kind: payload})
            self._cond.notify_all()
        return update_id

    def add_file(self, data: bytes, file_size: int | None = None) -> str:
        """Keep a file a user sends; ``file_size`` may claim more than ``data`` holds (a huge file)."""
        with self._cond:
            n = len(self.files) + 1
            file_id = f"BQACAgQAAx{n:06d}"
            self.files[file_id] = {"data": data, "size": len(data) if file_size is None else file_size,
                                   "path": f"documents/file_{n}", "unique": f"AgAD{n:04d}"}
        return file_id

    def file_bytes(self, token: str, file_path: str) -> bytes | None:
        """A file's bytes for a download URL's path, or None when there is no such file."""
        if token != self.token:
            return None
        with self._cond:
            found = next((f for f in self.files.values() if f["path"] == file_path), None)
            if found is not None:
                self.downloads.append(file_path)
        return found["data"] if found else None

    def new_message_id(self) -> int:
        return next(self._message_ids)

    def new_query_id(self) -> str:
        with self._cond:
            query_id = f"q{next(self._query_ids)}"
            self.open_queries.add(query_id)
        return query_id

    def message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._by_id.get((chat_id, message_id))

    def bot_messages(self, chat_id: int) -> list[BotMessage]:
        with self._cond:
            return list(self._by_chat.get(chat_id, ()))

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    # -- what the bot did -------------------------------------------------------------------

    def sent(self, method: str, outcome: str | None = "ok") -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and outcome in (None, c.outcome)]

    def fail_next(self, method: str, mode: str = "429", times: int = 1, retry_after: float = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail: "429" (with ``retry_after``), "500",
        "502", "400", "403", "drop" (the connection is cut before the call is handled),
        "accept_drop" (handled, then cut: the bot cannot know it succeeded) or "hang" (the call waits
        until ``release`` is set, as a kill in mid-request would leave it) or "hold" (the call waits
        until ``release`` is set, then is handled: a slow request)."""
        assert mode in ("429", "500", "502", "400", "403", "drop", "accept_drop", "hang", "hold")
        with self._cond:
            self._faults[method].extend([(mode, retry_after)] * times)

    async def until(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "",
                    interval: float = 0.02) -> Any:
        """Wait (without blocking the event loop) until ``predicate()`` is truthy; return it."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
            await asyncio.sleep(interval)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
        """Like until(), for code that is not in an event loop."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (value := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
                self._cond.wait(min(remaining, 0.1))
        return value

    # -- the HTTP side ----------------------------------------------------------------------

    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict | None]:
        """Answer one call: (status, JSON body), or (0, None) to drop the connection."""
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        call = Call(method, params)
        flood = (method, str(params.get("chat_id")))
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()
            fault = self._faults[method].popleft() if self._faults[method] else None
            wait = self._flood_until.get(flood, 0) - time.monotonic()
            if fault is None and wait > 0 and params.get("chat_id") is not None:  # too early: the bot did not wait out retry_after
                fault = ("429", max(1, round(wait)))
            if fault and fault[0] == "429":
                self._flood_until[flood] = time.monotonic() + fault[1]
        if fault and fault[0] == "hold":
            with self._cond:
                self.hanging.append(call)
                self._cond.notify_all()
            self.release.wait()
            fault = None
        if fault and fault[0] in ("accept_drop", "hang"):
            call.outcome = fault[0]
            if fault[0] == "hang":
                with self._cond:
                    self.hanging.append(call)
                    self._cond.notify_all()
                self.release.wait()
                return 0, None
            handler = getattr(self, f"_api_{method}")
            try:
                handler(params)
            except ApiError:
                pass
            return 0, None
        if fault:
            mode, retry_after = fault
            call.outcome = mode
            if mode == "drop":
                return 0, None
            if mode == "403":
                return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            if mode == "502":
                return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            if mode == "429":
                return 429, {"ok": False, "error_code": 429,
                             "description": f"Too Many Requests: retry after {retry_after}",
                             "parameters": {"retry_after": retry_after}}
            if mode == "400":
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        handler = getattr(self, f"_api_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            result = handler(params)
        except ApiError as exc:
            call.outcome = str(exc.code)
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return exc.code, body
        except Exception as exc:  # noqa: BLE001 - a bug here must not look like a network error
            call.outcome = "error"
            self.errors.append(f"{method}: {exc!r}")
            return 500, {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"}
        finally:
            with self._cond:
                self._cond.notify_all()
        return 200, {"ok": True, "result": result}

    # -- Bot API methods --------------------------------------------------------------------

    def _api_getMe(self, p: dict) -> dict:
        return self.bot

    def _api_getUpdates(self, p: dict) -> list[dict]:
        offset, limit = int(p.get("offset") or 0), int(p.get("limit") or 100)
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        allowed = p.get("allowed_updates") or None
        with self._cond:
            if self.webhook:
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                    "use deleteWebhook to delete the webhook first")
            while True:
                while self._updates and self._updates[0]["update_id"] < offset:
                    self._updates.popleft()
                ready = [u for u in self._updates if allowed is None or set(u) & set(allowed)]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._stopping:
                    return ready[:limit]
                self._cond.wait(min(remaining, 0.5))

    def _api_setWebhook(self, p: dict) -> bool:
        secret = p.get("secret_token")
        if secret is not None and not SECRET.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if not str(p.get("url", "")).startswith(("https://", "http://")):
            raise ApiError(400, "Bad Request: bad webhook: an HTTPS URL must be provided for webhook")
        with self._cond:
            if p.get("drop_pending_updates"):
                self._updates.clear()
            self.webhook = {"url": p["url"], "secret_token": secret,
                            "allowed_updates": p.get("allowed_updates")}
            self._cond.notify_all()
        return True

    def _api_deleteWebhook(self, p: dict) -> bool:
        with self._cond:
            self.webhook = None
            if p.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _api_getWebhookInfo(self, p: dict) -> dict:
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": self.pending_updates()}

    def _api_sendMessage(self, p: dict) -> dict:
        chat_id = self._chat_id(p)
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat" if chat_id < 0
                           else "Forbidden: bot was blocked by the user")
        self._check_text(p.get("text"), p.get("parse_mode"))
        self._check_markup(p.get("reply_markup"))
        reply_to = (p.get("reply_parameters") or {}).get("message_id") or p.get("reply_to_message_id")
        msg = BotMessage(self.new_message_id(), chat_id, p["text"], p.get("parse_mode"),
                         p.get("reply_markup"), reply_to)
        with self._cond:
            self.messages.append(msg)
            self._by_id[(chat_id, msg.message_id)] = msg
            self._by_chat[chat_id].append(msg)
        return self.message_json(msg)

    def _api_sendPhoto(self, p: dict) -> dict:
        chat_id = self._chat_id(p)
        photo = p.get("photo")
        if not isinstance(photo, bytes) or not photo.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = p.get("caption") or ""
        if caption:
            self._check_text(caption, p.get("parse_mode"))
            if utf16_length(parse_html(caption) if p.get("parse_mode") == "HTML" else caption) > 1024:
                raise ApiError(400, "Bad Request: message caption is too long")
        self._check_markup(p.get("reply_markup"))
        reply_to = (p.get("reply_parameters") or {}).get("message_id") or p.get("reply_to_message_id")
        msg = BotMessage(self.new_message_id(), chat_id, caption, p.get("parse_mode"), p.get("reply_markup"),
                         reply_to, photo=photo)
        with self._cond:
            self.messages.append(msg)
            self._by_id[(chat_id, msg.message_id)] = msg
            self._by_chat[chat_id].append(msg)
        return self.message_json(msg)

    def _api_editMessageText(self, p: dict) -> dict:
        msg = self._find(p)
        self._check_text(p.get("text"), p.get("parse_mode"))
        self._check_markup(p.get("reply_markup"))
        if msg.html == p["text"] and msg.reply_markup == p.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply "
                                "markup of the message")
        with self._cond:
            msg.edits.append(msg.html)
            msg.html, msg.parse_mode, msg.reply_markup = p["text"], p.get("parse_mode"), p.get("reply_markup")
        return self.message_json(msg)

    def _api_editMessageReplyMarkup(self, p: dict) -> dict:
        msg = self._find(p)
        self._check_markup(p.get("reply_markup"))
        if msg.reply_markup == p.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        with self._cond:
            msg.reply_markup = p.get("reply_markup")
        return self.message_json(msg)

    def _api_answerCallbackQuery(self, p: dict) -> bool:
        query_id = p.get("callback_query_id")
        with self._cond:
            if query_id not in self.open_queries or query_id in self.callback_answers:
                raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                                    "query ID is invalid")
            if len(p.get("text") or "") > 200:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            self.callback_answers[query_id] = p
        return True

    def _api_getFile(self, p: dict) -> dict:
        found = self.files.get(str(p.get("file_id")))
        if found is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if found["size"] > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": p["file_id"], "file_unique_id": found["unique"], "file_size": found["size"],
                "file_path": found["path"]}

    def _api_sendChatAction(self, p: dict) -> bool:
        self._chat_id(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _api_setMyCommands(self, p: dict) -> bool:
        commands = p.get("commands") or []
        for c in commands:
            if not COMMAND.match(c.get("command", "")) or not 1 <= len(c.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[(json.dumps(p.get("scope") or {"type": "default"}, sort_keys=True),
                       p.get("language_code") or "")] = commands
        return True

    def _api_setMyDescription(self, p: dict) -> bool:
        return self._set_description("description", p, 512)

    def _api_setMyShortDescription(self, p: dict) -> bool:
        return self._set_description("short_description", p, 120)

    # -- helpers ----------------------------------------------------------------------------

    def _set_description(self, key: str, p: dict, limit: int) -> bool:
        text = p.get(key) or ""
        if len(text) > limit:
            raise ApiError(400, f"Bad Request: {key} is too long")
        self.descriptions[(key, p.get("language_code") or "")] = text
        return True

    def _chat_id(self, p: dict) -> int:
        try:
            return int(p["chat_id"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def _find(self, p: dict) -> BotMessage:
        msg = self._by_id.get((self._chat_id(p), int(p.get("message_id") or 0)))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return msg

    def _check_text(self, text: str | None, parse_mode: str | None) -> None:
        if not text or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = text
        if parse_mode == "HTML":
            try:
                visible = parse_html(text)
            except HTMLError as exc:
                raise ApiError(400, f"Bad Request: {exc}") from None
        elif parse_mode is not None:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
        if utf16_length(visible) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")

    def _check_markup(self, markup: dict | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if not button.get("text") or (data is not None and not 1 <= len(data.encode()) <= 64):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def message_json(self, msg: BotMessage) -> dict:
        out = {"message_id": msg.message_id, "from": self.bot, "chat": self.chat_json(msg.chat_id),
               "date": int(time.time()), "text": parse_html(msg.html) if msg.parse_mode == "HTML" else msg.html}
        if msg.photo is not None:
            out["caption"] = out.pop("text")
            out["photo"] = [{"file_id": f"photo{msg.message_id}", "file_unique_id": f"p{msg.message_id}",
                             "width": 1000, "height": 700, "file_size": len(msg.photo)}]
        if msg.edits:
            out["edit_date"] = int(time.time())
        if msg.reply_markup:
            out["reply_markup"] = msg.reply_markup
        return out

    def chat_json(self, chat_id: int) -> dict:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        return {"id": chat_id, "type": "supergroup", "title": "Group"}

    def _deliver_webhooks(self) -> None:
        """POST queued updates to the webhook, one at a time, as Telegram does."""
        while True:
            with self._cond:
                while not self._stopping and not (self.webhook and self._updates):
                    self._cond.wait(0.5)
                if self._stopping:
                    return
                hook, update = dict(self.webhook), self._updates[0]
                allowed = hook["allowed_updates"]
                if allowed and not set(update) & set(allowed):
                    self._updates.popleft()  # Telegram does not deliver what was not asked for
                    continue
            headers = {"Content-Type": "application/json"}
            if hook["secret_token"]:
                headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
            request = urllib.request.Request(hook["url"], json.dumps(update).encode(), headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status = response.status
            except Exception as exc:  # noqa: BLE001 - any failure means "try again"
                status = getattr(exc, "code", 0)
            with self._cond:
                self.webhook_deliveries.append(status)
                if status == 200 and self._updates and self._updates[0] is update:
                    self._updates.popleft()
                self._cond.notify_all()
            if status != 200:
                time.sleep(0.2)


class _Handler(BaseHTTPRequestHandler):
    """Routes POST/GET /bot<token>/<method> to the server, keeping connections alive."""

    protocol_version = "HTTP/1.1"
    api: BotAPIServer
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError):
            pass  # the bot gave up on a request (e.g. cancelled it): Telegram never sees it

    def do_GET(self) -> None:
        path = urllib.parse.unquote(self.path.partition("?")[0])  # clients quote the token's ":"
        m = re.fullmatch(r"/file/bot([^/]+)/(.+)", path)
        if m is None:
            return self.do_POST()
        data = self.api.file_bytes(m.group(1), m.group(2))
        if data is None:
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        m = re.fullmatch(r"/bot([^/]+)/(\w+)", path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(body) < length:  # the request was cut off: there is nothing to answer
            self.close_connection = True
            return
        if not m:
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        params = _parse_params(self.headers.get("Content-Type", ""), body, query)
        status, payload = self.api.handle(m.group(1), m.group(2), params)
        if payload is None:  # drop the connection without an answer
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._reply(status, payload)

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the bot gave up on this request (e.g. stopping)


def _parse_params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Request parameters as Telegram reads them: query string, form or JSON body."""
    raw: dict[str, Any] = dict(urllib.parse.parse_qsl(query))
    if content_type.startswith("multipart/form-data") and body:
        raw.update(_multipart(content_type, body))
    elif content_type.startswith("application/json") and body:
        raw.update(json.loads(body))
        return raw
    elif body:
        raw.update(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in STRING_PARAMS or not isinstance(value, str):
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """The fields of a multipart/form-data body: uploaded files as bytes, the rest as text."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields[name] = payload if part.get_filename() else payload.decode()
    return fields


__all__ = ["BotAPIServer", "BotMessage", "Call", "Chat", "FakeUser", "message_entities"]
