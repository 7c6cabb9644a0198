"""Fail when a Danish, Swedish or Finnish message is missing, untranslated or fuzzy, or a
Finland-Swedish (sv_FI) entry is not a message of the code.

The committed catalogues are checked against the code as it is now: the project is copied to a
temporary folder, strings are extracted there with the same rules as `make messages`, and the
result is counted with GNU gettext. A string added to the code but not yet to the catalogues
therefore counts as untranslated. Nothing in the working tree is changed.

Usage: python scripts/check_translations.py
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("da", "sv", "fi")
# Variants hold only the messages where they differ; the rest falls back to the base language.
VARIANTS = {"sv_FI": "sv"}
DOMAINS = ("django", "djangojs")
COPY = ("manage.py", "omkreds", "locale", "scripts")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "vendor")


def msgids(po: Path, *flags: str) -> list[str]:
    """The msgids that `msgattrib` selects with `flags`, as one line each."""
    out = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", *flags, str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ids = re.findall(r'^msgid "(.*)"$', out, flags=re.MULTILINE)
    return [i for i in ids if i]  # the header has an empty msgid


def check_variants(work: Path) -> list[str]:
    """A variant's entries must be messages of the code, translated and not fuzzy."""
    problems: list[str] = []
    for variant, base in VARIANTS.items():
        committed = ROOT / "locale" / variant / "LC_MESSAGES" / "django.po"
        if not committed.exists():
            problems.append(f"{committed.relative_to(ROOT)}: missing")
            continue
        label = committed.relative_to(ROOT)
        known = set(msgids(work / "locale" / base / "LC_MESSAGES" / "django.po"))
        entries = msgids(committed)
        stale = [i for i in entries if i not in known]
        untranslated = msgids(committed, "--untranslated") + msgids(committed, "--only-fuzzy")
        print(f"{label}: {len(entries)} messages that differ from {base}, {len(stale)} stale")
        if stale or untranslated:
            problems.append(f"{label}: not in the code or not translated: {stale + untranslated}")
    return problems


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="omkreds-messages-") as tmp:
        work = Path(tmp)
        for name in COPY:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=IGNORE)
            elif source.exists():
                shutil.copy2(source, work / name)
        env = os.environ | {"PYTHON": sys.executable, "OMKREDS_DATA_DIR": str(work / "var")}
        subprocess.run(
            ["bash", "scripts/messages.sh"],
            cwd=work,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

        for language in LANGUAGES:
            for domain in DOMAINS:
                committed = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
                extracted = work / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
                label = committed.relative_to(ROOT)
                if not extracted.exists():
                    continue  # no strings of this domain in the code
                if not committed.exists():
                    problems.append(f"{label}: missing (run `make messages` and translate)")
                check = subprocess.run(
                    ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(extracted)],
                    capture_output=True,
                    text=True,
                )
                if check.returncode != 0:
                    problems.append(f"{label}: msgfmt --check failed:\n{check.stderr.strip()}")
                untranslated = msgids(extracted, "--untranslated")
                fuzzy = msgids(extracted, "--only-fuzzy")
                total = len(msgids(extracted))
                print(
                    f"{label}: {total} messages, {len(untranslated)} untranslated, "
                    f"{len(fuzzy)} fuzzy"
                )
                for kind, ids in (("untranslated", untranslated), ("fuzzy", fuzzy)):
                    if ids:
                        shown = "\n".join(f"    {i}" for i in ids[:20])
                        more = f"\n    ... and {len(ids) - 20} more" if len(ids) > 20 else ""
                        problems.append(f"{label}: {len(ids)} {kind}:\n{shown}{more}")

        problems += check_variants(work)

    if problems:
        print("\nTranslations are not complete:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        "All Danish, Swedish and Finnish messages are translated (and Finland-Swedish where it differs)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
