"""The trust report: the figures the test suite measured, in one place (issue 8).

`make test` runs this after pytest. It reads every JSON file the tests wrote into test-report/
(authorization.json, personal-data.json, the fuzz figures in test-report/fuzz/, every
trust-*.json and any other figures file), prints the report and saves it as
test-report/trust.md and test-report/trust.json.

A figure that must be 0 (or 100%) and is not marks the report FAILED, and the script exits 1,
which fails `make test`. Files older than `--since` (the start of the test run) are from an
earlier run: they are listed but not counted. With `--require`, the figures that every full run
measures (authorization, access-log coverage, personal data, bad input) must be there.

Rules for figures in files this script does not know by name (trust-*.json and others): a
number whose key is in MUST_BE_ZERO must be 0; a number `x` next to `x_expected` must equal it,
and next to `x_max` must be below it;
a list whose key is in MUST_BE_ZERO must be empty; `"ok": false` fails. Totals are read from a
"totals" object when there is one, else from the file's top level.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

REPORT_DIR = Path("test-report")
# Not figures: the software bill of materials and this report's own output.
NOT_FIGURES = {"sbom.json", "trust.json"}
MUST_BE_ZERO = {
    "leaks",
    "failed_checks",
    "failures",
    "server_errors",
    "lost_updates",
    "partial_records",
    "orphan_files",
    "live_sessions",
    "reachable_without_second_factor",
    "paths_with_personal_data",
    "log_lines_with_personal_data",
    "access_log_rows_missing",
    "patterns_without_route",
    "unattributed_changes",
    "unattributed",
    "rows_left",
    "mismatches",
    "files_left",
    "live_sessions_after_logout",
    "live_sessions_after_deactivation",
    "live_sessions_after_password_change",
    "responses_with_citizen_data",
    "changes_kept",
    "hsts_missing",
    "csp_object_src_missing",
    "csp_base_uri_missing",
    "frame_ancestors_missing",
    "nosniff_missing",
    "referrer_policy_missing",
    "no_store_missing",
    "cookies_insecure",
    "deploy_check_warnings",
    "deploy_check_errors",
    "error_pages_leaking",
    "public_pages_without_no_store",
    "tokens_alive_after",
    "token_strings_in_logs",
    "refused_at_an_address_that_never_failed",
    "get_requests_logged_as_changes",
    "young_rows_deleted",
    "withheld_seen",
    "fields_accepting_control_characters",
}


@dataclass
class Figure:
    section: str
    name: str
    value: str
    must: str = ""  # "0", "100%", "" (informational)
    ok: bool | None = None  # None: informational
    source: str = ""


@dataclass
class Report:
    figures: list[Figure]
    stale: list[str]
    missing: list[str]

    @property
    def failed(self) -> list[Figure]:
        return [f for f in self.figures if f.ok is False]

    @property
    def passed(self) -> bool:
        return not self.failed and not self.missing


def _load(path: Path) -> dict | list | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _zero(section: str, name: str, value, source: str) -> Figure:
    count = len(value) if isinstance(value, list) else value
    return Figure(section, name, str(count), "0", count == 0, source)


def _percent(section: str, name: str, done: int, total: int, source: str) -> Figure:
    share = 100.0 if total == 0 else 100.0 * done / total
    return Figure(section, name, f"{done}/{total} ({share:.1f}%)", "100%", done == total, source)


def authorization(data: dict, source: str) -> list[Figure]:
    section = "Authorization"
    figures = []
    if data.get("url_patterns") is not None:
        figures.append(
            _percent(
                section,
                "URL patterns with a Route",
                data.get("url_patterns_covered") or 0,
                data["url_patterns"],
                source,
            )
        )
    figures.append(
        _zero(
            section, "URL patterns without a Route", data.get("patterns_without_route", []), source
        )
    )
    for key, label in (
        ("api_operations", "API operations"),
        ("routes_checked", "Routes checked"),
        ("roles", "Roles"),
        ("checks", "Checks (route × method × role)"),
        ("allowed_checks", "Allowed checks"),
        ("denied_checks", "Denied checks"),
        ("api_checks_by_token", "API checks with a personal token"),
        ("database", "Database"),
    ):
        if key in data:
            figures.append(Figure(section, label, str(data[key]), source=source))
    if data.get("methods"):
        methods = ", ".join(f"{m} {n}" for m, n in sorted(data["methods"].items()))
        figures.append(Figure(section, "Methods", methods, source=source))
    figures.append(_zero(section, "Failed checks", data.get("failed_checks", []), source))
    figures.append(
        _zero(section, "Leaks (canary in a denied response)", data.get("leaks", []), source)
    )
    return figures


def access_log(data: dict, source: str) -> list[Figure]:
    if "access_log_rows_checked" not in data:
        return []
    checked = data["access_log_rows_checked"]
    missing = len(data.get("access_log_rows_missing") or [])
    figures = [
        _percent(
            "Access-log coverage",
            "Allowed responses with citizen data that wrote a log row first",
            checked - missing,
            checked,
            source,
        )
    ]
    if "get_requests_logged_as_changes" in data:
        figures.append(
            Figure(
                "Access-log coverage",
                "GET, HEAD and OPTIONS requests checked",
                str(data.get("safe_requests_checked", 0)),
                source=source,
            )
        )
        figures.append(
            _zero(
                "Access-log coverage",
                "GET requests logged as changes",
                data["get_requests_logged_as_changes"],
                source,
            )
        )
    return figures


def personal_data(data: dict, source: str) -> list[Figure]:
    section = "Personal data in URLs and logs"
    figures = [
        Figure(section, "Requests watched", str(data.get("requests", 0)), source=source),
        Figure(section, "Log records watched", str(data.get("log_records", 0)), source=source),
        Figure(section, "Citizens watched", str(data.get("citizens_watched", 0)), source=source),
    ]
    for key, label in (
        ("paths_with_personal_data", "Request paths with a name, date of birth or canary"),
        ("log_lines_with_personal_data", "Log lines with a name, date of birth or canary"),
    ):
        figures.append(_zero(section, label, data.get(key, 0), source))
    return figures


def bad_input(rows: list[dict], source: str) -> list[Figure]:
    section = "Bad input (fuzzing)"
    figures = []
    for kind, label in (("form", "Forms"), ("api", "API operations")):
        mine = [r for r in rows if r.get("kind") == kind]
        if not mine:
            continue
        examples = sum(r.get("examples", 0) for r in mine)
        databases = ", ".join(sorted({r.get("database", "?") for r in mine}))
        figures.append(
            Figure(section, f"{label} fuzzed", f"{len(mine)} ({databases})", source=source)
        )
        figures.append(Figure(section, f"{label}: examples tried", str(examples), source=source))
        failing = [r["target"] for r in mine if r.get("server_errors")]
        errors = sum(r.get("server_errors", 0) for r in mine)
        figure = _zero(section, f"{label}: responses >= 500", errors, source)
        if failing:
            figure.value += f" ({', '.join(failing)})"
        figures.append(figure)
    return figures


def generic(name: str, data, source: str) -> list[Figure]:
    """Figures of a file this script does not know: totals, and the must-be-zero rules."""
    section = name.removeprefix("trust-").replace("-", " ").replace("_", " ").capitalize()
    if not isinstance(data, dict):
        return [Figure(section, "Figures", "not a JSON object", "", False, source)]
    figures = []
    if data.get("databases"):
        figures.append(Figure(section, "Databases", ", ".join(data["databases"]), source=source))
    values = data.get("totals") if isinstance(data.get("totals"), dict) else data
    for key, value in values.items():
        label = key.replace("_", " ")
        if key == "ok" and isinstance(value, bool):
            figures.append(Figure(section, "ok", str(value), "true", value, source))
        elif key in MUST_BE_ZERO and isinstance(value, int | list):
            figures.append(_zero(section, label, value, source))
        elif key.endswith(("_expected", "_max")) and isinstance(value, int):
            continue
        elif isinstance(values.get(f"{key}_max"), int) and isinstance(value, int | float):
            limit = values[f"{key}_max"]
            figures.append(Figure(section, label, str(value), f"< {limit}", value < limit, source))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            expected = values.get(f"{key}_expected")
            if isinstance(expected, int):
                figures.append(
                    Figure(section, label, str(value), f"= {expected}", value == expected, source)
                )
            else:
                figures.append(Figure(section, label, str(value), source=source))
        elif isinstance(value, str) and len(value) <= 80:
            figures.append(Figure(section, label, value, source=source))
    if data.get("totals") is not None:
        # A row may break a rule that its totals hide (one +1 and one -1 never happen, but a
        # row of `ok: false` can).
        for row in data.get("rows") or []:
            if isinstance(row, dict) and row.get("ok") is False:
                figures.append(
                    Figure(section, "row not ok", json.dumps(row)[:200], "", False, source)
                )
    return figures


def build(directory: Path, since: float | None, require: bool) -> Report:
    figures: list[Figure] = []
    stale: list[str] = []
    found: set[str] = set()

    def fresh(path: Path) -> bool:
        if since is not None and path.stat().st_mtime < since:
            stale.append(str(path))
            return False
        return True

    for path in sorted(directory.glob("*.json")):
        if path.name in NOT_FIGURES or not fresh(path):
            continue
        data = _load(path)
        source = str(path)
        if data is None:
            figures.append(Figure(path.stem, "File", "unreadable JSON", "", False, source))
        elif path.name == "authorization.json":
            figures += authorization(data, source)
            figures += access_log(data, source)
            found |= {"authorization", "access-log"}
        elif path.name == "personal-data.json":
            figures += personal_data(data, source)
            found.add("personal-data")
        else:
            figures += generic(path.stem, data, source)
    rows, old_fuzz = [], 0
    for path in sorted((directory / "fuzz").glob("*.json")):
        if since is not None and path.stat().st_mtime < since:
            old_fuzz += 1
        elif isinstance(row := _load(path), dict):
            rows.append(row)
    if old_fuzz:
        stale.append(f"{directory / 'fuzz'}/: {old_fuzz} files")
    if rows:
        figures += bad_input(rows, str(directory / "fuzz"))
        found.add("bad-input")
    required = {"authorization", "access-log", "personal-data", "bad-input"}
    missing = sorted(required - found) if require else []
    return Report(figures, stale, missing)


def render(report: Report) -> str:
    verdict = "PASSED" if report.passed else "FAILED"
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Trust report: {verdict}", "", f"Made {now} from the figures in test-report/.", ""]
    section = None
    for figure in report.figures:
        if figure.section != section:
            section = figure.section
            lines += [
                "",
                f"## {section}",
                "",
                "| Figure | Value | Must be | |",
                "| --- | --- | --- | --- |",
            ]
        mark = {True: "ok", False: "**FAILED**", None: ""}[figure.ok]
        value = figure.value.replace("|", "\\|")
        lines.append(f"| {figure.name} | {value} | {figure.must} | {mark} |")
    if report.missing:
        lines += ["", "## Not measured (a full run must measure them)", ""]
        lines += [f"- {name}" for name in report.missing]
    if report.stale:
        lines += ["", "## Left from an earlier run (not counted)", ""]
        lines += [f"- {name}" for name in report.stale]
    if report.failed:
        lines += ["", "## Failed", ""]
        lines += [f"- {f.section}: {f.name} = {f.value} (must be {f.must})" for f in report.failed]
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=REPORT_DIR)
    parser.add_argument(
        "--since", type=float, help="start of the test run (seconds since the epoch)"
    )
    parser.add_argument(
        "--require", action="store_true", help="a full run: every figure must be there"
    )
    args = parser.parse_args(argv)
    report = build(args.dir, args.since, args.require)
    if not report.figures and not args.require:
        print("Trust report: no figures in test-report/ from this run.")
        return 0
    text = render(report)
    args.dir.mkdir(parents=True, exist_ok=True)
    (args.dir / "trust.md").write_text(text, encoding="utf-8")
    payload = {
        "passed": report.passed,
        "figures": [asdict(f) for f in report.figures],
        "failed": [asdict(f) for f in report.failed],
        "missing": report.missing,
        "stale": report.stale,
    }
    (args.dir / "trust.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print()
    print(text, end="")
    print(f"(saved as {args.dir / 'trust.md'} and {args.dir / 'trust.json'})")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
