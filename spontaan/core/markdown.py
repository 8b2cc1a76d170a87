"""Markdown to safe HTML: rendered with Python-Markdown, then sanitised by nh3 (Ammonia)."""

import re

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


_LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def _unlink(html: str) -> str:
    """Each link as its text and, when it differs, its address in brackets, not clickable."""

    def plain(match: re.Match) -> str:
        href, label = match.group(1), match.group(2)
        return label if href in (label, f"mailto:{label}") else f"{label} ({href})"

    return _LINK.sub(plain, html)


def render_markdown(text: str, *, links: bool = True) -> str:
    """Render user Markdown to HTML that is safe to show: no scripts, styles or raw HTML.

    With `links=False` (the text of an account that has not taken part yet, see
    `moderation.selectors.account_is_new`) links are not clickable: the `a` element is
    dropped and its text stays, followed by the address as plain text.
    """
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    if not links:
        html = _unlink(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS if links else ALLOWED_TAGS - {"a"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
