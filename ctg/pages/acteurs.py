"""Actor pages: what each actor pilots, partners, manages and signs; and the index by kind."""

from __future__ import annotations

from schema.referentiels import Acteur
from schema.vocabulaires import ACTEUR_TYPE_LABELS, ACTEUR_TYPE_PLURALS, EQUIPEMENT_TYPE_LABELS

from ..kinds import KIND
from ..model import Site
from . import paths
from .common import Page, Renderer
from .communes import equipement_title, practical_info
from .markdown import esc, french_date, join_blocks


def acteur_page(site: Site, acteur: Acteur) -> Page:
    path = paths.acteur(acteur.id)
    r = Renderer(site, path)
    title = acteur.nom + (f" ({acteur.sigle})" if acteur.sigle and acteur.sigle not in acteur.nom else "")
    parts = [f"# {esc(title)}"]
    parts.append(r.breadcrumb((paths.ACTEURS, "Les acteurs"), acteur.nom))
    parts.append(_facts(r, site, acteur))
    if acteur.description:
        parts.append(r.paragraphs(acteur.description))
    parts.append(practical_info(acteur.infos_pratiques, heading="h2"))
    parts.append(_children_section(r, site, acteur))
    parts += _fiches_sections(r, site, acteur)
    parts.append(_equipements_section(r, site, acteur))
    parts.append(_signature_section(r, site, acteur))
    parts.append(_deliberations_section(r, site, acteur))
    parts.append(_postes_section(r, site, acteur))
    if acteur.variantes:
        parts.append("## Aussi désigné dans la convention\n\n" + "\n".join(f"- « {esc(v)} »" for v in acteur.variantes))
    parts.append(r.notes(acteur.notes_source))
    return Page(
        path=path,
        title=title,
        body=join_blocks(parts),
        description=f"{acteur.nom} dans la Convention Territoriale Globale {site.territoire.periode} : fiches action, équipements, signature.",
        reproduit="Synthèse de la convention : parties et signataires, fiches action (Annexe 4), équipements (Annexe 3), délibérations (Annexe 9)",
        source_files=[KIND["acteurs"].source(id=acteur.id)],
    )


def _facts(r: Renderer, site: Site, acteur: Acteur) -> str:
    """Nature, signature, parent actor and commune, one per line."""
    facts = [f"**Nature :** {ACTEUR_TYPE_LABELS[acteur.type]}"]
    if acteur.signataire == "oui":
        facts.append("**Signataire de la convention**")
    if acteur.rattachement:
        facts.append("**Rattaché à :** " + r.link(paths.acteur(acteur.rattachement), site.acteurs[acteur.rattachement].nom))
    if acteur.commune:
        facts.append("**Commune :** " + r.link(paths.commune(acteur.commune), site.communes[acteur.commune].nom))
    return "  \n".join(facts)


def _children_section(r: Renderer, site: Site, acteur: Acteur) -> str:
    children = [a for a in site.acteurs.values() if a.rattachement == acteur.id]
    if not children:
        return ""
    return "## Services et dispositifs rattachés\n\n" + "\n".join(f"- {r.link(paths.acteur(a.id), a.nom)}" for a in children)


def _fiche_roles(r: Renderer, site: Site, acteur: Acteur, numbers: list[int], role: str) -> str:
    """The fiches where the actor is a pilot (or a partner), with the source's wording of its role."""
    lines = []
    for numero in numbers:
        fiche = site.fiches[numero]
        people = fiche.pilotes if role == "pilotes" else fiche.partenaires
        wording = [p.libelle for p in people if acteur.id in p.acteurs]
        shown = " ; ".join(f"« {esc(w)} »" for w in wording)
        lines.append(f"- {r.link(paths.fiche(numero), f'Fiche action n°{numero} — {fiche.titre}')} — {shown}")
    return "\n".join(lines)


