"""Fail when a Python file under omkreds/ is over 600 lines or a function over 80 (`make lint`).

A file past ~600 lines usually holds two concepts, a function past 80 lines several steps
(STYLE.md): split by concept, not by size. Migrations and data tables (`DATA_TABLES`: the
seeds' checklists and wording, held as data) are not code to read and are left out.

`KNOWN` lists the offenders left when the check was written, each in code that another change
was moving at the time. The list may only shrink: an entry that is no longer too long is
reported (without failing, so that a move landing elsewhere does not break the check), to be
taken off.

    python scripts/check_sizes.py          # exit 1 with one line per problem
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Data, not code (tables of the seeds' wording, say), by path. None is over the limits today.
DATA_TABLES: frozenset[str] = frozenset()

# path, or path::function → why it is still here. Only ever take entries off.
KNOWN: dict[str, str] = {}


def _skipped(relative: str) -> bool:
    return "/migrations/" in relative or relative in DATA_TABLES


def problems(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(what is too long, KNOWN entries that are not any more)."""
    found: dict[str, str] = {}
    for path in sorted((root / "omkreds").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if _skipped(relative):
            continue
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_FILE_LINES:
            found[relative] = f"{relative}: {lines} lines (at most {MAX_FILE_LINES})"
        for node in ast.walk(ast.parse(source, filename=relative)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    key = f"{relative}::{node.name}"
                    found[key] = (
                        f"{relative}:{node.lineno} {node.name}: {length} lines "
                        f"(at most {MAX_FUNCTION_LINES})"
                    )
    report = [message for key, message in found.items() if key not in KNOWN]
    stale = [
        f"{key}: within the limits now (or gone); take it off KNOWN in scripts/check_sizes.py"
        for key in KNOWN
        if key not in found
    ]
    return report, stale


def main() -> int:
    report, stale = problems()
    for line in stale + report:
        print(line)
    if report:
        print("Split by concept (STYLE.md): files of at most 600 lines, functions of at most 80.")
        return 1
    print(f"Sizes: no file over {MAX_FILE_LINES} lines, no function over {MAX_FUNCTION_LINES}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
