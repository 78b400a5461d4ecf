"""Rendering helpers: the linear acronym extension behaves exactly like Python-Markdown's own."""

from __future__ import annotations

import markdown
from markdown.extensions.abbr import AbbrExtension

from fixtures import CONTENT
from ctg.pages import generate_pages
from ctg.pages.glossaire import abbreviations
from ctg.pipeline import load_site
from mkdocs_hooks.abreviations import LinearAbbrExtension

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def render(text: str, extension) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS + [extension])


def test_linear_abbr_gives_the_same_html_as_the_stock_extension():
    site = load_site(CONTENT)
    glossary = abbreviations(site)
    pages = {p.path: p for p in generate_pages(site)}
    for path in ("plan-action/fiche-01.md", "communes/marck.md", "enjeux/parentalite.md", "glossaire.md"):
        text = pages[path].body
        assert render(text, LinearAbbrExtension(glossary=glossary)) == render(text, AbbrExtension(glossary=glossary)), path


def test_linear_abbr_on_many_siblings_with_acronyms_in_tails():
    glossary = {"CAF": "Caisse d'Allocations Familiales", "RPE": "Relais petite enfance"}
    text = "\n\n".join(f"Le **RPE** n°{i} et la CAF, puis la *CAF* encore." for i in range(300))
    linear = render(text, LinearAbbrExtension(glossary=glossary))
    assert linear == render(text, AbbrExtension(glossary=glossary))
    assert linear.count('<abbr title="Caisse d\'Allocations Familiales">CAF</abbr>') == 600
