"""The signed document itself: presentation, convention (préambule, articles, signatories),
annexes index, deliberations (approval trail), job descriptions (Annexe 7) and the print page."""

from __future__ import annotations

import re

from schema import Deliberation, Document, FicheDePoste

from ..kinds import KIND, kind_of_texts
from ..model import Site
from . import paths
from .common import Page, Renderer
from .markdown import esc, french_date, rebase, join_blocks
from .tableaux import trajectory_table

# The annexes of the signed document, in its order; where each one lives on the site.
# « {periode} »: the convention's period as the source writes it in a title (« 2025/2029 »).
ANNEXES = [
    ("1", "Bilan de la CTG 1 (2021-2024)", "annexe-1-bilan"),
    ("2", "Diagnostic partagé et enjeux", "annexe-2-diagnostic"),
    ("3", "Liste des équipements et services soutenus par chaque collectivité locale", None),
    ("4", "Plan d'action {periode} et fiches action", None),
    ("5", "(absente de la source)", None),
    ("6", "Nouveau référentiel national du poste de chargé(e) de coopération CTG", "annexe-6-referentiel"),
    ("7", "Fiches de poste des chargé(e)s de coopération CTG", None),
    ("8", "Trajectoire de développement de places en lien avec la fiche action 1", None),
    ("9", "Délibérations du conseil communautaire et des conseils municipaux", None),
]


def annexes(site: Site) -> list[tuple[str, str, str | None]]:
    periode = site.territoire.periode.replace("-", "/")
    return [(number, title.format(periode=periode), text_id) for number, title, text_id in ANNEXES]


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
    targets = {
        "3": paths.ANNEXE_3,
        "4": paths.PLAN,
        "7": paths.ANNEXE_7,
        "8": paths.ANNEXE_8,
        "9": paths.DELIBERATIONS,
    }
    lines = []
    for number, title, text_id in annexes(site):
        label = f"Annexe {number} — {title}"
        if number == "5":
            lines.append("- Annexe 5 — **absente** : la source passe de l'Annexe 4 à l'Annexe 6 ; aucune Annexe 5 n'y figure.")
            continue
        if text_id and text_id in site.textes:
            lines.append(f"- {r.link(paths.texte('annexe', text_id), label)}")
        elif number in targets:
            lines.append(f"- {r.link(targets[number], label)}")
        else:
            lines.append(f"- {esc(label)} *(pas encore transcrite)*")
        if number == "2":
            lines.append(f"    - {r.link(paths.ENJEUX, 'Diagnostic et enjeux par thématique')}")
            lines.append(f"    - {r.link(paths.TERRITOIRE, 'Les tableaux de chiffres')}")
        if number == "4":
            lines.append(f"    - {r.link(paths.ENJEUX, 'Enjeux et état des réseaux par thématique')}")
    parts = ["# Les annexes de la convention", "\n".join(lines)]
    return Page(path=path, title="Les annexes", body=join_blocks(parts), reproduit="Annexes de la convention")


def deliberation_page(site: Site, deliberation: Deliberation) -> Page:  # noqa: C901  (à découper : issue 17, point 3)
    path = paths.deliberation(deliberation.id)
    r = Renderer(site, path)
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


def poste_page(site: Site, poste: FicheDePoste) -> Page:
    path = paths.poste(poste.id)
    r = Renderer(site, path)
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


def print_page(site: Site) -> Page:  # noqa: C901  (à découper : issue 17, point 3)
    """The whole convention on one page, for printing or saving as PDF."""
    from .fiches import fiche_page

    path = paths.IMPRIMER
    r = Renderer(site, path)
    parts = [
        f"# Convention Territoriale Globale {esc(site.territoire.periode)} — texte intégral",
        '<p class="ctg-imprimer"><button type="button" class="md-button" data-imprimer hidden>Imprimer ou enregistrer en PDF</button></p>',
        "Cette page réunit la convention et ses annexes transcrites, dans l'ordre du document signé, pour l'imprimer "
        "ou l'enregistrer en PDF depuis le navigateur.",
    ]

    def shifted(markdown: str, by: int) -> str:
        # Titles of embedded pages go one or two levels down, so the page keeps one h1.
        return re.sub(r"^(#{1,5}) ", lambda m: "#" * min(6, len(m.group(1)) + by) + " ", markdown, flags=re.M)

    def body_without_nav(markdown: str) -> str:
        return re.sub(r'<nav class="ctg-(fil|pager)".*?</nav>', "", markdown, flags=re.S)

    def embedded(page: Page, by: int) -> str:
        return shifted(rebase(body_without_nav(page.body), page.path, path), by)

    for deliberation in site.deliberations:
        if "annexe 9" not in deliberation.emplacement.lower():
            parts.append(embedded(deliberation_page(site, deliberation), 1))
    for document in site.textes_de("presentation"):
        parts.append(shifted(document_body(r, document, level=1), 1))
    if site.convention:
        page = signataires_page(site)
        if page:
            parts.append(embedded(page, 1))
    for document in site.textes_de("convention"):
        parts.append(shifted(document_body(r, document, level=1), 1))
    parts.append("## Annexes")
    from .communes import equipment_section
    from .enjeux import enjeu_page

    annex_texts = {d.id: d for d in site.textes_de("annexe")}
    for number, title, text_id in annexes(site):
        if text_id and text_id in annex_texts:
            parts.append(shifted(document_body(r, annex_texts[text_id], level=1), 2))
        else:
            parts.append(f"### Annexe {number} — {esc(title)}")
        if number == "2":
            for enjeu in site.enjeux.values():
                parts.append(embedded(enjeu_page(site, enjeu), 3))
        elif number == "3":
            for collectivite in [c for c in list(site.communes) + [site.agglomeration_id] if c in site.listes_equipements]:
                parts.append(f"#### {esc(site.collectivite_name(collectivite))}")
                parts.append(equipment_section(site, path, collectivite, level=5))
        elif number == "4":
            for fiche in site.fiches.values():
                parts.append(embedded(fiche_page(site, fiche, None, None), 3))
        elif number == "5":
            parts.append("Absente de la source : le document passe de l'Annexe 4 à l'Annexe 6.")
        elif number == "7":
            for poste in site.fiches_de_poste:
                parts.append(embedded(poste_page(site, poste), 3))
        elif number == "8":
            for trajectoire in site.trajectoires.values():
                parts.append(trajectory_table(r, site, trajectoire, level=4))
        elif number == "9":
            for deliberation in site.deliberations:
                if "annexe 9" in deliberation.emplacement.lower():
                    parts.append(embedded(deliberation_page(site, deliberation), 3))
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
