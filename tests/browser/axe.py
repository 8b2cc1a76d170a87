"""axe-core accessibility checks for the browser tests.

`assert_accessible(page, label)` runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is
now, so call it after every navigation and again after interactions that reveal content (an
opened `<details>`, a shown error). It fails on violations of impact "serious" or "critical",
listing rule, impact, the selectors of the offending nodes and the help text.

`AxeAudit` does the same but collects the findings of a whole flow, so one test reports every
page that has a problem instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "build" / "vendor" / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t),
                              impact: n.impact, summary: n.failureSummary,
                              html: n.html.slice(0, 200)})),
  }));
}
"""


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run `make assets` to build it.")
    return AXE_PATH.read_text(encoding="utf-8")


def _inject(page) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # An inline script: the browser context must be created with bypass_csp=True.
        page.add_script_tag(content=axe_source())


def axe_violations(page) -> list[dict]:
    """All WCAG A/AA violations axe-core finds on the page, whatever their impact."""
    page.wait_for_load_state("load")
    _inject(page)
    return page.evaluate(_RUN, WCAG_TAGS)


def serious_violations(page) -> list[dict]:
    """The violations of impact serious or critical (per rule, or per node)."""
    found = []
    for violation in axe_violations(page):
        nodes = [
            n
            for n in violation["nodes"]
            if (n["impact"] or violation["impact"]) in BLOCKING_IMPACTS
        ]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def format_violations(label: str, url: str, violations: list[dict]) -> str:
    lines = [f"{label} ({url}):"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"      {', '.join(node['target'])}  {node['html']}")
            if node["summary"]:
                summary = " ".join(node["summary"].split())
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, label: str) -> None:
    """Fail if axe-core finds a serious or critical WCAG 2.1 A/AA issue on the page now."""
    violations = serious_violations(page)
    assert not violations, "axe-core found serious or critical accessibility issues on " + (
        format_violations(label, page.url, violations)
    )


@dataclass
class AxeAudit:
    """Collects axe findings over a flow; `assert_clean()` at the end fails with all of them."""

    reports: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def check(self, page, label: str) -> None:
        self.checked.append(label)
        violations = serious_violations(page)
        if violations:
            self.reports.append(format_violations(label, page.url, violations))

    def assert_clean(self) -> None:
        assert not self.reports, (
            "axe-core found serious or critical accessibility issues:\n" + "\n".join(self.reports)
        )
