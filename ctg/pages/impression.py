"""The print page: the whole convention and its annexes on one page, in the order of the signed
document, composed from the bodies of the other pages (built with ``embedded=True``)."""

from __future__ import annotations

import re

from ..kinds import KIND, kind_of_texts
from ..model import Site
from . import paths
from .annexes import ANNEXES, annex_title
from .common import Page, Renderer
from .communes import equipement_section
from .deliberations import deliberation_page
from .documents import document_body, signataires_page
from .enjeux import enjeu_page
from .fiches import fiche_page
from .markdown import esc, join_blocks, rebase
from .postes import poste_page
from .tableaux import trajectoire_table


def _shifted(markdown: str, by: int) -> str:
    """Titles of an embedded page go one or more levels down, so the print page keeps one h1."""
    return re.sub(r"^(#{1,5}) ", lambda m: "#" * min(6, len(m.group(1)) + by) + " ", markdown, flags=re.M)


def _embedded(page: Page, path: str, by: int) -> str:
    """Another page's body inside the print page (built with ``embedded=True``: no breadcrumb, no
    pager), its links rebased to the print page and its titles shifted down."""
    return _shifted(rebase(page.body, page.path, path), by)


def _print_convention(site: Site, r: Renderer) -> list[str]:
    """The signed document before its annexes: deliberations outside Annexe 9, presentation, parties, articles."""
    parts = []
    for deliberation in site.deliberations:
        if "annexe 9" not in deliberation.emplacement.lower():
            parts.append(_embedded(deliberation_page(site, deliberation, embedded=True), r.page_path, 1))
    for document in site.textes_de("presentation"):
        parts.append(_shifted(document_body(r, document, level=1), 1))
    if site.convention:
        page = signataires_page(site)
        if page:
            parts.append(_embedded(page, r.page_path, 1))
    for document in site.textes_de("convention"):
        parts.append(_shifted(document_body(r, document, level=1), 1))
    return parts


def _print_annex_content(site: Site, r: Renderer, numero: str) -> list[str]:
    """What the print page shows of an annexe built from content (not a transcribed text)."""
    path = r.page_path
    if numero == "2":
        return [_embedded(enjeu_page(site, enjeu, embedded=True), path, 3) for enjeu in site.enjeux.values()]
    if numero == "3":
        parts = []
        for collectivite in [c for c in list(site.communes) + [site.agglomeration_id] if c in site.listes_equipements]:
            parts.append(f"#### {esc(site.collectivite_name(collectivite))}")
            parts.append(equipement_section(site, path, collectivite, level=5))
        return parts
    if numero == "4":
        return [_embedded(fiche_page(site, fiche, None, None, embedded=True), path, 3) for fiche in site.fiches.values()]
    if numero == "5":
        return ["Absente de la source : le document passe de l'Annexe 4 à l'Annexe 6."]
    if numero == "7":
        return [_embedded(poste_page(site, poste, embedded=True), path, 3) for poste in site.fiches_de_poste]
    if numero == "8":
        return [trajectoire_table(r, site, trajectoire, level=4) for trajectoire in site.trajectoires.values()]
    if numero == "9":
        return [_embedded(deliberation_page(site, d, embedded=True), path, 3) for d in site.deliberations if "annexe 9" in d.emplacement.lower()]
    return []


def print_page(site: Site) -> Page:
    """The whole convention on one page, for printing or saving as PDF."""
    path = paths.IMPRIMER
    r = Renderer(site, path)
    parts = [
        f"# Convention Territoriale Globale {esc(site.territoire.periode)} — texte intégral",
        '<p class="ctg-imprimer"><button type="button" class="md-button" data-imprimer hidden>Imprimer ou enregistrer en PDF</button></p>',
        "Cette page réunit la convention et ses annexes transcrites, dans l'ordre du document signé, pour l'imprimer "
        "ou l'enregistrer en PDF depuis le navigateur.",
    ]
    parts += _print_convention(site, r)
    parts.append("## Annexes")
    annex_texts = {d.id: d for d in site.textes_de("annexe")}
    for annexe in ANNEXES:
        if annexe.texte and annexe.texte in annex_texts:
            parts.append(_shifted(document_body(r, annex_texts[annexe.texte], level=1), 2))
        else:
            parts.append(f"### Annexe {annexe.numero} — {esc(annex_title(site, annexe))}")
        parts += _print_annex_content(site, r, annexe.numero)
    parts = [p for p in parts if p]
    body = join_blocks(parts)
    return Page(
        path=path, title="La convention complète", body=body, chunks=parts, hide_toc=True, in_search=False,
        description=f"La CTG {site.territoire.periode} et ses annexes sur une seule page, pour l'impression.",
        reproduit="Toute la convention et ses annexes", source_files=_printed_files(site), gathers=True,
    )


def _printed_files(site: Site) -> list[str]:
    """The content files the print page shows, in its order: its date and history are theirs."""
    files = [KIND["deliberations"].source(id=d.id) for d in site.deliberations]
    files += [kind_of_texts("presentation").source(id=d.id) for d in site.textes_de("presentation")]
    files += [KIND["convention"].source()] if site.convention else []
    files += [kind_of_texts(partie).source(id=d.id) for partie in ("convention", "annexe") for d in site.textes_de(partie)]
    files += [KIND["enjeux"].source(thematique=t) for t in site.enjeux]
    files += [KIND["equipements"].source(collectivite=c) for c in site.listes_equipements]
    files += [KIND["fiches"].source(numero=n) for n in site.fiches]
    files += [KIND["fiches_de_poste"].source(id=p.id) for p in site.fiches_de_poste]
    files += [KIND["trajectoires"].source(autorite=a) for a in site.trajectoires]
    return list(dict.fromkeys(files))


def pages(site: Site) -> list[Page]:
    return [print_page(site)]
