"""People and chats for the loopback Bot API server: they send what Telegram clients send.

``FakeUser.send`` builds a message update with the entities Telegram adds (bot commands,
@mentions, offsets in UTF-16 units); ``press`` presses an inline button on a message the bot
sent; ``receive`` waits for the bot's next messages in a chat.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot_api_server import BotAPIServer, BotMessage

# What Telegram puts in a message for things that are not text.
ATTACHMENTS = {
    "photo": {"photo": [{"file_id": "AgAD1", "file_unique_id": "p1", "width": 90, "height": 90,
                         "file_size": 1200},
                        {"file_id": "AgAD2", "file_unique_id": "p2", "width": 800, "height": 800,
                         "file_size": 52000}]},
    "voice": {"voice": {"file_id": "AwAD1", "file_unique_id": "v1", "duration": 4,
                        "mime_type": "audio/ogg", "file_size": 9000}},
    "sticker": {"sticker": {"file_id": "CAAD1", "file_unique_id": "s1", "type": "regular",
                            "width": 512, "height": 512, "is_animated": False, "is_video": False,
                            "emoji": "👍"}},
    "document": {"document": {"file_id": "BQAD1", "file_unique_id": "d1",
                              "file_name": "affärsplan.pdf", "mime_type": "application/pdf",
                              "file_size": 88000}},
    "location": {"location": {"latitude": 62.4869, "longitude": 17.3258}},
    "contact": {"contact": {"phone_number": "+46701234567", "first_name": "Bo"}},
}

MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}")
COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_entities(text: str) -> list[dict]:
    """The entities a Telegram client attaches to ``text``: a leading command, @mentions."""
    entities = []
    if m := COMMAND.match(text):
        entities.append({"type": "bot_command", "offset": 0, "length": _utf16(m.group(0))})
    for m in MENTION.finditer(text):
        if m.start() == 0 or text[m.start() - 1].isspace():
            entities.append({"type": "mention", "offset": _utf16(text[: m.start()]),
                             "length": _utf16(m.group(0))})
    return entities


@dataclass(frozen=True)
class Chat:
    """A chat: a user's private chat with the bot, or a group."""

    id: int
    type: str = "private"
    title: str | None = None

    def json(self, user: FakeUser | None = None) -> dict:
        if self.type == "private" and user is not None:
            return {"id": self.id, "type": "private", "first_name": user.first_name}
        return {"id": self.id, "type": self.type, "title": self.title or "Chat"}


class FakeUser:
    """Someone chatting with the bot through the loopback server."""

    def __init__(self, server: BotAPIServer, user_id: int, first_name: str,
                 language_code: str | None, username: str | None) -> None:
        self.server, self.id, self.first_name = server, user_id, first_name
        self.language_code, self.username = language_code, username
        self.chat = Chat(id=user_id)
        self._read: dict[int, int] = {}

    def json(self) -> dict:
        out = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            out["language_code"] = self.language_code
        if self.username:
            out["username"] = self.username
        return out

    # -- sending ----------------------------------------------------------------------------

    def _message(self, chat: Chat | None, **fields: object) -> dict:
        chat = chat or self.chat
        return {"message_id": self.server.new_message_id(), "from": self.json(),
                "chat": chat.json(self), "date": int(time.time()), **fields}

    def send(self, text: str, chat: Chat | None = None, reply_to: BotMessage | None = None) -> int:
        """Send a text message (with the entities a client adds); returns its message id."""
        fields: dict[str, object] = {"text": text}
        if entities := message_entities(text):
            fields["entities"] = entities
        if reply_to is not None:
            fields["reply_to_message"] = self.server.message_json(reply_to)
        return self._push("message", self._message(chat, **fields))

    def send_attachment(self, kind: str, chat: Chat | None = None, caption: str | None = None) -> int:
        """Send a photo, voice note, sticker, document, location or contact; returns its message id."""
        fields = dict(ATTACHMENTS[kind])
        if caption:
            fields["caption"] = caption
        return self._push("message", self._message(chat, **fields))

    def send_document(self, data: bytes, file_name: str, mime_type: str = "application/pdf",
                      file_size: int | None = None, chat: Chat | None = None) -> int:
        """Send a file as a document (``file_size`` may claim more than ``data``); returns its message id."""
        file_id = self.server.add_file(data, file_size)
        found = self.server.files[file_id]
        document = {"file_id": file_id, "file_unique_id": found["unique"], "file_name": file_name,
                    "mime_type": mime_type, "file_size": found["size"]}
        return self._push("message", self._message(chat, document=document))

    def edit(self, text: str, chat: Chat | None = None) -> int:
        """An edited_message update, as when the user corrects an earlier message; returns its id."""
        return self._push("edited_message", self._message(chat, text=text, edit_date=int(time.time())))

    def _push(self, kind: str, message: dict) -> int:
        self.server.push_update(kind, message)
        return message["message_id"]

    def press(self, label: str, message: BotMessage | None = None, chat: Chat | None = None) -> str:
        """Press the button labelled ``label`` (on ``message``, or the latest message that has it)."""
        chat = chat or self.chat
        if message is None:
            candidates = [m for m in self.server.bot_messages(chat.id) if m.button_data(label)]
            assert candidates, f"no message in chat {chat.id} has a button {label!r}"
            message = candidates[-1]
        data = message.button_data(label)
        assert data is not None, f"no button {label!r} on message: {message.buttons}"
        return self.press_data(data, message)

    def press_data(self, data: str, message: BotMessage) -> str:
        """A callback query with ``data`` from ``message``; returns the query id."""
        query_id = self.server.new_query_id()
        self.server.push_update("callback_query", {
            "id": query_id, "from": self.json(), "chat_instance": f"ci{message.chat_id}",
            "message": self.server.message_json(message), "data": data,
        })
        return query_id

    # -- receiving --------------------------------------------------------------------------

    def messages(self, chat: Chat | None = None) -> list[BotMessage]:
        """Everything the bot has sent in the chat, as it looks now."""
        return self.server.bot_messages((chat or self.chat).id)

    async def receive(self, n: int = 1, chat: Chat | None = None, timeout: float = 60.0,
                      interval: float = 0.02) -> list[BotMessage]:
        """Wait for the bot's next ``n`` messages in the chat that this user has not read yet."""
        chat_id = (chat or self.chat).id
        start = self._read.get(chat_id, 0)

        def arrived() -> list[BotMessage] | None:
            sent = self.server.bot_messages(chat_id)
            return sent[start : start + n] if len(sent) >= start + n else None

        msgs = await self.server.until(arrived, timeout, f"{n} message(s) from the bot in chat {chat_id}", interval)
        self._read[chat_id] = start + n
        return msgs

    def unread(self, chat: Chat | None = None) -> list[BotMessage]:
        chat_id = (chat or self.chat).id
        return self.server.bot_messages(chat_id)[self._read.get(chat_id, 0):]
