"""Fail when a catalogue (or a seed text in the code) uses a word its glossary forbids.

The glossaries are locale/glossary.<language>.tsv (format: omkreds/lib/glossary.py). Each
translation in locale/<language>/LC_MESSAGES/*.po and each `<language>="..."` text in the code is
searched for the forbidden words of every concept.

Usage: python scripts/check_glossary.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from omkreds.lib.glossary import check, glossaries  # noqa: E402


def main() -> int:
    findings = check(ROOT / "locale", ROOT / "omkreds")
    languages = ", ".join(glossaries(ROOT / "locale"))
    if findings:
        print(f"\n{len(findings)} uses of words the glossary forbids:", file=sys.stderr)
        for finding in findings:
            print(f"  - {finding}", file=sys.stderr)
        return 1
    print(f"The catalogues keep to the glossaries ({languages}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
