"""`sofia check`: what the person deploying Sofia must still fill in or fix, in plain language.

Reads the settings, the files under knowledge/ and knowledge/contacts.yaml, and nothing else: no
index build, no embedding model, no network, so it answers in a moment and can serve as a
container's health check. A *problem* stops Sofia from running as configured (`sofia check`
exits 1); a *warning* is something founders would notice (no one to contact, an outdated policy)
while Sofia still runs. `sofia run` prints the same list when it starts.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings
from bot.knowledge_base.documents import DocumentError, discover, read_document

PROBLEM = "problem"
WARNING = "warning"
# The fields a deployment fills in per municipality (the rest of contacts.yaml comes from the documents).
CONTACT_FIELDS = ("email", "phone", "telegram_chat_id", "office_hours")
# What @BotFather hands out: the bot's numeric id, a colon, then 35 letters, digits, '-' or '_'.
_TOKEN_SHAPE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
_MUNICIPAL_TYPES = ("policy", "handlingsplan")


@dataclass(frozen=True)
class Finding:
    """One thing to fix: what is wrong, said so a non-programmer understands, and how to fix it."""

    severity: str
    message: str


def check_deployment(settings: Settings, today: date | None = None) -> list[Finding]:
    """Everything found, problems first; an empty list means nothing to fix."""
    today = today or date.today()
    findings = _token(settings) + _data_dir(settings.data_dir) + _vector_store(settings)
    documents = _documents(settings.knowledge_dir, today, findings)
    findings += _contacts(settings, documents)
    return sorted(findings, key=lambda f: f.severity != PROBLEM)


def can_run(findings: list[Finding]) -> bool:
    return not any(f.severity == PROBLEM for f in findings)


def format_findings(findings: list[Finding]) -> str:
    """The report `sofia check` prints; `sofia run` prints the same lines before it starts."""
    if not findings:
        return "Sofia check: everything Sofia needs is in place."
    problems = [f for f in findings if f.severity == PROBLEM]
    warnings = [f for f in findings if f.severity == WARNING]
    lines = [f"Sofia check: {len(problems)} problem(s), {len(warnings)} warning(s)."]
    if problems:
        lines += ["", "Problems (Sofia cannot run until they are fixed):"]
        lines += [f"  ✗ {f.message}" for f in problems]
    if warnings:
        lines += ["", "Warnings (Sofia runs, but founders will notice):"]
        lines += [f"  ! {f.message}" for f in warnings]
    return "\n".join(lines)


def missing_contact_fields(contact: dict[str, Any]) -> list[str]:
    """The contact fields still empty; all of them means nobody can be reached there."""
    return [name for name in CONTACT_FIELDS if contact.get(name) in (None, "")]


# ---- the checks --------------------------------------------------------------------------


def _vector_store(settings: Settings) -> list[Finding]:
    # Chroma is an extra the default install does without; asked for but missing, it would fail at
    # the first ingestion or question, so say now what to install.
    from bot.knowledge_base.index import chroma_installed, chroma_missing_message

    if settings.uses_chroma and not chroma_installed():
        return [Finding(PROBLEM, chroma_missing_message(settings.chroma_url))]
    return []


def _token(settings: Settings) -> list[Finding]:
    # Only the token's shape is looked at, and it is never printed: not even in part.
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    if not token:
        return [Finding(PROBLEM, "TELEGRAM_BOT_TOKEN is not set, so `sofia run` cannot start. Create a bot with "
                                 "@BotFather and put its token in the environment or in .env. (`sofia chat` and "
                                 "the other commands work without it.)")]
    if not _TOKEN_SHAPE.match(token):
        return [Finding(PROBLEM, "TELEGRAM_BOT_TOKEN does not look like a token from @BotFather (digits, a colon, "
                                 "then about 35 letters and digits). Copy it again, without quotes or spaces.")]
    return []


def _data_dir(data_dir: Path) -> list[Finding]:
    """Sofia writes its index and database here; try it rather than trust permission bits."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".sofia-check-"):
            pass
    except OSError as exc:
        owner = f" (it belongs to uid {data_dir.stat().st_uid}, Sofia runs as uid {os.getuid()})" if data_dir.exists() else ""
        return [Finding(PROBLEM, f"The data directory {data_dir} (SOFIA_DATA_DIR) is not writable: "
                                 f"{exc.strerror or exc}{owner}. Sofia keeps her index and database there; "
                                 "make it writable for the user Sofia runs as.")]
    return []


