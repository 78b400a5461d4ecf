"""Page generation: a plain function from the resolved model to Markdown pages and a navigation.

Nothing here knows MkDocs: another renderer can take the same pages and navigation.
"""

from __future__ import annotations

from ..kinds import KIND
from ..model import Site
from . import acteurs, chiffres, communes, deliberations, documents, enjeux, fiches, glossaire, impression, paths, postes, suivi
from .annexes import ANNEXES, Annexe, annex_page
from .common import Page
from .markdown import nav_title

__all__ = ["Page", "generate_pages", "menu_paths", "navigation"]


def menu_paths(nav: list) -> set[str]:
    """Every page path that the menu lists."""
    found: set[str] = set()
    for entry in nav:
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found |= menu_paths(value if isinstance(value, list) else [value])
    return found


def _pages_of(site: Site) -> list[Page]:
    pages: list[Page] = []
    for module in (fiches, enjeux, communes, acteurs, chiffres, documents, deliberations, postes, impression, glossaire, suivi):
        pages.extend(module.pages(site))
    return pages


def generate_pages(site: Site) -> list[Page]:
    # Avenants (ctg/pages/avenants.py): pages show the text in force, marked, and keep the signed one.
    from . import avenants

    signed = avenants.versions_of(site).signe
    return avenants.finish(site, _pages_of(avenants.display_site(site)), _pages_of(signed) if signed else None)


def navigation(site: Site, handwritten: dict[str, str]) -> list:
    """The site's menu. Its size does not grow with the number of fiches or équipements
    (they are reached from index pages), so every page's menu stays small and builds stay linear.

    ``handwritten`` maps roles to hand-written pages in docs/ (home, about pages…).
    """
    convention = [paths.CONVENTION]
    for document in site.textes_de("presentation"):
        convention.append({document.titre: paths.texte("presentation", document.id)})
    if site.convention:
        convention.append({"Parties et signataires": paths.texte("convention", "signataires")})
    for document in site.textes_de("convention"):
        convention.append({document.titre: paths.texte("convention", document.id)})
    convention.append({"Avenants": KIND["avenants"].index})  # ctg/pages/avenants.py

    annexes: list = [paths.ANNEXES]
    for annexe in ANNEXES:
        if annexe.menu is None:
            continue
        if annexe.numero == "2":
            annexes.append({annexe.menu: _annexe2_menu(site, annexe)})
        elif target := annex_page(site, annexe):
            annexes.append({annexe.menu: target})

    # The « À propos » tab opens its own page (first, and an index.md); the developers' pages
    # (performances) are linked from it, not from the menu.
    roles = ("accueil", "donnees", "a-propos")
    about = [handwritten["a-propos"], {"Données ouvertes": handwritten["donnees"]}, {"La convention complète (impression)": paths.IMPRIMER}]
    about += [{title: page} for title, page in handwritten.items() if title not in roles]
    return _labels_as_html([
        {"Accueil": handwritten["accueil"]},
        {"Trouver un service": [paths.SERVICES, {"Les communes": paths.COMMUNES}]},
        # The plan d'action is the heart of the convention: its own tab (Annexe 4 in the document).
        {"Plan d'action": [paths.PLAN, {"Où en est la convention ?": suivi.TABLEAU_DE_BORD}]},
        {"La convention": convention},
        {"Annexes": annexes},
        {"Acteurs": [paths.ACTEURS, {"Glossaire": paths.GLOSSAIRE}]},
        {"À propos": about},
    ])


def _annexe2_menu(site: Site, annexe: Annexe) -> list:
    """Annexe 2 in the menu: its text, then the enjeux and the figures that continue it on the site."""
    entries: list = []
    if annexe.texte and annexe.texte in site.textes:
        entries.append({"Diagnostic partagé": paths.texte("annexe", annexe.texte)})
    entries.append({"Enjeux par thématique": paths.ENJEUX})
    for enjeu in site.enjeux.values():
        entries.append({enjeu.titre: paths.enjeu(enjeu.thematique)})
    entries.append({"Le territoire en chiffres": paths.TERRITOIRE})
    return entries


def _labels_as_html(entries: list) -> list:
    """Every menu label escaped once, here: themes print navigation labels as HTML."""
    escaped: list = []
    for entry in entries:
        if isinstance(entry, dict):
            entry = {
                nav_title(label): _labels_as_html(value) if isinstance(value, list) else value
                for label, value in entry.items()
            }
        escaped.append(entry)
    return escaped
