"""Writing helpers for generated pages, with one escaper per output context.

YAML is edited by many people: a text must never become HTML, a script, a link, a heading or a
macro, whatever the place it lands in. Each context has its own rules, so each has its function:

- ``esc``: text inside Markdown (paragraphs, list items, headings, table cells in Markdown,
  elements marked ``markdown``). Markdown syntax is neutralised; ``< > &`` become entities.
- ``html_escape``: text or attribute value inside raw HTML blocks and SVG (Python-Markdown leaves
  raw HTML untouched, so a Markdown escape would show as a stray backslash there).
- ``front_matter``: page title, description and other metadata, which MkDocs and its theme
  treat as HTML and print without escaping: they are HTML-escaped once, here.
- ``safe_href``: a URL from content, kept only for the schemes a reader can trust.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import Iterable
from urllib.parse import urlsplit

from markupsafe import escape as _markup_escape

from schema.common import ItemDetail

# Markdown inline syntax that could turn plain text into emphasis, links, code or attributes.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
# Characters that change the meaning of a line when they start it (headings, lists, quotes…).
# (« !!! » and « ??? » open admonitions and details blocks.)
_LINE_START = re.compile(r"^(\s*)([#+\-:=>~!?]|\d+[.)])", re.MULTILINE)


def _neutralise_jinja(text: str) -> str:
    # A page may be read by a macro engine (mkdocs-macros): « {{ » and « {% » stay text.
    return text.replace("{{", "&#123;&#123;").replace("{%", "&#123;%").replace("{#", "&#123;#")


def esc(text: str | None) -> str:
    """Plain text for a Markdown context: shown exactly as typed, never interpreted."""
    if text is None:
        return ""
    # « # » anywhere: a heading drops its trailing « # » as a closing sequence.
    escaped = _neutralise_jinja(html.escape(str(text), quote=False).replace("#", "&#35;"))
    escaped = _INLINE_SPECIALS.sub(lambda m: "&#124;" if m.group(1) == "|" else "\\" + m.group(1), escaped)
    return _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), escaped)


def html_escape(text: object) -> str:
    """Plain text for raw HTML or SVG: element text and double- or single-quoted attribute values."""
    if text is None:
        return ""
    return _neutralise_jinja(str(_markup_escape(str(text))))


def tooltip_text(text: str) -> str:
    """The value a ``title`` attribute must hold (once the page is parsed) when the theme makes it a tooltip.

    Material's tooltips (feature ``content.tooltips``) insert the value as HTML, so it must hold no
    tag and no character reference of its own: « < », « > » and an « & » that starts a reference are
    escaped, and the tooltip shows exactly ``text``. A lone « & » stays as is, so that the browser's
    own tooltip (without JavaScript) still reads « Terres & Mers ».
    In raw HTML, write it through ``html_escape``.
    """
    return re.sub(r"&(?=[#A-Za-z0-9])", "&amp;", str(text)).replace("<", "&lt;").replace(">", "&gt;")


SAFE_URL_SCHEMES = ("http", "https", "mailto", "tel")


def is_safe_url(url: str) -> bool:
    """http(s), mailto, tel or a site-relative target; never javascript:, data:, vbscript:…"""
    # Browsers ignore tabs and line breaks inside a scheme (« java\tscript: »): judge what they see.
    seen = re.sub(r"[\x00-\x20]", "", url).replace("\\", "/")  # browsers read « \\ » as « / »
    if seen.startswith("//"):
        return False  # protocol-relative: another host
    scheme = urlsplit(seen).scheme.lower()
    return scheme in SAFE_URL_SCHEMES if scheme else ":" not in seen.split("/", 1)[0]


def safe_href(url: str) -> str:
    """An href attribute value for a URL from content; an unsafe URL gives an inert « # »."""
    return html_escape(url) if is_safe_url(url) else "#"


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


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
# Between two lists: without it, Markdown merges two YAML lists that follow each other into one.
LIST_SEPARATOR = "<!-- fin de liste -->"


def _ends_with_list(block: str) -> bool:
    # The last line that starts at the margin decides: indented lines below it belong to it.
    for line in reversed(block.rstrip().splitlines()):
        if line and not line[0].isspace():
            return bool(_LIST_ITEM.match(line))
    return False


def join_blocks(blocks: Iterable[str | None]) -> str:
    """Markdown blocks one after the other, each kept apart: two lists stay two lists."""
    joined: list[str] = []
    for block in blocks:
        if not block:
            continue
        if joined and _ends_with_list(joined[-1]) and _LIST_ITEM.match(block.lstrip("\n")):
            joined.append(LIST_SEPARATOR)
        joined.append(block)
    return "\n\n".join(joined)


def items_md(items: Iterable[ItemDetail], render=esc, indent: int = 0) -> str:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        lines.append(f"{pad}- {render(item.texte)}")
        if item.sous_liste:
            lines.append(items_md(item.sous_liste, render, indent + 4))
    return "\n".join(lines)


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter: every value JSON-quoted (never interpreted as YAML), every text
    HTML-escaped (MkDocs themes print the title, description and other metadata as HTML)."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        # ASCII only: a control character left raw would make MkDocs drop the whole front matter.
        lines.append(f"{key}: {json.dumps(html_values(value), ensure_ascii=True)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def html_values(value: object) -> object:
    if isinstance(value, str):
        return html_escape(value)
    if isinstance(value, list):
        return [html_values(item) for item in value]
    if isinstance(value, dict):
        return {key: html_values(item) for key, item in value.items()}
    return value


def nav_title(text: str) -> str:
    """A menu label from content: the theme prints navigation labels as HTML."""
    return html_escape(text)


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
