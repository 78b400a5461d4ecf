"""The job descriptions of the CTG coordinators (Annexe 7): one page per fiche de poste and the
Annexe 7 page that lists them."""

from __future__ import annotations

from schema import FicheDePoste

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .markdown import esc, join_blocks


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


def pages(site: Site) -> list[Page]:
    return [annexe7_page(site)] + [poste_page(site, p) for p in site.fiches_de_poste]
