"""Keeping secrets out of the logs: the bot token and the webhook secret never reach a log line.

Bot API URLs contain the token (httpx logs every URL at INFO), and python-telegram-bot puts the
token in the message of ``InvalidToken``. Message text is never logged by Sofia's own code.
"""

from __future__ import annotations

import logging

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces the given secrets in a record's message and traceback before it is written."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True


_redactor = RedactSecrets()


def quiet_http_logs() -> None:
    """httpx logs each request URL, which holds the token, at INFO: keep it to warnings."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


def protect_logs(*secrets: str | None) -> None:
    """Redact these secrets from everything the root logger's handlers write from now on."""
    quiet_http_logs()
    _redactor.secrets.update(s for s in secrets if s)
    for handler in logging.getLogger().handlers:
        if _redactor not in handler.filters:
            handler.addFilter(_redactor)
