"""Staff insight in Telegram: /statistik (a chart and its figures) and /obesvarade (the recent
questions the documents did not answer, masked, so staff know which documents to add).

The figures come from bot/records/insights.py through the channel's conversations; here they are only
put into words, in Swedish or English.
"""

from __future__ import annotations

from telegram import Update

from bot.channels.telegram.delivery import reply_html
from bot.channels.telegram.context import SofiaContext
from bot.channels.telegram.render import escape, pack
from bot.channels.telegram.texts import TEXTS, t
from bot.records.insights import Insight, Unanswered

STATS_DAYS = 30  # the period /statistik shows
UNANSWERED_LIMIT = 20  # how many questions /obesvarade lists
QUESTION_CHARS = 300  # ... each cut to this length

INSIGHT_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "stats_caption": (
            "<b>Sofia, senaste {days} dagarna</b>\n"
            "Frågor: {questions}\n"
            "Besvarade ur dokumenten: {answered} %\n"
            "Inte i dokumenten: {not_found} % · /obesvarade\n"
            "Till en människa: {handoff} %\n"
            "Återkoppling: 👍 {up} · 👎 {down}\n"
            "Vanligaste kommuner: {municipalities}\n"
            "Vanligaste ämnen: {topics}"
        ),
        "stats_none": "inga än",
        "unanswered_header": "<b>Frågor som dokumenten inte besvarade</b> (senaste {count})",
        "unanswered_none": "Inga obesvarade frågor sparade. (De sparas i {days} dagar.)",
        "unanswered_line": "• {day} · {municipality}: <i>{question}</i>",
        "unanswered_footer": "Personnummer, telefonnummer och e-postadresser är maskerade.",
        "no_municipality": "ingen kommun",
    },
    "en": {
        "stats_caption": (
            "<b>Sofia, last {days} days</b>\n"
            "Questions: {questions}\n"
            "Answered from the documents: {answered} %\n"
            "Not in the documents: {not_found} % · /unanswered\n"
            "Handed to a person: {handoff} %\n"
            "Feedback: 👍 {up} · 👎 {down}\n"
            "Most common municipalities: {municipalities}\n"
            "Most common topics: {topics}"
        ),
        "stats_none": "none yet",
        "unanswered_header": "<b>Questions the documents did not answer</b> (latest {count})",
        "unanswered_none": "No unanswered questions are stored. (They are kept for {days} days.)",
        "unanswered_line": "• {day} · {municipality}: <i>{question}</i>",
        "unanswered_footer": "Personal identity numbers, phone numbers and e-mail addresses are masked.",
        "no_municipality": "no municipality",
    },
}
for _language, _texts in INSIGHT_TEXTS.items():
    assert not set(_texts) & set(TEXTS[_language]), "a text key is used twice"
    TEXTS[_language].update(_texts)


def caption(figures: Insight, days: int, language: str) -> str:
    """The chart's caption: the period's totals, shares, feedback and most common places and topics."""

    def top(pairs: list[tuple[str, int]], n: int) -> str:
        return ", ".join(f"{name} ({count})" for name, count in pairs[:n]) or t(language, "stats_none")

    return t(
        language, "stats_caption", days=days, questions=figures.total("questions"),
        answered=figures.share("answered"), not_found=figures.share("not_found"), handoff=figures.share("handoff"),
        up=figures.total("thumbs_up"), down=figures.total("thumbs_down"),
        municipalities=top(figures.municipalities, 3), topics=top(figures.topics, 3),
    )[:1024]


def unanswered_messages(questions: list[Unanswered], language: str, retention_days: int) -> list[str]:
    """The unanswered questions, newest first, one line each, in as few messages as fit."""
    if not questions:
        return [t(language, "unanswered_none", days=retention_days)]
    lines = [t(language, "unanswered_header", count=len(questions))]
    for q in questions:
        text = q.question if len(q.question) <= QUESTION_CHARS else q.question[: QUESTION_CHARS - 1] + "…"
        where = q.municipality or t(language, "no_municipality")
        lines.append(t(language, "unanswered_line", day=q.day, municipality=where, question=" ".join(text.split())))
    lines.append(f"<i>{escape(t(language, 'unanswered_footer'))}</i>")
    return pack(lines, separator="\n")


async def statistics(update: Update, context: SofiaContext) -> None:
    """Send staff a chart of the last 30 days: questions, answered, not found, handed off, feedback."""
    figures, png = await context.conversations.run(context.conversations.insight, STATS_DAYS)
    language = context.language(update)
    await update.effective_message.reply_photo(png, caption=caption(figures, STATS_DAYS, language))


async def unanswered(update: Update, context: SofiaContext) -> None:
    """List staff the recent questions the documents did not answer, masked."""
    questions = await context.conversations.run(context.conversations.unanswered, UNANSWERED_LIMIT)
    days = context.conversations.services.settings.retention_days
    await reply_html(update.effective_message, unanswered_messages(questions, context.language(update), days))
