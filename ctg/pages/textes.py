"""The signed document itself: presentation, convention (préambule, articles, signatories),
annexes index, deliberations (approval trail), job descriptions (Annexe 7) and the print page."""

from __future__ import annotations

import re

from schema import Deliberation, Document, FicheDePoste

from ..kinds import KIND, kind_of_texts
from ..model import Site
from . import paths
from .annexes import ANNEXES, annex_page, annex_title
from .communes import equipment_section
from .enjeux import enjeu_page
from .fiches import fiche_page
from .common import Page, Renderer
from .markdown import esc, french_date, rebase, join_blocks
from .tableaux import trajectory_table

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


def deliberation_page(site: Site, deliberation: Deliberation, embedded: bool = False) -> Page:  # noqa: C901  (à découper : issue 17, point 3)
    path = paths.deliberation(deliberation.id)
    r = Renderer(site, path, embedded)
    parts = [f"# {r.text(deliberation.instance)} — {french_date(deliberation.date)}"]
    parts.append(r.breadcrumb((paths.DELIBERATIONS, "Délibérations")))
    facts = [f"**Objet :** {r.text(deliberation.objet)}"]
    if deliberation.numero:
        facts.append(f"**Numéro :** {r.text(deliberation.numero)}")
    facts.append(f"**Collectivité :** {r.link(paths.acteur(deliberation.collectivite), site.acteurs[deliberation.collectivite].nom)}")
    facts += r.facts((("Présidence", deliberation.presidence), ("Rapporteur", deliberation.rapporteur), ("Secrétaire de séance", deliberation.secretaire)))
    facts.append(f"**Dans la source :** {r.text(deliberation.emplacement)}")
    parts.append("  \n".join(facts))
    if deliberation.vote:
        vote = deliberation.vote
        lines = []
        if vote.unanimite == "oui":
            lines.append("- Adoptée **à l'unanimité**")
        for label, value in (("Pour", vote.pour), ("Contre", vote.contre), ("Abstention", vote.abstention), ("Absents sans délégation de vote", vote.absents_sans_delegation)):
            if value is not None:
                lines.append(f"- {label} : {value}")
        lines.extend(f"- {r.text(d)}" for d in vote.detail)
        parts.append("## Vote\n\n" + "\n".join(lines))
    else:
        parts.append("## Vote\n\nLe résultat du vote ne figure pas dans la source.")
    if deliberation.membres:
        m = deliberation.membres
        lines = [f"- {label} : {value}" for label, value in (("Membres en exercice", m.en_exercice), ("Présents", m.presents), ("Pouvoirs", m.pouvoirs), ("Votants", m.votants)) if value is not None]
        if lines:
            parts.append("## Quorum\n\n" + "\n".join(lines))
    for title, values in (("Présents", deliberation.presents), ("Excusés", deliberation.excuses), ("Absents", deliberation.absents), ("Autres participants", deliberation.autres_participants)):
        if values:
            parts.append(f"### {title}\n\n" + "; ".join(r.text(v) for v in values))
    if deliberation.visas:
        parts.append("## Visas\n\n" + "\n".join(f"- {r.text(v)}" for v in deliberation.visas))
    if deliberation.expose:
        parts.append("## Exposé\n\n" + r.items(deliberation.expose))
    if deliberation.decision:
        parts.append("## Décision\n\n" + r.paragraphs(deliberation.decision))
    if deliberation.signature:
        parts.append("## Signature\n\n" + "  \n".join(r.text(s) for s in deliberation.signature))
    if deliberation.transmission:
        parts.append("## Transmission\n\n" + "\n".join(f"- {r.text(t)}" for t in deliberation.transmission))
    if deliberation.rapport:
        parts.append(document_body(r, deliberation.rapport, level=2))
    parts.append(r.notes(deliberation.notes_source))
    return Page(
        path=path,
        title=f"{deliberation.instance} — {french_date(deliberation.date)}",
        body=join_blocks(parts),
        reproduit=deliberation.emplacement,
        source_files=[KIND["deliberations"].source(id=deliberation.id)],
    )


def deliberations_index(site: Site) -> Page:
    path = paths.DELIBERATIONS
    r = Renderer(site, path)
    rows = []
    for d in site.deliberations:
        if d.vote and d.vote.unanimite == "oui":
            result = "unanimité"
        elif d.vote and d.vote.pour is not None:
            result = f"{d.vote.pour} pour, {d.vote.contre or 0} contre, {d.vote.abstention or 0} abstention"
        else:
            result = "non indiqué dans la source"
        rows.append(f"| {french_date(d.date)} | {r.link(paths.deliberation(d.id), d.instance)} | {esc(d.numero or '—')} | {esc(result)} |")
    signers = {s.acteur for s in site.convention.signatures} if site.convention else set()
    approved = {d.collectivite for d in site.deliberations}
    missing = sorted(a for a in signers - approved if site.acteurs[a].type in ("collectivite", "agglomeration"))
    parts = [
        "# Délibérations : l'approbation de la convention",
        "Chaque signataire public a autorisé la signature de la convention par une délibération. La source en "
        "reproduit les suivantes (Annexe 9 et décision du Département en tête du document).",
        "| Date | Instance | Numéro | Vote |\n| --- | --- | --- | --- |\n" + "\n".join(rows),
    ]
    if missing:
        parts.append(
            "Délibérations non reproduites dans la source : "
            + ", ".join(r.link(paths.acteur(a), site.acteurs[a].nom) for a in missing)
            + "."
        )
    return Page(path=path, title="Délibérations", body=join_blocks(parts), reproduit="Annexe 9 — délibérations et décision du Département")


