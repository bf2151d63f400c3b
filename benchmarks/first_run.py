"""A newcomer's first run, measured: `make chat` in a fresh copy of the repository (install time,
.venv size, time to the first answer with the index built on first use), then a cold `sofia ask`
and `sofia search` with the index on disk beside a bare `python -c pass`. The same steps run on a
baseline revision in the same run, so the two columns met the same machine load. Prints the
figures; asserts nothing.

    python -m benchmarks.first_run [--baseline REV | --baseline none] [--keep DIR] [--no-cache]

The default baseline is the last revision before Chroma became an extra and the first build read
shipped vectors. --no-cache empties pip's cache for the installs, as on a machine that never
installed Sofia. The machine is shared: compare each column with the bare Python start.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Vem samordnar verksamheten i Timrå?"
BASELINE = "9eb0624"  # before: chromadb a default, every passage embedded on first use, lexical index built at start


def copy_tracked(dest: Path) -> None:
    """What a clone holds: the tracked files, no .venv and no data/."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, names.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


def export_revision(rev: str, dest: Path) -> None:
    """A clone of an older revision: its tracked files as git archive gives them."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def timed(command: list[str], cwd: Path, env: dict, stdin: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    return time.perf_counter() - started, done


def measure(clone: Path, env: dict) -> dict[str, str]:
    """The newcomer's steps in one copy; each figure as text (an error says so in its place)."""
    figures: dict[str, str] = {}
    seconds, done = timed(["make", "--no-print-directory", ".venv/.chat-installed"], clone, env)
    if done.returncode != 0:
        figures["install"] = "failed: " + done.stderr.strip()[-200:]
        return figures
    figures["install"] = f"{seconds:.0f} s"
    figures["venv"] = f"{size_mb(clone / '.venv'):.0f} MB"
    python = str(clone / ".venv" / "bin" / "python")
    chroma = subprocess.run([python, "-c", "import chromadb"], capture_output=True, env=env).returncode == 0
    figures["chromadb"] = "installed" if chroma else "not installed"
    first, done = timed(["make", "--no-print-directory", "chat"], clone, env, stdin=QUESTION + "\n")
    ok = "Arbetsmarknadsenheten" in done.stdout
    figures["venv after first answer"] = f"{size_mb(clone / '.venv'):.0f} MB"
    figures["first answer"] = f"{first:.1f} s" + ("" if ok else " (no answer)")
    figures["install + first answer"] = f"{seconds + first:.0f} s"
    for name, args in (("ask", ["ask", QUESTION]), ("search", ["search", "anbudsskola"])):
        runs = [timed([str(clone / ".venv" / "bin" / "sofia"), *args], clone, env) for _ in range(3)]
        figures[f"cold {name}"] = f"{min(s for s, _ in runs):.2f} s" + ("" if runs[-1][1].returncode == 0 else " (failed)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default=BASELINE, help=f"revision to compare with (default {BASELINE}); none: skip")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-cache", action="store_true", help="install with pip's cache off")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sofia-first-run-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOFIA_", "TELEGRAM_", "VIRTUAL_ENV"))}
    if args.no_cache:
        env["PIP_NO_CACHE_DIR"] = "1"
    columns: dict[str, dict[str, str]] = {}
    try:
        if args.baseline != "none":
            base = work / "baseline"
            export_revision(args.baseline, base)
            columns[f"baseline {args.baseline}"] = measure(base, env)
        clone = work / "sofia"
        copy_tracked(clone)
        columns["this checkout"] = measure(clone, env)
        bare = min(timed([sys.executable, "-c", "pass"], ROOT, env)[0] for _ in range(3))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n== A newcomer's first run: make chat in a fresh copy{' (no pip cache)' if args.no_cache else ''}, "
          f"wall time (load {os.getloadavg()[0]:.1f})")
    rows = ["install", "venv", "venv after first answer", "chromadb", "first answer", "install + first answer", "cold ask", "cold search"]
    labels = {"install": "make chat: install (defaults)", "venv": ".venv after the install",
              "first answer": "make chat: first answer (index built on first use)",
              "cold ask": "cold sofia ask, index on disk (best of 3)", "cold search": "cold sofia search (best of 3)"}
    print(f"{'':52}" + "".join(f"{name:>22}" for name in columns))
    for row in rows:
        print(f"{labels.get(row, row):52}" + "".join(f"{col.get(row, '-'):>22}" for col in columns.values()))
    print(f"{'python -c pass (best of 3)':52}{bare:21.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
