"""Glossary page, and the abbreviation definitions appended to every page (tooltips on acronyms)."""

from __future__ import annotations

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page
from ..text import slug
from .markdown import html_escape, join_blocks, tooltip_text


def abbreviations(site: Site) -> dict[str, str]:
    """Acronym → meaning, for the renderer to explain each acronym wherever it appears.

    Given to Python-Markdown's ``abbr`` extension as its glossary (one combined pattern per
    page); appending « *[X]: … » definitions to every page instead costs quadratic time.
    """
    # Python-Markdown writes the value as HTML but keeps what looks like a character reference: its
    # own « & » are escaped here so that the page holds exactly the tooltip text.
    return {entree.sigle: tooltip_text(entree.definition).replace("&", "&amp;") for entree in site.glossaire.entrees}


def glossary_page(site: Site) -> Page:
    entries = sorted(site.glossaire.entrees, key=lambda e: e.sigle.lower())
    lines = [
        "# Glossaire des sigles",
        "Les sigles employés dans la convention. Sur toutes les pages du site, un sigle souligné en pointillés "
        "affiche son sens au survol ou au toucher.",
        "*Sens usuel* : la convention emploie ce sigle sans le développer ; le sens indiqué est le sens courant.",
    ]
    items = []
    for entree in entries:
        # Raw HTML only (no « markdown » attribute): one escaping context for the whole list.
        origin = "" if entree.origine == "convention" else " <em>(sens usuel)</em>"
        detail = f" — {html_escape(entree.precision)}" if entree.precision else ""
        items.append(f'<dt id="{slug(entree.sigle)}">{html_escape(entree.sigle)}</dt>\n<dd>{html_escape(entree.definition)}{origin}{detail}</dd>')
    lines.append('<dl class="ctg-glossaire">\n' + "\n".join(items) + "\n</dl>")
    return Page(
        path=paths.GLOSSAIRE,
        title="Glossaire des sigles",
        body=join_blocks(lines),
        description=f"Les sigles de la Convention Territoriale Globale {site.territoire.periode} et leur sens.",
        reproduit="Sigles employés dans toute la convention et ses annexes",
        source_files=[KIND["glossaire"].source()],
    )


def pages(site: Site) -> list[Page]:
    return [glossary_page(site)]
