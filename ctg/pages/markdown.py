"""Markdown writing helpers. Every text that comes from YAML goes through ``esc``.

Why escape: YAML is edited by many people; a text must never become HTML, a script, a link, a
heading or a macro. ``esc`` turns ``< > &`` into entities and neutralises Markdown syntax, so what
the editor typed is what the reader sees, as plain text.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Iterable

from schema.common import ItemDetail

# Markdown inline syntax that could turn plain text into emphasis, links, code or attributes.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
# Characters that change the meaning of a line when they start it (headings, lists, quotes…).
_LINE_START = re.compile(r"^(\s*)([#+\-:=>~]|\d+[.)])")


def esc(text: str | None) -> str:
    if text is None:
        return ""
    escaped = html.escape(str(text), quote=False)
    escaped = _INLINE_SPECIALS.sub(lambda m: "&#124;" if m.group(1) == "|" else "\\" + m.group(1), escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)
    # Jinja markers are neutralised too, in case a macro engine ever reads generated pages.
    return escaped.replace("{{", "&#123;&#123;").replace("{%", "&#123;%")


def attr(text: str) -> str:
    """Text for an HTML attribute value (double-quoted)."""
    return html.escape(str(text), quote=True)


def rel(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative link from one .md page to another, as MkDocs expects (it checks them all)."""
    start = posixpath.dirname(from_page)
    target = posixpath.relpath(to_page, start or ".")
    return target + (f"#{anchor}" if anchor else "")


def link(from_page: str, to_page: str, label: str, anchor: str | None = None) -> str:
    return f"[{esc(label)}]({rel(from_page, to_page, anchor)})"


def bullet_list(items: Iterable[str], indent: int = 0) -> str:
    """A list of already-escaped Markdown lines."""
    pad = " " * indent
    return "\n".join(f"{pad}- {item}" for item in items)


def items_md(items: Iterable[ItemDetail], render=esc, indent: int = 0) -> str:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        lines.append(f"{pad}- {render(item.texte)}")
        if item.sous_liste:
            lines.append(items_md(item.sous_liste, render, indent + 4))
    return "\n".join(lines)


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter with every value JSON-quoted (never interpreted)."""
    import json

    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def heading_id(text: str) -> str:
    """Stable anchor from a label, same slug rules as identifiers."""
    import unicodedata

    folded = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "section"


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def french_date(iso: str) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def format_number(value, decimals: int | None = None) -> str:
    """French number formatting: narrow no-break space for thousands, comma for decimals."""
    from decimal import Decimal

    if value is None:
        return ""
    number = Decimal(value)
    if decimals is None:
        exponent = number.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def page_url(md_path: str) -> str:
    """URL directory of a page with MkDocs' directory URLs (« a/b.md » → « a/b/ », « a/index.md » → « a/ »)."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path[: -len("index.md")]
    return md_path[: -len(".md")] + "/"


def href(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative URL for raw HTML links (MkDocs only rewrites Markdown links)."""
    start = page_url(from_page) or "."
    target = page_url(to_page) or "."
    relative = posixpath.relpath(target, start)
    relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{anchor}" if anchor else "")


_MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HTML_HREF = re.compile(r'href="([^"]+)"')


def _is_relative(target: str) -> bool:
    return not (target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target))


def rebase(markdown: str, from_page: str, to_page: str) -> str:
    """Rewrite relative links of a body written for one page so they work from another page."""

    def markdown_link(match: re.Match[str]) -> str:
        target = match.group(1)
        if not _is_relative(target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
        return "](" + rel(to_page, absolute, anchor or None) + ")"

    def html_link(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        if not _is_relative(target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        base = page_url(from_page)
        absolute = posixpath.normpath(posixpath.join(base, path)) if path else base.rstrip("/")
        start = page_url(to_page) or "."
        relative = posixpath.relpath(absolute or ".", start)
        relative = "./" if relative == "." else relative + ("/" if path.endswith("/") or not path else "")
        return 'href="' + html.escape(relative + (f"#{anchor}" if anchor else ""), quote=True) + '"'

    return _HTML_HREF.sub(html_link, _MD_LINK.sub(markdown_link, markdown))


def links_as_urls(markdown: str, page: str) -> str:
    """Markdown links to .md pages rewritten as the URLs they become (for renderers that do not)."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(1)
        if not _is_relative(target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        if not path.endswith(".md"):
            return match.group(0)
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        return "](" + href(page, absolute, anchor or None) + ")"

    return _MD_LINK.sub(replace, markdown)
