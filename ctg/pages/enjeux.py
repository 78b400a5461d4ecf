"""Enjeux pages: one per thématique (diagnostic, enjeux, fiches, networks) and their index."""

from __future__ import annotations

from schema import Enjeu

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .fiches import fiche_label
from .markdown import esc, join_blocks


def enjeu_page(site: Site, enjeu: Enjeu, embedded: bool = False) -> Page:
    path = paths.enjeu(enjeu.thematique)
    r = Renderer(site, path, embedded)
    thematique = site.thematiques[enjeu.thematique]
    parts = [f"# {r.text(enjeu.titre)}"]
    parts.append(r.breadcrumb((paths.ENJEUX, "Enjeux et diagnostic"), thematique.nom))
    parts.append(f"## Enjeux et objectifs {esc(site.territoire.periode)}\n\n" + r.items(enjeu.enjeux))
    fiches = [site.fiches[n] for n in enjeu.fiches if n in site.fiches]
    if fiches:
        parts.append(
            "## Les fiches action qui y répondent\n\n"
            + "\n".join(f"- {r.link(paths.fiche(f.numero), fiche_label(f))}" for f in fiches)
        )
    if enjeu.synthese:
        parts.append("## Synthèse du diagnostic\n\n" + r.sections(enjeu.synthese, level=3))
    if enjeu.conclusion_diagnostic and (enjeu.conclusion_diagnostic.usagers or enjeu.conclusion_diagnostic.offre):
        conclusion = ["## Le diagnostic en résumé (conclusion de l'Annexe 2)"]
        if enjeu.conclusion_diagnostic.usagers:
            conclusion.append("### Côté usagers\n\n" + r.items(enjeu.conclusion_diagnostic.usagers))
        if enjeu.conclusion_diagnostic.offre:
            conclusion.append("### Côté offre de services\n\n" + r.items(enjeu.conclusion_diagnostic.offre))
        parts.append(join_blocks(conclusion))
    if enjeu.diagnostic_detaille:
        parts.append("## Diagnostic détaillé (Annexe 2)\n\n" + r.sections(enjeu.diagnostic_detaille, level=3))
    if enjeu.reseaux:
        network = ["## État des réseaux d'acteurs"]
        for reseau in enjeu.reseaux:
            if reseau.domaine:
                network.append(f"### {r.text(reseau.domaine)}")
            if reseau.existant:
                network.append("**Existant :**\n\n" + "\n".join(f"- {r.text(t)}" for t in reseau.existant))
            if reseau.perspectives:
                network.append("**À créer ou renforcer :**\n\n" + "\n".join(f"- {r.text(t)}" for t in reseau.perspectives))
        parts.append(join_blocks(network))
    parts.append(r.notes(enjeu.notes_source))
    return Page(
        path=path,
        title=f"Enjeu — {enjeu.titre}",
        body=join_blocks(parts),
        description=f"Diagnostic, enjeux et fiches action de la thématique {thematique.nom}.",
        reproduit="Présentation (synthèses du diagnostic), article 4, Annexe 2 (diagnostic partagé) et Annexe 4 (plan d'action, état des réseaux)",
        source_files=[KIND["enjeux"].source(thematique=enjeu.thematique)],
    )


def enjeux_index(site: Site) -> Page:
    path = paths.ENJEUX
    r = Renderer(site, path)
    parts = [
        "# Enjeux et diagnostic par thématique",
        "Pour chaque thématique, la convention part d'un diagnostic partagé (besoins des familles, offre existante, "
        "constats des professionnels) pour fixer des enjeux, auxquels répondent les fiches action.",
    ]
    for enjeu in site.enjeux.values():
        fiches = ", ".join(r.link(paths.fiche(n), f"n°{n}") for n in enjeu.fiches if n in site.fiches)
        parts.append(
            f"## {r.link(paths.enjeu(enjeu.thematique), enjeu.titre)}\n\n"
            + r.items(enjeu.enjeux[:3])
            + (f"\n\nFiches action : {fiches}" if fiches else "")
        )
    return Page(
        path=path,
        title="Enjeux et diagnostic par thématique",
        body=join_blocks(parts),
        description=f"Les enjeux de la CTG {site.territoire.periode} par thématique, avec leur diagnostic et leurs fiches action.",
        reproduit="Article 4 et Annexe 2 de la convention",
    )


def pages(site: Site) -> list[Page]:
    return [enjeux_index(site)] + [enjeu_page(site, e) for e in site.enjeux.values()]
