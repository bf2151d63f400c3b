"""Load on Sofia's Telegram channel: many people asking at once, over HTTP on loopback.

Runs the real application (real core, real store, python-telegram-bot with its rate limiter)
against the loopback Bot API server from the tests. Each simulated user sends a question, waits
for the answer and asks the next one; all users start at once. Prints how many questions were
answered, reply latency (question sent -> answer received by the server) and throughput.

    python benchmarks/telegram_load.py                 # 100 users x 5 questions, Telegram's flood limits
    python benchmarks/telegram_load.py --no-flood-limit --users 50 --questions 3

The first run builds the index in a temporary data directory; pass --data-dir to reuse one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "telegram")]

from bot.channels.telegram import build_application, polling  # noqa: E402
from bot.channels.telegram.delivery import PatientRateLimiter  # noqa: E402
from bot.channels.telegram.texts import label  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot_api_server import BotAPIServer  # noqa: E402
from telegram_harness import KNOWLEDGE  # noqa: E402

APOLOGY = label("sv", "error")
DEV_QUESTIONS = ROOT / "tests" / "data" / "dev.jsonl"
FALLBACK_QUESTIONS = [
    "Vem har det övergripande ansvaret för stöd till socialt företagande i Luleå?",
    "och i Timrå då?",
    "Hur definierar Uppsala ett socialt företag?",
    "Vad kan Coompanion hjälpa till med?",
    "Vilket stöd ger Arbetsförmedlingen när ett socialt företag anställer?",
    "Who is responsible for social enterprises in Ljungby?",
    "Vad är en reserverad upphandling?",
    "Jag vill prata med en människa",
]


def questions() -> list[str]:
    if DEV_QUESTIONS.exists():
        rows = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [row["question"] for row in rows] + FALLBACK_QUESTIONS
    return FALLBACK_QUESTIONS


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def simulate_user(server: BotAPIServer, user_id: int, asked: list[str], latencies: list[float]) -> int:
    """Ask each question once the previous one is answered; returns how many were answered."""
    user = server.user(f"User{user_id}", user_id=100_000 + user_id)
    answered = 0
    for question in asked:
        sent = time.monotonic()
        user.send(question)
        try:
            [reply] = await user.receive(timeout=600, interval=0.1)
        except AssertionError:
            return answered
        latencies.append(reply.sent_at - sent)
        answered += reply.text != APOLOGY  # an apology for a failure is not an answer
    return answered


async def benchmark(args: argparse.Namespace) -> int:
    if args.data_dir:
        return await measure(args, Path(args.data_dir))
    with tempfile.TemporaryDirectory(prefix="sofia-bench-") as data_dir:
        return await measure(args, Path(data_dir))


async def measure(args: argparse.Namespace, data_dir: Path) -> int:
    started = time.monotonic()
    services = build_services(Settings(data_dir=data_dir, knowledge_dir=KNOWLEDGE, telegram_bot_token=None))
    print(f"core ready in {time.monotonic() - started:.1f} s ({services.knowledge.status()['chunks']} passages)")

    limiter = PatientRateLimiter(overall_max_rate=0, group_max_rate=0) if args.no_flood_limit else None
    rng = random.Random(args.seed)
    pool = questions()
    plans = [[rng.choice(pool) for _ in range(args.questions)] for _ in range(args.users)]
    latencies: list[float] = []
    with BotAPIServer() as server:
        application = build_application(
            services, base_url=server.base_url, token=server.token, rate_limiter=limiter, workers=args.workers
        )
        starting = time.monotonic()
        async with polling(application):
            ready = time.monotonic()
            # The first founder after the bot said it is ready: the models and indexes loaded
            # before polling started, so this should take no longer than any later answer.
            first = server.user("First", user_id=99_999)
            first.send(FALLBACK_QUESTIONS[0])
            await first.receive(timeout=600, interval=0.02)
            print(f"bot ready in {ready - starting:.1f} s; first answer after ready: {time.monotonic() - ready:.2f} s")
            started = time.monotonic()
            answered = await asyncio.gather(
                *(simulate_user(server, i, plan, latencies) for i, plan in enumerate(plans))
            )
            wall = time.monotonic() - started
        calls = Counter(c.method for c in server.calls)
        failed = Counter(c.outcome for c in server.calls if c.outcome != "ok")

    total, done = args.users * args.questions, sum(answered)
    print(f"users: {args.users}, questions each: {args.questions}, flood limit: {'off' if args.no_flood_limit else '30 msg/s (Telegram)'}")
    print(f"answered: {done}/{total} in {wall:.1f} s -> {done / wall:.1f} answers/s")
    if latencies:
        print(
            f"reply latency: p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
            f"max {max(latencies):.2f} s, mean {statistics.mean(latencies):.2f} s"
        )
    print("Bot API calls: " + ", ".join(f"{m} {n}" for m, n in calls.most_common()))
    if failed:
        print("failed calls: " + ", ".join(f"{o} {n}" for o, n in failed.items()))
    return 0 if done == total else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5, help="questions per user")
    parser.add_argument("--workers", type=int, default=None, help="answering threads (default: 2-4 by CPU count)")
    parser.add_argument("--no-flood-limit", action="store_true", help="measure the bot alone, without Telegram's 30 msg/s")
    parser.add_argument("--data-dir", help="reuse this data directory (and its index)")
    parser.add_argument("--seed", type=int, default=7)
    return asyncio.run(benchmark(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
