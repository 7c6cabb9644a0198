"""The deployment guide lists every environment variable that settings.py reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "omkreds" / "settings.py").read_text()
    read = set(re.findall(r'env_[a-z]+\(\s*"([A-Z0-9_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ(?:\.get)?[\[(]\s*"([A-Z0-9_]+)"', settings_source))
    guide = (ROOT / "docs" / "deployment.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", guide, flags=re.MULTILINE))

    assert "DATABASE_URL" in read
    assert read - documented == set(), "add these to the table in docs/deployment.md"