def _documents(root: Path, today: date, findings: list[Finding]) -> list[dict[str, Any]]:
    """Each readable document's metadata; what is missing or outdated in it goes into findings."""
    if not root.is_dir():
        findings.append(Finding(PROBLEM, f"The knowledge folder {root} (SOFIA_KNOWLEDGE_DIR) does not exist. "
                                         "Sofia answers only from the documents in it."))
        return []
    documents = []
    for path in discover(root):
        name = path.relative_to(root)
        try:
            meta = read_document(path, root).meta
        except DocumentError as exc:
            findings.append(Finding(WARNING, f"{name} cannot be read ({exc}); Sofia leaves it out."))
            continue
        documents.append({"name": str(name), "stem": path.stem, **meta})
        if not meta.get("date"):
            findings.append(Finding(WARNING, f"{name} has no date, so its answers are cited without one. "
                                             "Add `date:` (or `decided:`) to its front matter or NAME.meta.yaml."))
        if not meta.get("municipality") and meta.get("document_type") in _MUNICIPAL_TYPES:
            findings.append(Finding(WARNING, f"{name} is a {meta['document_type']} without a municipality, so Sofia "
                                             "treats it as guidance for every municipality. Add `municipality:` if it is one "
                                             "municipality's."))
        for key, label in (("review_by", "was to be reviewed by"), ("valid_until", "was valid until")):
            ended = _last_day(meta.get(key))
            if ended and ended < today:
                findings.append(Finding(WARNING, f"{name} {label} {meta[key]}: check that it still applies, then "
                                                 f"replace it or update `{key}:`."))
    if not documents:
        findings.append(Finding(PROBLEM, f"There are no readable documents in {root}: Sofia would have nothing to "
                                         "answer from. Add Markdown, text, PDF, Word or HTML files."))
    return documents


def _contacts(settings: Settings, documents: list[dict[str, Any]]) -> list[Finding]:
    path = settings.contacts_path
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return [Finding(WARNING, f"{path} is missing, so Sofia cannot point anyone to a person. Copy it from Sofia's "
                                 "repository and fill in the contact details.")]
    except (OSError, yaml.YAMLError) as exc:
        return [Finding(PROBLEM, f"{path} cannot be read as YAML ({type(exc).__name__}); fix the file.")]
    if not isinstance(data, dict):
        return [Finding(PROBLEM, f"{path} must hold `municipalities:` and `actors:` sections.")]
    findings: list[Finding] = []
    places = {**(data.get("actors") or {}), **(data.get("municipalities") or {})}
    for name, place in places.items():
        chat_id = ((place or {}).get("contact") or {}).get("telegram_chat_id")
        if chat_id not in (None, "") and not re.fullmatch(r"-?\d+", str(chat_id).strip()):
            findings.append(Finding(PROBLEM, f"{path}: the telegram_chat_id of {name} is {chat_id!r}, not a number. "
                                             "Use the chat's numeric id (a group's starts with -100)."))
    municipalities = data.get("municipalities") or {}
    with_documents = sorted({d["municipality"] for d in documents if d.get("municipality")})
    for name in with_documents:
        if name not in municipalities:
            findings.append(Finding(WARNING, f"{name} has documents but no entry in {path}; add one under "
                                             f"`municipalities:` with its contact details."))
            continue
        missing = missing_contact_fields((municipalities[name] or {}).get("contact") or {})
        if set(missing) >= {"email", "phone", "telegram_chat_id"}:
            findings.append(Finding(WARNING, f"{name} has documents but no contact details: a founder who asks for "
                                             f"a person there is told only which bodies are responsible. Fill in {', '.join(missing)} under municipalities → "
                                             f"{name} → contact in {path}."))
    has_chat = settings.handoff_chat_id is not None or any(
        ((p or {}).get("contact") or {}).get("telegram_chat_id") not in (None, "") for p in municipalities.values()
    )
    if not has_chat:
        findings.append(Finding(WARNING, "No contact chat is set, so in Telegram a founder's case cannot be handed to a "
                                         "person (Sofia shows contact details instead). Set SOFIA_HANDOFF_CHAT_ID, or "
                                         f"telegram_chat_id for a municipality in {path}."))
    return findings


def _last_day(value: Any) -> date | None:
    """The last day a date-like value covers: '2027-01-01', '2020' or '2018-2020'; None for free text."""
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    years = re.fullmatch(r"(?:\d{4}\s*[-–]\s*)?(\d{4})", text)
    return date(int(years.group(1)), 12, 31) if years else None
