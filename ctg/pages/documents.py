"""The signed document itself: the presentation, the convention's articles, its parties and
signatories, and the indexes of the convention and of its annexes.

``document_body`` renders one transcribed text; the deliberation pages (its « rapport ») and the
print page reuse it."""

from __future__ import annotations

from schema import Document

from ..kinds import KIND, kind_of_texts
from ..model import Site
from . import paths
from .annexes import ANNEXES, annex_page, annex_title
from .common import Page, Renderer
from .markdown import esc, join_blocks


def document_body(r: Renderer, document: Document, level: int = 1) -> str:
    h = "#" * level
    parts = [f"{h} {r.text(document.titre)}"]
    if document.chapeau:
        parts.append(r.paragraphs(document.chapeau))
    parts.append(r.sections(document.sections, level=level + 1))
    parts.append(r.notes(document.notes_source))
    return join_blocks(parts)


def document_page(site: Site, document: Document) -> Page:
    path = paths.texte(document.partie, document.id)
    r = Renderer(site, path)
    parent = {"convention": (paths.CONVENTION, "La convention"), "annexe": (paths.ANNEXES, "Les annexes"), "presentation": (paths.HOME, "Accueil")}[document.partie]
    body = r.breadcrumb(parent, document.titre) + "\n\n"
    body = document_body(r, document).replace("\n\n", "\n\n" + body, 1)
    if document.id == "annexe-2-diagnostic":
        # The thematic parts of Annexe 2 live on the enjeu pages and the figures pages.
        links = [f"- {r.link(paths.enjeu(e.thematique), e.titre)}" for e in site.enjeux.values()]
        links.append(f"- {r.link(paths.TERRITOIRE, 'Le territoire en chiffres : tous les tableaux de l’Annexe 2')}")
        body += "\n\n## Suite de l'Annexe 2 sur le site\n\n" + "\n".join(links)
    return Page(
        path=path,
        title=document.titre,
        body=body,
        reproduit=document.reproduit,
        source_files=[kind_of_texts(document.partie).source(id=document.id)],
    )


def signataires_page(site: Site) -> Page | None:
    convention = site.convention
    if convention is None:
        return None
    path = paths.texte("convention", "signataires")
    r = Renderer(site, path)
    parts = [f"# {r.text(convention.titre)} — parties et signataires"]
    parts.append(f"**Période :** {r.text(convention.periode)}")
    parts.append("## Entre")
    for index, partie in enumerate(convention.parties):
        lines = [f"**{r.link(paths.acteur(partie.acteur), partie.designation)}**"]
        if partie.siege:
            lines.append(f"dont le siège est à {r.text(partie.siege)}")
        if partie.representant:
            lines.append(r.text(partie.representant))
        if partie.denomination:
            lines.append(r.text(partie.denomination))
        parts.append("  \n".join(lines))
        if index + 1 < len(convention.parties):
            parts.append("et")
    parts.append("## Signataires")
    place = " ".join(x for x in (convention.lieu_signature, convention.date_signature) if x)
    if place:
        parts.append(r.text(place) + ("" if convention.date_signature else " *(date laissée en blanc dans la source)*"))
    if convention.exemplaires:
        parts.append(r.text(convention.exemplaires))
    parts.append("\n".join(f"- {r.link(paths.acteur(s.acteur), s.signataire)} — {r.text(s.qualite)}" for s in convention.signatures))
    parts.append(r.notes(convention.notes_source))
    return Page(
        path=path,
        title="Parties et signataires",
        body=join_blocks(parts),
        reproduit="Convention — parties (en tête) et signataires (fin de la convention)",
        source_files=[KIND["convention"].source()],
    )


def convention_index(site: Site) -> Page:
    path = paths.CONVENTION
    r = Renderer(site, path)
    parts = [
        "# La convention",
        f"La Convention Territoriale Globale (CTG) {esc(site.territoire.periode)} est signée entre "
        f"{esc(site.territoire.signataires_en_bref)}. Voici son texte, dans l'ordre du document signé.",
    ]
    items = []
    if site.convention:
        items.append(f"- {r.link(paths.texte('convention', 'signataires'), 'Les parties')}")
    for document in site.textes_de("convention"):
        items.append(f"- {r.link(paths.texte('convention', document.id), document.titre)}")
    if site.convention:
        items.append(f"- {r.link(paths.texte('convention', 'signataires'), 'Les signataires', anchor='signataires')}")
    parts.append("\n".join(items))
    parts.append(
        f"Le texte suit avec ses annexes : {r.link(paths.ANNEXES, 'les annexes 1 à 9')}. "
        f"Pour imprimer ou enregistrer en PDF : {r.link(paths.IMPRIMER, 'la convention complète sur une seule page')}."
    )
    return Page(path=path, title="La convention", body=join_blocks(parts), reproduit="Convention — sommaire")


def annexes_index(site: Site) -> Page:
    path = paths.ANNEXES
    r = Renderer(site, path)
    lines = []
    for annexe in ANNEXES:
        label = f"Annexe {annexe.numero} — {annex_title(site, annexe)}"
        if annexe.absente:
            lines.append(f"- Annexe {annexe.numero} — **absente** : la source passe de l'Annexe 4 à l'Annexe 6 ; aucune Annexe 5 n'y figure.")
            continue
        target = annex_page(site, annexe)
        lines.append(f"- {r.link(target, label)}" if target else f"- {esc(label)} *(pas encore transcrite)*")
        if annexe.numero == "2":
            lines.append(f"    - {r.link(paths.ENJEUX, 'Diagnostic et enjeux par thématique')}")
            lines.append(f"    - {r.link(paths.TERRITOIRE, 'Les tableaux de chiffres')}")
        if annexe.numero == "4":
            lines.append(f"    - {r.link(paths.ENJEUX, 'Enjeux et état des réseaux par thématique')}")
    parts = ["# Les annexes de la convention", "\n".join(lines)]
    return Page(path=path, title="Les annexes", body=join_blocks(parts), reproduit="Annexes de la convention")


def pages(site: Site) -> list[Page]:
    result = [convention_index(site), annexes_index(site)]
    signataires = signataires_page(site)
    if signataires:
        result.append(signataires)
    result.extend(document_page(site, d) for d in site.textes.values())
    return result
