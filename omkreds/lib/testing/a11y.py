"""Accessibility checks with axe-core, run inside the page the browser test has open.

`assert_accessible(page)` fails with one line per rule that is broken, the elements that break
it and where to read about it. axe-core ships inside axe-playwright-python, so nothing is
fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterable

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.1 level A and AA: what DESIGN.md promises.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# WCAG 2.2 AA on top, with target size (2.5.8): for the pages made for a tablet.
WCAG22_TAGS = (*WCAG_TAGS, "wcag22aa")

_RUN = """async ([context, options]) => {
  return await window.axe.run(context ?? document, options);
}"""


def axe_violations(
    page,
    *,
    include: str | None = None,
    disable_rules: Iterable[str] = (),
    tags: Iterable[str] = WCAG_TAGS,
) -> list[dict]:
    """Run axe-core on the page (or the part `include` selects) and return its violations.

    It first waits for the page to have loaded: a click that navigates returns once the
    navigation has started, and axe run in the old page while the new one arrives fails
    ("Cannot read properties of null (reading 'documentElement')"), as it did under CPU load
    (issue 15, point 12). The tests also wait for the page they mean (`wait_for_url`, a heading).
    """
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.readyState === 'complete' && !!document.body")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options: dict = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
    }
    rules = {rule: {"enabled": False} for rule in disable_rules}
    if rules:
        options["rules"] = rules
    context = {"include": [include]} if include else None
    return page.evaluate(_RUN, [context, options])["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): {violation['help']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
        lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


def assert_accessible(
    page,
    *,
    include: str | None = None,
    disable_rules: Iterable[str] = (),
    tags: Iterable[str] = WCAG_TAGS,
) -> None:
    """Fail unless axe-core finds no WCAG 2.1 A/AA violation on the page as it is now.

    `disable_rules` is for a rule that is known to misfire on one page; say why where you use it.
    """
    violations = axe_violations(page, include=include, disable_rules=disable_rules, tags=tags)
    if violations:
        count = sum(len(v["nodes"]) for v in violations)
        raise AssertionError(
            f"axe-core: {len(violations)} WCAG A/AA rule(s) broken by {count} element(s) "
            f"on {page.url}\n{describe(violations)}"
        )
