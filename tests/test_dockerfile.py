"""The Dockerfile, checked without a Docker engine (none runs on these machines).

Read as an operator reads it: dependencies installed before the project's files are copied,
no torch by default, a health check, a fixed uid for /data. Then its steps are run in order in a
clean virtual environment, the way `docker build` would run them: ENV and WORKDIR applied, COPY
from the build context, RUN through /bin/sh, with the image's absolute paths (/opt/venv, /app,
/data) moved into a temporary folder. Only the step that creates the system user is left out (it
needs root and a passwd file of the image's own). The image's HEALTHCHECK and CMD then run.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "telegram"))
from bot_api_server import BotAPIServer  # noqa: E402

DOCKERFILE = ROOT / "Dockerfile"
INSTRUCTIONS = {"FROM", "ARG", "ENV", "RUN", "COPY", "WORKDIR", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK",
                "ENTRYPOINT", "CMD", "LABEL"}
IMAGE_PATHS = ("/opt/venv", "/app", "/data")
GOOD_TOKEN = "1234567890:AAEexampleexampleexampleexample12345"


def parse(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: continuation lines joined, comments dropped."""
    steps, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not pending):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        line = pending + line
        pending = ""
        name, _, args = line.partition(" ")
        steps.append((name.upper(), args.strip()))
    assert not pending, "the Dockerfile ends inside a continued line"
    return steps


def copies(steps: list[tuple[str, str]]) -> list[tuple[list[str], str]]:
    """(sources, destination) of each COPY from the build context (not from another stage)."""
    found = []
    for name, args in steps:
        if name == "COPY":
            parts = [p for p in shlex.split(args) if not p.startswith("--")]
            assert "--from" not in args, "a single-stage image copies only from the build context"
            found.append((parts[:-1], parts[-1]))
    return found


def dockerignored(path: str) -> bool:
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")]
    return any(fnmatch.fnmatch(path, p.rstrip("/")) or fnmatch.fnmatch(path.split("/")[0], p.rstrip("/")) for p in patterns)


def exec_form(args: str) -> list[str]:
    start = args.index("[")
    return json.loads(args[start:])


STEPS = parse(DOCKERFILE.read_text(encoding="utf-8"))


def test_the_dockerfile_parses_into_known_instructions():
    assert {name for name, _ in STEPS} <= INSTRUCTIONS
    assert [name for name, _ in STEPS if name == "FROM"] == ["FROM"]
    assert next(args for name, args in STEPS if name == "FROM").startswith("python:")


def test_every_copied_path_exists_and_reaches_the_build_context():
    for sources, _ in copies(STEPS):
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"
            assert not dockerignored(source.rstrip("/")), f"COPY {source}: excluded by .dockerignore"


def test_dependencies_are_installed_before_the_project_is_copied():
    names = [(name, args) for name, args in STEPS]
    first_dependency_install = next(i for i, (n, a) in enumerate(names) if n == "RUN" and "pip install" in a)
    copied_before = [a for n, a in names[:first_dependency_install] if n == "COPY"]
    assert copied_before == ["pyproject.toml ./"], "only pyproject.toml may come before the dependencies"
    assert not any(a.split()[0] in (".", "./") for n, a in names if n == "COPY"), "no COPY . ."
    package = next(i for i, (n, a) in enumerate(names) if n == "COPY" and a.startswith("bot"))
    knowledge = next(i for i, (n, a) in enumerate(names) if n == "COPY" and a.startswith("knowledge"))
    assert first_dependency_install < package < knowledge  # a document edit reuses every layer before it


def test_the_default_image_has_no_torch_and_the_extra_takes_the_cpu_build():
    arg = next(a for n, a in STEPS if n == "ARG" and a.startswith("EXTRAS="))
    assert arg == 'EXTRAS=""'
    install = next(a for n, a in STEPS if n == "RUN" and "pip install" in a)
    assert 'case ",$EXTRAS," in *,sentence-transformers,*)' in install and "--index-url https://download.pytorch.org/whl/cpu" in install
    assert install.index("download.pytorch.org") < install.index('pip install ".${EXTRAS:+[$EXTRAS]}"')


