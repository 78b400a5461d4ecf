"""Pieces shared by every page: the Page record, rich text with cross-links, notes, blocks, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from schema.common import Block, Section, SourceNote
from schema.vocabulaires import NOTE_KIND_LABELS

from ..model import Site
from ..text import FICHE_MENTION
from . import paths
from .markdown import esc, front_matter, html_escape, items_md, join_blocks, rel
from .tableaux import table_block


@dataclass
class Page:
    """A generated page: its path in the docs tree, title, Markdown body and metadata."""

    path: str
    title: str
    body: str
    description: str | None = None
    reproduit: str | None = None  # which part of the signed document the page reproduces
    source_files: list[str] = field(default_factory=list)  # content files it is built from
    # The page gathers other pages (the print page): each line of its history names the page it
    # concerns. A sommaire (index page) has no source file: no date, no history (CONTRIBUTING 6 quinquies).
    gathers: bool = False
    search_boost: float | None = None
    in_menu: bool = False  # detail pages are not in the menu: their empty menu column is hidden
    hide_toc: bool = False
    in_search: bool = True  # the one-page convention repeats every page: kept out of the search index
    # A very long page is also given as independent chunks: a renderer converts them one by one,
    # because Markdown converters slow down more than linearly on one huge document.
    chunks: list[str] | None = None

    def markdown(self, updated: str | None = None, history: list[dict[str, str]] | None = None) -> str:
        meta = {
            "title": self.title,
            "description": self.description,
            "reproduit": self.reproduit,
            "fichiers_source": ", ".join(self.source_files) if self.source_files else None,
            "mis_a_jour": updated,
            "historique": history or None,  # ctg/historique.py: date, libelle, resume (escaped by front_matter)
            "genere": True,
            "hide": ([] if self.in_menu else ["navigation"]) + (["toc"] if self.hide_toc else []) or None,
        }
        text = front_matter(meta)
        if self.search_boost:
            text = text.replace("---\n\n", f"search:\n  boost: {self.search_boost}\n---\n\n", 1)
        elif not self.in_search:
            text = text.replace("---\n\n", "search:\n  exclude: true\n---\n\n", 1)
        return text + self.body.strip() + "\n"


class Renderer:
    """Renders content text for one page: escaping, then links for explicit fiche mentions."""

    def __init__(self, site: Site, page_path: str, embedded: bool = False):
        self.site = site
        self.page_path = page_path
        # The page is shown inside another one (the print page): no breadcrumb of its own.
        self.embedded = embedded

    def text(self, value: str | None) -> str:
        escaped = esc(value)

        def to_link(match: re.Match[str]) -> str:
            numero = int(match.group(1))
            if numero not in self.site.fiches:
                return match.group(0)
            target = paths.fiche(numero)
            if target == self.page_path:
                return match.group(0)
            return f"[{match.group(0)}]({rel(self.page_path, target)})"

        return FICHE_MENTION.sub(to_link, escaped)

    def link(self, target: str, label: str, anchor: str | None = None) -> str:
        return f"[{esc(label)}]({rel(self.page_path, target, anchor)})"

    def facts(self, pairs) -> list[str]:
        """« **Label :** value » lines for the values that exist."""
        return [f"**{label} :** {self.text(value)}" for label, value in pairs if value]

    def breadcrumb(self, *steps: tuple[str, str] | str) -> str:
        """« Fil d'Ariane »: (target, label) steps are links, a plain string is the current page."""
        if self.embedded:
            return ""
        rendered = [self.link(*step) if isinstance(step, tuple) else esc(step) for step in steps]
        return '<nav class="ctg-fil" aria-label="Fil d\'Ariane" markdown>' + " › ".join(rendered) + "</nav>"

    def items(self, items, indent: int = 0) -> str:
        return items_md(items, self.text, indent)

    def paragraphs(self, texts: Iterable[str]) -> str:
        return join_blocks(self.text(t) for t in texts)

    def notes(self, notes: Iterable[SourceNote], title: str = "Notes de transcription") -> str:
        notes = list(notes)
        if not notes:
            return ""
        # Collapsed, after the content: every note stays readable, none pushes the text down.
        lines = [
            f'??? note ctg-notes "{title} ({len(notes)})"',
            "    Ce que la transcription n'a pas pu reprendre tel quel du document signé :",
            "",
        ]
        for note in notes:
            label = NOTE_KIND_LABELS[note.type]
            where = f" ({esc(note.champ)})" if note.champ else ""
            lines_ref = f" — lignes {esc(note.lignes)} du texte source" if note.lignes else ""
            lines.append(f"    - **{label}**{where} : {self.text(note.texte)}{lines_ref}")
        return "\n".join(lines)

    def inline_note(self, note: SourceNote) -> str:
        label = NOTE_KIND_LABELS[note.type]
        return f'??? note ctg-notes "{label}"\n    {self.text(note.texte)}'

    def blocks(self, blocks: Iterable[Block], level: int = 3) -> str:
        parts: list[str] = []
        for block in blocks:
            if block.intertitre:
                parts.append(f"{'#' * level} {self.text(block.intertitre)}")
            elif block.paragraphe:
                parts.append(self.text(block.paragraphe))
            elif block.liste:
                parts.append(self.items(block.liste))
            elif block.tableau:
                parts.append(self.source_table(block.tableau))
            elif block.donnees:
                parts.append(table_block(self, self.site.chiffres[block.donnees], level, embedded=True))
            elif block.note:
                parts.append(self.inline_note(block.note))
        return join_blocks(parts)

    def sections(self, sections: Iterable[Section], level: int = 2) -> str:
        parts: list[str] = []
        for section in sections:
            if section.titre:
                parts.append(f"{'#' * level} {self.text(section.titre)}")
            # An untitled section continues the previous level: its sub-headings must not skip one.
            parts.append(self.blocks(section.contenu, level + 1 if section.titre else level))
        return join_blocks(parts)

    def source_table(self, table) -> str:
        lines: list[str] = []
        if table.titre:
            lines.append(f"**{self.text(table.titre)}**\n")
        lines.append("| " + " | ".join(self.text(c) for c in table.colonnes) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.colonnes) + "|")
        for row in table.lignes:
            lines.append("| " + " | ".join(self.text(c) for c in row) + " |")
        if table.source:
            lines.append(f"\n*Source : {self.text(table.source)}*")
        return "\n".join(lines)


def filter_select(name: str, label: str, options: list[tuple[str, str]], everything: str = "Toutes") -> str:
    """One filter of a list: a labelled select whose value is matched against data-<name> attributes."""
    choices = "".join(f'<option value="{html_escape(value)}">{html_escape(text)}</option>' for value, text in options)
    return (
        f'<div class="ctg-filtre"><label for="filtre-{name}">{html_escape(label)}</label>'
        f'<select id="filtre-{name}" data-filtre="{name}"><option value="">{html_escape(everything)}</option>{choices}</select></div>'
    )


def filter_form(target: str, selects: list[str]) -> str:
    """Filters are an enhancement: the form stays hidden until the script shows it."""
    return (
        f'<form class="ctg-filtres" data-cible="{target}" hidden>' + "".join(selects)
        + '<p class="ctg-compte" aria-live="polite"></p></form>'
    )


def admonition(kind: str, title: str, body: str) -> str:
    indented = "\n".join(("    " + line) if line.strip() else "" for line in body.splitlines())
    return f'!!! {kind} "{title}"\n{indented}'
