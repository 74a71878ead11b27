"""`make demo` shows a person what they need: in development, logs go to var/demo.log and
e-mails to files under var/mail/, not to the terminal."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_development_logs_and_mails_go_to_files(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EMAIL_BACKEND"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path))
    script = (
        "from django.core.mail import send_mail; "
        "send_mail('报名成功', '您好', 'office@example.com', ['wang@example.com'])"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stderr + result.stdout  # start-up chatter is in the log
    assert "AXES: BEGIN" in (tmp_path / "demo.log").read_text()
    assert "wang@example.com" not in result.stdout  # the mail is a file, not console output
    [mail] = list((tmp_path / "mail").iterdir())
    assert "wang@example.com" in mail.read_text()
