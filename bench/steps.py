"""What the one-off benches share: production settings on a database of their own, and each
step run in a fresh process that answers in JSON (``python -m bench.<name> child OUT STEP …``)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production_env(database: str, folder: Path, **extra: str) -> dict:
    """Production settings on PostgreSQL database ``database``, files under ``folder``."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        SECRET_KEY=f"bench-{database}-" + "k" * 40,
        WAGTAILADMIN_BASE_URL="https://liubeiqiao.example",
        REDIS_URL="",
        SMS_ALLOW_FILE_BACKEND="1",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        VAR_DIR=str(folder / "var"),
        BENCH_FILES=str(folder),
        **extra,
    )
    return env


def _command(module: str, env: dict, args) -> tuple[list[str], Path]:
    out = Path(env["BENCH_FILES"]) / f"{args[0]}-{time.monotonic_ns()}.json"
    return [sys.executable, "-m", module, "child", str(out), *args], out


def run_step(module: str, env: dict, *args: str) -> dict:
    """One step in a fresh process; its JSON answer."""
    command, out = _command(module, env, args)
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def start_step(module: str, env: dict, *args: str):
    """A step started in the background: the process and where it will answer."""
    command, out = _command(module, env, args)
    return subprocess.Popen(command, env=env, cwd=ROOT), out