def _fiches_sections(r: Renderer, site: Site, acteur: Acteur) -> list[str]:
    parts = []
    piloted = site.fiches_pilotees.get(acteur.id, [])
    partnered = site.fiches_partenaire.get(acteur.id, [])
    if piloted:
        parts.append(f"## Fiches action qu'il pilote ({len(piloted)})\n\n" + _fiche_roles(r, site, acteur, piloted, "pilotes"))
    if partnered:
        parts.append(f"## Fiches action dont il est partenaire ({len(partnered)})\n\n" + _fiche_roles(r, site, acteur, partnered, "partenaires"))
    return parts


def _equipements_section(r: Renderer, site: Site, acteur: Acteur) -> str:
    managed = site.equipements_geres.get(acteur.id, [])
    if not managed:
        return ""
    lines = []
    for equipement_id in managed:
        place = site.equipements[equipement_id]
        label = f"{equipement_title(place.equipement)} ({EQUIPEMENT_TYPE_LABELS[place.equipement.type]}, {site.collectivite_name(place.collectivite)})"
        lines.append(f"- {r.link(paths.commune(place.collectivite), label, anchor=equipement_id)}")
    return f"## Équipements et services qu'il gère (Annexe 3) ({len(managed)})\n\n" + "\n".join(lines)


def _signature_section(r: Renderer, site: Site, acteur: Acteur) -> str:
    signed = [s for s in site.convention.signatures if s.acteur == acteur.id] if site.convention else []
    if not signed:
        return ""
    return (
        "## Signature de la convention\n\n"
        + "\n".join(f"- {esc(s.signataire)} — {esc(s.qualite)}" for s in signed)
        + f"\n\nVoir {r.link(paths.texte('convention', 'signataires'), 'les parties et signataires')}."
    )


def _deliberations_section(r: Renderer, site: Site, acteur: Acteur) -> str:
    deliberations = [d for d in site.deliberations if d.collectivite == acteur.id]
    if not deliberations:
        return ""
    return "## Délibérations approuvant la convention\n\n" + "\n".join(
        f"- {r.link(paths.deliberation(d.id), d.instance + ' du ' + french_date(d.date))}" for d in deliberations
    )


def _postes_section(r: Renderer, site: Site, acteur: Acteur) -> str:
    posts = [p for p in site.fiches_de_poste if p.employeur == acteur.id]
    if not posts:
        return ""
    return "## Fiches de poste (Annexe 7)\n\n" + "\n".join(f"- {r.link(paths.poste(p.id), p.intitule)}" for p in posts)


def acteurs_index(site: Site) -> Page:
    path = paths.ACTEURS
    r = Renderer(site, path)
    parts = [
        "# Les acteurs de la convention",
        "Signataires, partenaires et gestionnaires cités par la convention. Chaque acteur a une page : les fiches "
        "action qu'il pilote ou auxquelles il contribue, les services qu'il gère.",
    ]
    for kind in ACTEUR_TYPE_LABELS:
        members = sorted((a for a in site.acteurs.values() if a.type == kind), key=lambda a: a.nom.lower())
        if not members:
            continue
        lines = []
        for acteur in members:
            count = len(site.fiches_pilotees.get(acteur.id, [])) + len(site.fiches_partenaire.get(acteur.id, []))
            extra = f" — {count} fiche{'s' if count > 1 else ''}" if count else ""
            lines.append(f"- {r.link(paths.acteur(acteur.id), acteur.nom)}{extra}")
        parts.append(f"## {ACTEUR_TYPE_PLURALS[kind]}")
        parts.append("\n".join(lines))
    return Page(path=path, title="Les acteurs", body=join_blocks(parts), description=f"Les acteurs de la CTG {site.territoire.periode} de {site.territoire.nom_court}.", reproduit="Synthèse de la convention : acteurs cités par le texte, les fiches action et les annexes")


def pages(site: Site) -> list[Page]:
    return [acteurs_index(site)] + [acteur_page(site, a) for a in site.acteurs.values()]
