"""Telegram's HTML parse mode, checked as strictly as the Bot API documents it.

``parse_html(text)`` returns the text a user sees (tags removed, entities decoded) or raises
``HTMLError`` with the description Telegram gives ("Can't parse entities: ...").
"""

from __future__ import annotations

import html
import re

# Tags the Bot API accepts, with the attributes each may carry.
ALLOWED_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "tg-spoiler": set(),
    "span": {"class"},
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}

TAG = re.compile(r"<(/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*(/?)>")
ATTR = re.compile(r"([a-z-]+)(?:=\"([^\"]*)\")?")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
MAX_MESSAGE_LENGTH = 4096


class HTMLError(ValueError):
    """The text would be rejected by Telegram."""


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of a Telegram HTML message; HTMLError if Telegram would refuse it."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            m = TAG.match(text, i)
            if not m:
                raise HTMLError(f"Can't parse entities: unexpected character '<' at byte offset {i}")
            closing, name, attrs, _ = m.groups()
            if name not in ALLOWED_TAGS:
                raise HTMLError(f"Can't parse entities: unsupported start tag \"{name}\" at byte offset {i}")
            if closing:
                if not stack or stack[-1] != name:
                    raise HTMLError(
                        f"Can't parse entities: can't find end tag corresponding to start tag \"{name}\""
                    )
                stack.pop()
            else:
                for attr, _value in ATTR.findall(attrs):
                    if attr not in ALLOWED_TAGS[name]:
                        raise HTMLError(f"Can't parse entities: unsupported attribute \"{attr}\"")
                if name in ("blockquote", "pre") and name in stack:
                    raise HTMLError(f"Can't parse entities: nested \"{name}\" is not supported")
                stack.append(name)
            i = m.end()
        elif ch == "&":
            m = ENTITY.match(text, i)
            if not m:
                raise HTMLError(f"Can't parse entities: unsupported entity at byte offset {i}")
            out.append(html.unescape(m.group(0)))
            i = m.end()
        elif ch == ">":
            raise HTMLError(f"Can't parse entities: unexpected character '>' at byte offset {i}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise HTMLError(f"Can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)
