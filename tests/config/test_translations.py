"""Every catalogue compiles, and the English interface really is English."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def test_there_are_english_catalogues():
    assert any(path.parts[-3] == "en" for path in CATALOGUES)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_compiles_without_errors_or_untranslated_strings(catalogue, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_english_is_served_under_en(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert 'lang="en"' in response.text
    assert "Skip to content" in response.text
    assert "Main navigation" in response.text


def test_chinese_is_the_default(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="zh-hans"' in response.text
    assert "跳到正文" in response.text


def test_gettext_translates_core_strings():
    with translation.override("en"):
        assert translation.gettext("参与模块") == "Participation module"
