"""The README's commands as a newcomer runs them: a fresh clone, `make chat` with a question on
standard input, then `sofia` from the new .venv, activated and not. Slow (it installs Sofia into
a new virtual environment and builds the index on first use), and run in CI all the same.
Nothing here measures time: the figures are in `make bench` and the README."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT


def fresh_clone(dest: Path) -> Path:
    """What `git clone` gives: the tracked files only (as they are in the working tree, so an
    uncommitted edit is tested too); no .venv, no data/, nothing untracked."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:  # not a git checkout: everything but what .gitignore names
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "data", "__pycache__", "*.egg-info",
                                                                  ".pytest_cache", "build", "dist"))
        return dest
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def newcomer_env(tmp_path: Path) -> dict[str, str]:
    """A shell as a newcomer has it: no Sofia settings, no virtual environment active."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOFIA_", "TELEGRAM_", "VIRTUAL_ENV"))}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    # Should anything in the default install still ask for torch, it gets the CPU wheel on this
    # machine's disk rather than a CUDA build of several GB; when nothing asks, this does nothing.
    constraint = tmp_path / "constraints.txt"
    constraint.write_text("torch==2.13.0\n")
    env["PIP_CONSTRAINT"] = str(constraint)
    return env


def test_make_refuses_an_old_python_and_says_what_it_needs(tmp_path):
    old = tmp_path / "python3.9"
    old.write_text("#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.9.18' && exit 0\nexit 1\n")
    old.chmod(0o755)
    clone = fresh_clone(tmp_path / "sofia")
    done = subprocess.run(["make", "chat", f"PYTHON={old}"], cwd=clone, capture_output=True, text=True,
                          env=newcomer_env(tmp_path), timeout=60)
    assert done.returncode != 0
    assert "Sofia needs Python 3.11 or newer" in done.stdout and "Python 3.9.18" in done.stdout
    assert not (clone / ".venv").exists()


@pytest.mark.slow
def test_make_chat_in_a_fresh_clone_answers_a_question(tmp_path):
    clone = fresh_clone(tmp_path / "sofia")
    env = newcomer_env(tmp_path)
    done = subprocess.run(["make", "chat"], cwd=clone, input="Vem samordnar verksamheten i Timrå?\n",
                          capture_output=True, text=True, env=env, timeout=2400)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Arbetsmarknadsenheten samordnar verksamheten" in done.stdout
    assert "Källor:" in done.stdout
    # The first use builds the index: a line says so before the bar, and another when it is done.
    assert "Bygger sökindexet från knowledge/ (första gången" in done.stderr
    assert "Sökindexet är klart" in done.stderr

    # The README's next step: `sofia` from .venv/bin, or with the environment activated.
    direct = subprocess.run([".venv/bin/sofia", "ask", "Erbjuder Uppsala anbudsskola?"], cwd=clone,
                            capture_output=True, text=True, env=env, timeout=300)
    assert direct.returncode == 0 and "Källor:" in direct.stdout, direct.stderr[-2000:]
    assert "Bygger sökindexet" not in direct.stderr  # the index on disk is used as it is
    activated = subprocess.run(["bash", "-c", ". .venv/bin/activate && sofia check"], cwd=clone,
                               capture_output=True, text=True, env=env, timeout=300)
    assert activated.returncode == 1 and "TELEGRAM_BOT_TOKEN is not set" in activated.stdout

    # The defaults install no Chroma; a deployment that asks for a Chroma server is told what to install.
    python = str(clone / ".venv" / "bin" / "python")
    assert subprocess.run([python, "-c", "import chromadb"], capture_output=True, env=env, timeout=120).returncode != 0
    chroma_env = {**env, "SOFIA_CHROMA_URL": "127.0.0.1:8001"}
    for command in (["check"], ["ask", "Vem samordnar verksamheten i Timrå?"]):
        told = subprocess.run([".venv/bin/sofia", *command], cwd=clone, capture_output=True, text=True, env=chroma_env,
                              timeout=300)
        assert told.returncode == 1 and "pip install 'sofia[chroma]'" in told.stdout + told.stderr, told.stderr[-2000:]
