"""The `sofia` command: ingest, search, ask, chat, run, check, eval, report.

Each command imports what it needs when it runs: importing chromadb, langchain, telegram or
matplotlib up front would cost every command seconds, most of a cold `sofia ask`.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Iterator

from bot.config import Settings

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sofia", description="Sofia answers from the municipalities' documents, with sources.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("ingest", help="index knowledge/ (or the given paths) incrementally")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    for name, text in (("search", "show the passages that match a question"), ("ask", "answer a question with sources")):
        p = sub.add_parser(name, help=text)
        p.add_argument("question", nargs="?", help="the question (omit with --jsonl)")
        p.add_argument("--municipality", "-m", metavar="NAME", help="the municipality the user has chosen")
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--jsonl", action="store_true", help="read one question per line from stdin, print one JSON object per line")
        if name == "search":
            p.add_argument("--k", type=int, default=5, help="number of passages (default 5)")
            p.add_argument("--mode", choices=("hybrid", "lexical", "dense"), default="hybrid", help=argparse.SUPPRESS)
        else:
            p.add_argument("--staff", action="store_true", help="answer as for municipal staff: every matching passage")

    p = sub.add_parser("chat", help="talk with Sofia in the terminal")
    p.add_argument("--municipality", "-m", metavar="NAME")
    sub.add_parser("run", help="start the Telegram bot (TELEGRAM_BOT_TOKEN)")
    sub.add_parser("check", help="list what a deployment must still fill in or fix; exit 1 when Sofia cannot run")
    p = sub.add_parser("eval", help="score a question set (JSON lines)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p = sub.add_parser("report", help="staff insight: a chart (PNG) and figures per day (CSV); purges old data first")
    p.add_argument("--days", type=int, default=30, help="how many days, up to today (default 30)")
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="where to write the files (default .)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `sofia ... | head` ends quietly
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command in ("search", "ask") and not args.jsonl and args.question is None:
        parser.error(f"{args.command}: give a question, or --jsonl to read questions from stdin")
    if args.command in ("search", "ask") and args.jsonl and args.question:
        parser.error(f"{args.command}: give either a question or --jsonl, not both")
    if args.command == "search" and not 1 <= args.k <= 100:
        parser.error("search: --k must be between 1 and 100")
    if args.command == "eval" and not args.file.is_file():
        parser.error(f"eval: no such file: {args.file}")
    if args.command == "report" and not 1 <= args.days <= 366:
        parser.error("report: --days must be between 1 and 366")
    try:
        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError: a variable that cannot be read
        print(f"sofia: the configuration cannot be read:\n{_settings_errors(exc)}", file=sys.stderr)
        return 1 if args.command == "check" else 2
    try:
        return _COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130
    except FileNotFoundError as exc:
        print(f"sofia: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        from bot.knowledge_base.index import ChromaMissing

        if not isinstance(exc, ChromaMissing):
            raise
        print(f"sofia: {exc}", file=sys.stderr)  # what to install, in one line, not a traceback
        return 1


def _services(settings: Settings):
    from bot.services import build_services

    # A first use builds the index: say so on stderr, with a bar, rather than sit silent.
    return build_services(settings, progress=True)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.knowledge_base.ingestion import KnowledgeBase

    kb = KnowledgeBase.open(settings, ingest_if_missing=False)
    report = kb.ingest(args.paths or None, progress=not args.quiet and sys.stderr.isatty())
    for name, reason in report.failed:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    print(report)
    return 0


def _questions(args: argparse.Namespace) -> Iterator[str]:
    if not args.jsonl:
        yield args.question
        return
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.lstrip().startswith("{"):
            try:
                line = str(json.loads(line).get("question", ""))
            except (ValueError, AttributeError):
                pass
        yield line


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    retriever = services.knowledge.retriever
    for question in _questions(args):
        hits = retriever.search(question, k=args.k, municipality=args.municipality, mode=args.mode)
        if args.json or args.jsonl:
            _print_json({"question": question, "hits": [h.to_json() for h in hits]}, pretty=args.json)
            continue
        if not hits:
            print("Inga träffar.")
        for rank, hit in enumerate(hits, 1):
            c = hit.chunk
            print(f"{rank}. {c.title} – {c.municipality or 'allmän'} – {c.section} ({hit.score:.3f})")
            print("   " + " ".join(c.body.split())[:300])
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    for question in _questions(args):
        answer = services.answers.answer(question, municipality=args.municipality, staff=args.staff)
        if args.json or args.jsonl:
            _print_json(answer.to_json(), pretty=args.json)
        else:
            print(answer.text)
            if args.jsonl:
                print()
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.terminal import TerminalChat

    return TerminalChat(_services(settings), municipality=args.municipality).run()


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.deployment_check import can_run, check_deployment, format_findings

    findings = check_deployment(settings)
    print(format_findings(findings))
    return 0 if can_run(findings) else 1


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.channels.deployment_check import check_deployment, format_findings

    # The operator sees at start what `sofia check` would say; what stops the bot still stops it below.
    findings = check_deployment(settings)
    if findings:
        print(format_findings(findings), file=sys.stderr, flush=True)
    if not settings.telegram_bot_token or not settings.telegram_bot_token.get_secret_value().strip():
        print("sofia run: TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and set it in the environment or .env.",
              file=sys.stderr)
        return 2
    from bot.channels.telegram import run

    return run(_services(settings))


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answers.evaluation import evaluate, format_report, load_questions

    try:
        questions = load_questions(args.file)
    except ValueError as exc:
        print(f"sofia eval: {exc}", file=sys.stderr)
        return 2
    report = evaluate(_services(settings), questions)
    if args.json:
        _print_json(report.to_json(), pretty=True)
    else:
        print(format_report(report))
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.records import insights
    from bot.retention import purge
    from bot.records.store import Store

    store = Store.from_settings(settings)
    try:
        purge(store)
        figures = insights.collect(store, args.days)
        args.out.mkdir(parents=True, exist_ok=True)
        png = args.out / "sofia-report.png"
        png.write_bytes(insights.chart_png(figures))
        csv_path = insights.write_csv(figures, args.out / "sofia-report.csv")
    finally:
        store.close()
    print(insights.summary(figures))  # in Swedish, as the chart it sums up
    print(png)
    print(csv_path)
    return 0


def _settings_errors(exc: ValueError) -> str:
    """One line per variable, without its value: a value may be a secret."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return f"  {type(exc).__name__}"
    return "\n".join(f"  {'.'.join(str(p) for p in e.get('loc', ())) or '?'}: {e.get('msg', 'invalid')}" for e in errors())


def _print_json(data: object, pretty: bool) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None), flush=True)


_COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "run": cmd_run,
    "check": cmd_check,
    "eval": cmd_eval,
    "report": cmd_report,
}

if __name__ == "__main__":
    raise SystemExit(main())
