"""A newcomer's first run, measured: `make chat` in a fresh copy of the repository (install time,
.venv size, time to the first answer with the index built on first use), then a cold `sofia ask`
with the index on disk beside a bare `python -c pass`. Prints the figures; asserts nothing.

    python -m benchmarks.first_run [--keep DIR] [--no-cache]

--no-cache empties pip's cache for the install, as on a machine that never installed Sofia.
The machine is shared: compare the cold start with the bare Python start printed beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Vem samordnar verksamheten i Timrå?"


def copy_tracked(dest: Path) -> None:
    """What a clone holds: the tracked files, no .venv and no data/."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, names.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def timed(command: list[str], cwd: Path, env: dict, stdin: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-cache", action="store_true", help="install with pip's cache off")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sofia-first-run-"))
    clone = work / "sofia"
    copy_tracked(clone)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOFIA_", "TELEGRAM_", "VIRTUAL_ENV"))}
    if args.no_cache:
        env["PIP_NO_CACHE_DIR"] = "1"
    try:
        seconds, done = timed(["make", "--no-print-directory", ".venv/.chat-installed"], clone, env)
        if done.returncode != 0:
            print(f"make chat's install failed:\n{done.stderr[-2000:]}")
            return 1
        print(f"make chat: install (defaults{', no pip cache' if args.no_cache else ''})  {seconds:7.1f} s")
        print(f"make chat: .venv size                           {size_mb(clone / '.venv'):7.0f} MB")
        seconds, done = timed(["make", "--no-print-directory", "chat"], clone, env, stdin=QUESTION + "\n")
        ok = "Arbetsmarknadsenheten" in done.stdout
        print(f"make chat: first answer, index built on first use {seconds:6.1f} s   (answer ok: {ok})")
        bare, _ = timed([sys.executable, "-c", "pass"], clone, env)
        cold = []
        for _ in range(3):
            seconds, done = timed([str(clone / ".venv" / "bin" / "sofia"), "ask", QUESTION], clone, env)
            cold.append(seconds)
        ok = "Arbetsmarknadsenheten" in done.stdout
        print(f"cold sofia ask, index on disk (best of 3)       {min(cold):7.2f} s   "
              f"(bare Python start {bare:.2f} s; answer ok: {ok})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