def poste_title(site: Site, poste: FicheDePoste) -> str:
    """Several job descriptions share one wording in the source: the employer and grade tell them apart."""
    detail = " — ".join(x for x in (site.acteurs[poste.employeur].nom, poste.grade or poste.service) if x)
    return f"{poste.intitule} ({detail})"


def poste_page(site: Site, poste: FicheDePoste, embedded: bool = False) -> Page:
    path = paths.poste(poste.id)
    r = Renderer(site, path, embedded)
    parts = [f"# {r.text(poste_title(site, poste))}"]
    parts.append(r.breadcrumb((paths.ANNEXE_7, "Annexe 7 — Fiches de poste")))
    facts = [f"**Employeur :** {r.link(paths.acteur(poste.employeur), site.acteurs[poste.employeur].nom)}"]
    facts += r.facts(
        (("Période", poste.periode), ("Grade", poste.grade), ("Service", poste.service), ("Hiérarchie directe", poste.hierarchie),
         ("Temps de travail", poste.temps_de_travail), ("Cofinancement CAF", poste.cofinancement_caf), ("Total ETP", poste.etp_total))
    )
    parts.append("  \n".join(facts))
    if poste.positionnement:
        parts.append("\n".join(f"- {r.text(p)}" for p in poste.positionnement))
    if poste.thematiques:
        rows = "\n".join(
            f"| {r.text(t.thematique)} | {'oui' if t.cochee == 'oui' else ('illisible' if t.cochee == 'illisible' else 'non')} | {r.text(t.etp) if t.etp else '—'} |"
            for t in poste.thematiques
        )
        parts.append("## Thématiques du poste\n\n| Thématique | Cochée | ETP |\n| --- | --- | --- |\n" + rows)
    if poste.relations:
        parts.append("## Relations de travail\n\n" + "\n".join(f"- {r.text(x)}" for x in poste.relations))
    parts.append(r.sections(poste.sections, level=2))
    parts.append(r.notes(poste.notes_source))
    return Page(path=path, title=poste_title(site, poste), body=join_blocks(parts), reproduit="Annexe 7 — fiches de poste des chargé(e)s de coopération CTG", source_files=[KIND["fiches_de_poste"].source(id=poste.id)])


def annexe7_page(site: Site) -> Page:
    path = paths.ANNEXE_7
    r = Renderer(site, path)
    lines = []
    for poste in site.fiches_de_poste:
        employer = site.acteurs[poste.employeur].nom
        detail = ", ".join(x for x in (employer, poste.temps_de_travail, poste.etp_total and f"{poste.etp_total} ETP" if poste.etp_total and "ETP" not in poste.etp_total else poste.etp_total) if x)
        lines.append(f"- {r.link(paths.poste(poste.id), poste_title(site, poste))} — {esc(detail)}")
    parts = [
        "# Annexe 7 — Fiches de poste des chargé(e)s de coopération CTG",
        "Les fiches de poste des chargé(e)s de coopération qui animent la CTG sur le territoire. "
        f"Le référentiel national du poste est en {r.link(paths.texte('annexe', 'annexe-6-referentiel'), 'Annexe 6') if 'annexe-6-referentiel' in site.textes else 'Annexe 6'}.",
        "\n".join(lines) if lines else "Les fiches de poste ne sont pas encore transcrites.",
    ]
    return Page(path=path, title="Annexe 7 — Fiches de poste", body=join_blocks(parts), reproduit="Annexe 7 de la convention")


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
            parts.append(equipment_section(site, path, collectivite, level=5))
        return parts
    if numero == "4":
        return [_embedded(fiche_page(site, fiche, None, None, embedded=True), path, 3) for fiche in site.fiches.values()]
    if numero == "5":
        return ["Absente de la source : le document passe de l'Annexe 4 à l'Annexe 6."]
    if numero == "7":
        return [_embedded(poste_page(site, poste, embedded=True), path, 3) for poste in site.fiches_de_poste]
    if numero == "8":
        return [trajectory_table(r, site, trajectoire, level=4) for trajectoire in site.trajectoires.values()]
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
    return Page(path=path, title="La convention complète", body=body, chunks=parts, hide_toc=True, in_search=False, description=f"La CTG {site.territoire.periode} et ses annexes sur une seule page, pour l'impression.", reproduit="Toute la convention et ses annexes")


def pages(site: Site) -> list[Page]:
    result = [convention_index(site), annexes_index(site), deliberations_index(site), annexe7_page(site)]
    signataires = signataires_page(site)
    if signataires:
        result.append(signataires)
    result.extend(document_page(site, d) for d in site.textes.values())
    result.extend(deliberation_page(site, d) for d in site.deliberations)
    result.extend(poste_page(site, p) for p in site.fiches_de_poste)
    result.append(print_page(site))
    return result
