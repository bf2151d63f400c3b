"""The Telegram application: built from the core's services, run by polling or webhook.

``build_application`` wires handlers, the store and the answering pool into a
python-telegram-bot Application that handles updates concurrently and keeps to Telegram's flood
limits. ``run`` is what ``sofia run`` calls; ``polling`` runs the same application inside an
event loop the caller owns (tests, benchmarks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sys
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.channels.telegram import callbacks, casework, document_flow, document_list, handlers, handoff_flow, insight, keyboards
from bot.channels.telegram.conversation import Conversations
from bot.channels.telegram.courier import Courier
from bot.channels.telegram.delivery import PatientRateLimiter
from bot.channels.telegram.context import SofiaContext
from bot.channels.telegram.handlers import AddressedToSofia
from bot.channels.telegram.intake import RecordingQueue, SofiaApplication, replay_pending
from bot.channels.telegram.privacy import protect_logs, quiet_http_logs
from bot.channels.telegram.texts import COMMANDS, LANGUAGES, STAFF_COMMANDS, label
from bot.knowledge_base.document_intake import DocumentIntake
from bot.cases.outbox import Backoff
from bot.retention import PURGE_EVERY_S
from bot.knowledge_base.review_notices import ReviewNotices
from bot.services import Services
from bot.records.store import Store

log = logging.getLogger(__name__)
# What Sofia asks Telegram for: messages and button presses (edits, channel posts and the rest are
# not needed; if they come anyway, no handler takes them).
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def build_application(
    services: Services,
    *,
    base_url: str | None = None,
    token: str | None = None,
    store: Store | None = None,
    rate_limiter: BaseRateLimiter | None = None,
    workers: int | None = None,
    outbox_backoff: Backoff = Backoff(),
) -> Application:
    """The bot, ready to run: handlers, store, answering pool, rate limiting, concurrent updates."""
    settings = services.settings
    quiet_http_logs()
    if token is None:
        token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    base_url = base_url or settings.telegram_api_url
    conversations = Conversations(
        services, store or Store.from_settings(settings), workers=workers, outbox_backoff=outbox_backoff
    )
    queue = RecordingQueue()
    queue.inbox = conversations.inbox
    application = (
        ApplicationBuilder()
        .application_class(SofiaApplication)
        .update_queue(queue)
        .token(token)
        .base_url(base_url)
        .base_file_url(base_url.replace("/bot", "/file/bot", 1) if base_url.endswith("/bot") else base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        .context_types(ContextTypes(context=SofiaContext))
        .concurrent_updates(True)
        .rate_limiter(rate_limiter or PatientRateLimiter())
        .connect_timeout(10)
        .read_timeout(15)
        .write_timeout(15)
        .pool_timeout(30)
        .post_init(on_startup)
        .post_stop(on_stop)
        .post_shutdown(on_shutdown)
        .build()
    )
    application.bot_data["conversations"] = conversations
    application.bot_data["inbox"] = conversations.inbox
    application.bot_data["documents"] = DocumentIntake(services.knowledge, services.answers, services.contacts, conversations.store)
    application.bot_data["reviews"] = ReviewNotices(conversations.store, conversations.outbox, services.knowledge, settings.staff_ids)
    add_handlers(application, settings.staff_ids)
    return application


def add_handlers(application: Application, staff_ids: frozenset[int]) -> None:
    """Commands (Swedish and English names), questions, buttons, other messages, errors."""
    commands = {
        "start": handlers.start,
        "kommun": handlers.choose_municipality,
        "kontakt": handlers.contact,
        "om": handlers.about,
        "sprak": handlers.choose_language,
        "radera": handlers.erase,
        "hjalp": handlers.help_command,
    }
    for swedish, english, _, _ in COMMANDS:
        application.add_handler(CommandHandler({swedish, english}, commands[swedish]))
    application.add_handler(CommandHandler({"avsluta", "end"}, handoff_flow.end_case))
    application.add_handler(CommandHandler({"svara", "reply"}, casework.reply_command))
    application.add_handler(CommandHandler({"arenden", "cases"}, casework.list_cases))
    staff = filters.User(user_id=staff_ids)
    application.add_handler(CommandHandler("status", handlers.status, filters=staff))
    application.add_handler(CommandHandler("reindex", handlers.reindex, filters=staff))
    application.add_handler(CommandHandler({"statistik", "stats"}, insight.statistics, filters=staff))
    application.add_handler(CommandHandler({"obesvarade", "unanswered"}, insight.unanswered, filters=staff))
    application.add_handler(CommandHandler({"dokument", "documents"}, document_list.list_documents, filters=staff))

    new_message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    application.add_handler(
        MessageHandler(new_message & filters.TEXT & ~filters.COMMAND & (private | AddressedToSofia()), handlers.question)
    )
    application.add_handler(MessageHandler(new_message & private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(new_message & private & filters.Document.ALL & staff, document_flow.document_received))
    application.add_handler(MessageHandler(new_message & private & filters.ATTACHMENT, handlers.only_text))

    buttons = {
        keyboards.MUNICIPALITY: callbacks.municipality_chosen,
        keyboards.LANGUAGE: callbacks.language_chosen,
        keyboards.ERASE: callbacks.erase_confirmed,
        keyboards.SOURCES: callbacks.sources,
        keyboards.FEEDBACK: callbacks.feedback,
        keyboards.HUMAN: callbacks.human,
        keyboards.PASSAGE: callbacks.passage,
        keyboards.CONSENT: handoff_flow.consent,
        keyboards.OFFER: handoff_flow.offer,
        keyboards.RATING: handoff_flow.rate,
        keyboards.CASE: casework.card_button,
        document_flow.ACTION: document_flow.draft_button,
        document_list.ACTION: document_list.document_button,
    }
    for action, callback in buttons.items():
        application.add_handler(CallbackQueryHandler(callback, pattern=keyboards.pattern(action)))
    application.add_handler(CallbackQueryHandler(callbacks.stale))
    application.add_error_handler(handlers.on_error)


async def on_startup(application: Application) -> None:
    """Before polling starts: purge what is past retention, load the models and indexes, register
    commands and descriptions (Swedish by default, English for English clients), start delivering
    the outbox and queue the updates a previous run left unfinished."""
    bot = application.bot
    conversations: Conversations = application.bot_data["conversations"]
    await conversations.run(conversations.purge)
    await conversations.run(conversations.warm_up)
    application.bot_data["purge"] = asyncio.create_task(purge_daily(conversations))
    application.bot_data["review_check"] = asyncio.create_task(document_list.check_reviews_daily(application.bot_data["reviews"], conversations))
    for language in LANGUAGES:
        code = None if language == "sv" else language
        english = language == "en"
        founder = [BotCommand(c[1] if english else c[0], c[3] if english else c[2]) for c in COMMANDS]
        await bot.set_my_commands(founder, language_code=code)
        await bot.set_my_description(label(language, "bot_description"), language_code=code)
        await bot.set_my_short_description(label(language, "bot_short_description"), language_code=code)
    staff = [BotCommand(c[0], c[2]) for c in COMMANDS + STAFF_COMMANDS]
    for user_id in conversations.staff_ids:
        # Fails for staff who have not opened a chat with the bot yet; they still have the commands.
        with contextlib.suppress(TelegramError):
            await bot.set_my_commands(staff, scope=BotCommandScopeChat(user_id))
    courier = Courier(bot, conversations.handoff)
    application.bot_data["courier"] = courier
    courier.start()  # delivers what the outbox holds, including what waited over a restart
    await replay_pending(application)
    log.info("Sofia is up as @%s and ready", bot.username)


async def on_stop(application: Application) -> None:
    """Stop delivering the outbox, letting a send in flight finish; stop the daily purge."""
    for name in ("purge", "review_check"):
        task: asyncio.Task | None = application.bot_data.pop(name, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    courier: Courier | None = application.bot_data.pop("courier", None)
    if courier is not None:
        await courier.stop()


async def purge_daily(conversations: Conversations, every_s: float = PURGE_EVERY_S) -> None:
    """Delete what is older than the retention period once a day while the bot runs."""
    while True:
        await asyncio.sleep(every_s)
        try:
            purged = await conversations.run(conversations.purge)
            log.info("retention purge: %d cases, %d delivered messages deleted", purged.cases, purged.messages)
        except Exception:  # noqa: BLE001 - the next day's purge tries again
            log.exception("retention purge failed")


async def on_shutdown(application: Application) -> None:
    """Let running answers finish, then close the pool and the store."""
    application.bot_data["conversations"].close()


@contextlib.asynccontextmanager
async def polling(application: Application, *, timeout: float = 1.0) -> AsyncIterator[Application]:
    """Run the application with long polling in the caller's event loop, as run_polling would.

    Every kind of update is fetched (not only ALLOWED_UPDATES), so that tests see how the bot
    copes with whatever Telegram might send.
    """
    try:
        async with application:
            await on_startup(application)
            await application.updater.start_polling(timeout=timeout, poll_interval=0)
            await application.start()
            try:
                yield application
            finally:
                await application.updater.stop()
                await on_stop(application)
                await application.stop()
    finally:
        await on_shutdown(application)


def run(services: Services) -> int:
    """Run the bot until stopped (polling, or a webhook when SOFIA_WEBHOOK_URL is set); exit code."""
    settings = services.settings
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    if not token:
        print("sofia run: TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather.", file=sys.stderr)
        return 2
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
    protect_logs(token, secret)
    application = build_application(services, token=token)
    try:
        if settings.webhook_url:
            log.info("receiving updates by webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=3,
            )
        else:
            log.info("receiving updates by long polling")
            application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3)
    except InvalidToken:
        print("sofia run: Telegram rejected TELEGRAM_BOT_TOKEN; check the token from @BotFather.", file=sys.stderr)
        return 1
    except (TelegramError, OSError) as exc:
        print(f"sofia run: could not start the bot: {exc}", file=sys.stderr)
        return 1
    return 0
