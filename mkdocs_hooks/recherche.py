"""MkDocs hooks for the site search: collect the rendered pages, then write the Pagefind index and the
synonyms the query side reads. The search logic lives in ctg/recherche.py."""

from __future__ import annotations

import html
from pathlib import Path

from ctg import build as ctg_build
from ctg.recherche import IndexedPage, page_kind, write_index, write_synonyms

_pages: list[IndexedPage] = []


def on_pre_build(config) -> None:
    _pages.clear()


def on_post_page(output: str, page, config) -> str:
    search = page.meta.get("search") or {}
    if page.file.url in ("404.html",) or (isinstance(search, dict) and search.get("exclude")):
        return output  # « search: exclude: true » in a page's front matter keeps it out of the index
    # Front-matter titles are HTML (generated ones are escaped by ctg, the theme prints them as HTML):
    # the index keeps their text, which recherche.js shows as text.
    title = html.unescape(str(page.meta.get("title") or page.title or ""))
    kind = page_kind(page.file.url, ctg_build.current().site.agglomeration_id)
    _pages.append(IndexedPage(url=page.file.url, title=title, html_file=Path(page.file.abs_dest_path), kind=kind))
    return output


def on_post_build(config) -> None:
    site_dir = Path(config.site_dir)
    write_synonyms(ctg_build.current().site, site_dir / "assets" / "recherche-synonymes.json", _pages)
    write_index(_pages, site_dir)
