"""axe-core (vendored under tests/vendor/axe-core) run in a Playwright page: the accessibility
violations the browser test refuses."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
# Impacts that fail the test; "moderate" and "minor" ones are left to review.
REFUSED_IMPACTS = ("serious", "critical")

RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The serious and critical violations of the page as loaded. The script is evaluated
    through the DevTools protocol, which the page's Content-Security-Policy does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    return [found for found in page.evaluate(RUN) if found["impact"] in REFUSED_IMPACTS]


def describe(found: dict) -> str:
    nodes = ", ".join(found["nodes"][:5])
    return f"{found['impact']} {found['id']} ({found['help']}): {nodes}"