def test_an_operator_gets_a_health_check_a_fixed_uid_and_a_data_volume():
    assert exec_form(next(a for n, a in STEPS if n == "HEALTHCHECK")) == ["sofia", "check"]
    assert "--uid 10001" in next(a for n, a in STEPS if n == "RUN" and "useradd" in a)
    assert [a for n, a in STEPS if n == "USER"] == ["sofia"]
    assert json.loads(next(a for n, a in STEPS if n == "VOLUME")) == ["/data"]
    env = " ".join(a for n, a in STEPS if n == "ENV")
    assert "SOFIA_DATA_DIR=/data" in env


# ---- the build, run as docker would run it --------------------------------------------------


def _moved(text: str, root: Path) -> str:
    for path in IMAGE_PATHS:
        text = re.sub(rf"(?<![\w./-]){re.escape(path)}(?![\w-])", str(root / path.strip("/").replace("/", "-")), text)
    return text


def _expand(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


@pytest.mark.slow
def test_the_build_steps_install_and_run_in_a_clean_virtual_environment(tmp_path):
    image = tmp_path / "image"
    python_dir = image / "usr-local-bin"  # the base image's `python`: this machine's interpreter, not a venv's
    python_dir.mkdir(parents=True)
    (python_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOFIA_", "TELEGRAM_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{python_dir}:{env.get('PATH', '')}"
    # A torch that something may still ask for is the CPU wheel on this disk, never a CUDA download.
    constraint = tmp_path / "constraints.txt"
    constraint.write_text("torch==2.13.0\n")
    workdir = image
    for name, args in STEPS:
        if name == "ARG" and "=" in args:
            key, _, value = args.partition("=")
            env.setdefault(key, value.strip('"'))
        elif name == "ENV":
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                env[key] = _moved(_expand(value, env), image)
            # The image turns pip's cache off to keep its layer small; here it only spares downloads.
            env.pop("PIP_NO_CACHE_DIR", None)
            env["PIP_CONSTRAINT"] = str(constraint)
        elif name == "WORKDIR":
            workdir = Path(_moved(args, image))
            workdir.mkdir(parents=True, exist_ok=True)
        elif name == "COPY":
            for sources, destination in copies([(name, args)]):
                target = workdir / destination
                for source in sources:
                    path = ROOT / source
                    dest = target / path.name if destination.endswith("/") and path.is_file() else target
                    if path.is_dir():
                        shutil.copytree(path, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
                    else:
                        shutil.copy2(path, dest)
        elif name == "RUN":
            if args.startswith("useradd"):
                for path in IMAGE_PATHS[1:]:
                    (image / path.strip("/")).mkdir(parents=True, exist_ok=True)
                continue
            done = subprocess.run(["/bin/sh", "-c", _moved(args, image)], cwd=workdir, env=env, capture_output=True,
                                  text=True, timeout=1800)
            assert done.returncode == 0, f"RUN {args}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"

    health = subprocess.run(exec_form(next(a for n, a in STEPS if n == "HEALTHCHECK")), cwd=workdir, capture_output=True,
                            text=True, env={**env, "TELEGRAM_BOT_TOKEN": GOOD_TOKEN}, timeout=120)
    assert health.returncode == 0, health.stdout + health.stderr
    assert (image / "data" / "index" / "current.json").is_file()  # the index was built at build time

    command = exec_form(next(a for n, a in STEPS if n == "ENTRYPOINT")) + exec_form(next(a for n, a in STEPS if n == "CMD"))
    with BotAPIServer() as server:
        process = subprocess.Popen(command, cwd=workdir, env={**env, "TELEGRAM_BOT_TOKEN": server.token,
                                                                 "TELEGRAM_API_URL": server.base_url},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            server.wait_for(lambda: server.sent("getUpdates") or process.poll() is not None, timeout=180,
                            what="the image's command to start polling")
            assert process.poll() is None, process.communicate()[1][-2000:]
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr[-2000:]
    assert "Sofia check:" in stderr  # `sofia run` lists what the deployment still lacks
