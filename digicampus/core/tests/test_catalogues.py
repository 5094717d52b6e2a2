"""The vi and zh_Hans catalogues hold every message of the code, all translated, none fuzzy."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ["vi", "zh_Hans"]


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """Extract messages from a copy of the code into a copy of the committed catalogues."""
    work = tmp_path_factory.mktemp("i18n")
    for name in ("manage.py", "config", "digicampus", "locale"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / name)
    command = [
        sys.executable,
        "manage.py",
        "makemessages",
        "--no-obsolete",
        "--no-location",
        "-v0",
    ] + [f"-l{code}" for code in LANGUAGES]
    subprocess.run(
        command,
        cwd=work,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    return work / "locale"


def _stats(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


@pytest.mark.parametrize("code", LANGUAGES)
def test_committed_catalogue_is_complete(code):
    stats = _stats(ROOT / "locale" / code / "LC_MESSAGES" / "django.po")

    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_of_the_code_is_in_the_catalogue(fresh_catalogues, code):
    stats = _stats(fresh_catalogues / code / "LC_MESSAGES" / "django.po")

    assert "untranslated" not in stats, stats
    assert "fuzzy" not in stats, stats
