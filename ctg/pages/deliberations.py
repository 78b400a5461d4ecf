"""The deliberations that approved the convention (Annexe 9 and the Département's decision): one
page per deliberation and their index."""

from __future__ import annotations

from schema import Deliberation

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .documents import document_body
from .markdown import esc, french_date, join_blocks


def deliberation_page(site: Site, deliberation: Deliberation, embedded: bool = False) -> Page:
    path = paths.deliberation(deliberation.id)
    r = Renderer(site, path, embedded)
    parts = [f"# {r.text(deliberation.instance)} — {french_date(deliberation.date)}"]
    parts.append(r.breadcrumb((paths.DELIBERATIONS, "Délibérations")))
    parts.append(_facts(r, site, deliberation))
    parts.append(_vote_section(r, deliberation))
    parts.append(_quorum_section(deliberation))
    parts += _record_sections(r, deliberation)
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


def _facts(r: Renderer, site: Site, deliberation: Deliberation) -> str:
    """Subject, number, collectivité, who presided and where the source reproduces it."""
    facts = [f"**Objet :** {r.text(deliberation.objet)}"]
    if deliberation.numero:
        facts.append(f"**Numéro :** {r.text(deliberation.numero)}")
    facts.append(f"**Collectivité :** {r.link(paths.acteur(deliberation.collectivite), site.acteurs[deliberation.collectivite].nom)}")
    facts += r.facts((("Présidence", deliberation.presidence), ("Rapporteur", deliberation.rapporteur), ("Secrétaire de séance", deliberation.secretaire)))
    facts.append(f"**Dans la source :** {r.text(deliberation.emplacement)}")
    return "  \n".join(facts)


def _vote_section(r: Renderer, deliberation: Deliberation) -> str:
    vote = deliberation.vote
    if not vote:
        return "## Vote\n\nLe résultat du vote ne figure pas dans la source."
    lines = []
    if vote.unanimite == "oui":
        lines.append("- Adoptée **à l'unanimité**")
    for label, value in (("Pour", vote.pour), ("Contre", vote.contre), ("Abstention", vote.abstention), ("Absents sans délégation de vote", vote.absents_sans_delegation)):
        if value is not None:
            lines.append(f"- {label} : {value}")
    lines.extend(f"- {r.text(d)}" for d in vote.detail)
    return "## Vote\n\n" + "\n".join(lines)


def _quorum_section(deliberation: Deliberation) -> str:
    m = deliberation.membres
    if not m:
        return ""
    lines = [f"- {label} : {value}" for label, value in (("Membres en exercice", m.en_exercice), ("Présents", m.presents), ("Pouvoirs", m.pouvoirs), ("Votants", m.votants)) if value is not None]
    return "## Quorum\n\n" + "\n".join(lines) if lines else ""


def _record_sections(r: Renderer, deliberation: Deliberation) -> list[str]:
    """The minutes as the source gives them: attendance, visas, exposé, decision, signature, transmission."""
    parts = []
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
    return parts


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


def pages(site: Site) -> list[Page]:
    return [deliberations_index(site)] + [deliberation_page(site, d) for d in site.deliberations]
