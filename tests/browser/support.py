"""What the browser tests measure in the page: axe-core, contrast, overflow, target sizes."""

from axe_playwright_python.sync_playwright import Axe

SERIOUS = {"serious", "critical"}
MIN_TARGET = 44

# WCAG relative luminance and contrast of an element's text against the first opaque
# background behind it (walking up the ancestors): what axe leaves as "needs review" when the
# colours are equal.
CONTRAST_JS = """
(element) => {
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const channel = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  let node = element, background = [255, 255, 255];
  while (node && node.nodeType === 1) {
    const parts = rgb(getComputedStyle(node).backgroundColor);
    if (parts.length === 3 || parts[3] === 1) { background = parts.slice(0, 3); break; }
    node = node.parentElement;
  }
  const [hi, lo] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)]
    .sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
"""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    response = Axe().run(page).response
    return [
        f"{page.url}: {rule['id']} ({rule['impact']}) at "
        + ", ".join(str(node["target"]) for node in rule["nodes"][:3])
        for rule in response["violations"]
        if rule["impact"] in SERIOUS
    ]


def contrast(locator) -> float:
    return locator.evaluate(CONTRAST_JS)


def sideways_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def small_targets(locator) -> list[str]:
    """Visible elements of ``locator`` smaller than 44 × 44 CSS pixels."""
    small = []
    for element in locator.all():
        box = element.bounding_box()
        if box and (box["width"] < MIN_TARGET - 0.5 or box["height"] < MIN_TARGET - 0.5):
            small.append(f"{element.inner_text()!r} {box['width']:.0f}×{box['height']:.0f}")
    return small
