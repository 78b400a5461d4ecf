"""Families' entry: commune pages, the services directory and the Annexe 3 lists."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from schema.equipements import EQUIPEMENT_TYPE_LABELS, Adresse, Equipement

from ..model import EquipementPlace, Site
from . import paths
from .chiffres import key_figures, trajectory_table
from .common import Page, Renderer, filter_form, filter_select
from .markdown import esc, french_date, href, html_escape, join_blocks


def address_text(adresse: Adresse | None) -> str:
    if adresse is None:
        return ""
    town = " ".join(x for x in (adresse.code_postal, adresse.ville) if x)
    return " — ".join(x for x in (adresse.voie, adresse.complement, town) if x)


def osm_link(label: str, adresse: Adresse | None, fallback_town: str) -> str:
    """A plain link to search the address on OpenStreetMap: nothing is loaded from there."""
    if adresse is None or not (adresse.voie or adresse.ville):
        return ""
    town = adresse.ville or fallback_town
    query = ", ".join(x for x in (adresse.voie, " ".join(filter(None, (adresse.code_postal, town)))) if x)
    url = "https://www.openstreetmap.org/search?query=" + quote(query + ", France")
    return (
        f' <a class="ctg-carte" href="{html_escape(url)}" rel="noopener">Voir sur OpenStreetMap'
        f'<span class="ctg-sr"> : {html_escape(label)}</span></a>'
    )


def equipement_title(equipement: Equipement) -> str:
    return equipement.nom or equipement.intitule_type


def equipement_card(site: Site, page_path: str, place: EquipementPlace, heading: str = "h3", show_commune: bool = False) -> str:
    equipement = place.equipement
    town = site.collectivite_name(place.collectivite)
    title = equipement_title(equipement)
    lines = [
        f'<article class="ctg-equipement" id="{html_escape(equipement.id)}" '
        f'data-commune="{html_escape(place.collectivite)}" data-type="{html_escape(equipement.type)}">',
        f'<{heading} id="titre-{html_escape(equipement.id)}">{html_escape(title)}</{heading}>',
        f'<p class="ctg-type">{html_escape(EQUIPEMENT_TYPE_LABELS[equipement.type])}'
        + (f" — <span class=\"ctg-intitule\">{html_escape(equipement.intitule_type)}</span>" if equipement.nom else "")
        + (f" — {html_escape(town)}" if show_commune else "")
        + "</p>",
        "<dl>",
    ]
    gestionnaire = equipement.gestionnaire
    actor_url = href(page_path, paths.acteur(gestionnaire.acteur))
    lines.append(
        f'<dt>Gestionnaire</dt><dd><a href="{html_escape(actor_url)}">{html_escape(gestionnaire.nom)}</a>'
        + (f"<br>{html_escape(address_text(gestionnaire.adresse))}" if gestionnaire.adresse else "")
        + "</dd>"
    )
    if equipement.implantations:
        label = "Lieu d'accueil" if len(equipement.implantations) == 1 else "Lieux d'accueil"
        items = []
        for implantation in equipement.implantations:
            text = " — ".join(x for x in (implantation.nom, address_text(implantation.adresse)) if x)
            items.append(f"<li>{html_escape(text)}{osm_link(implantation.nom or title, implantation.adresse, town)}</li>")
        lines.append(f"<dt>{label}</dt><dd><ul>{''.join(items)}</ul></dd>")
    if equipement.remarques:
        lines.append("<dt>Remarques</dt><dd>" + "<br>".join(html_escape(x) for x in equipement.remarques) + "</dd>")
    if equipement.notes_source:
        notes = "".join(f"<li>{html_escape(n.texte)}</li>" for n in equipement.notes_source)
        lines.append(f"<dt>Note de transcription</dt><dd><ul>{notes}</ul></dd>")
    lines.append("</dl></article>")
    return "".join(lines)


def _grouped_by_type(places: list[EquipementPlace]) -> dict[str, list[EquipementPlace]]:
    groups: dict[str, list[EquipementPlace]] = defaultdict(list)
    for place in places:
        groups[place.equipement.type].append(place)
    order = list(EQUIPEMENT_TYPE_LABELS)
    return dict(sorted(groups.items(), key=lambda kv: order.index(kv[0])))


def places_of(site: Site, collectivite: str) -> list[EquipementPlace]:
    return [p for p in site.equipements.values() if p.collectivite == collectivite]


def _list_in_source_order(site: Site, collectivite: str) -> list[EquipementPlace]:
    liste = site.listes_equipements.get(collectivite)
    if not liste:
        return []
    return [site.equipements[e.id] for e in liste.equipements]


def equipment_section(site: Site, path: str, collectivite: str, level: int = 2) -> str:
    r = Renderer(site, path)
    h = "#" * level
    liste = site.listes_equipements.get(collectivite)
    name = site.collectivite_name(collectivite)
    if liste is None:
        return (
            f"{h} Équipements et services soutenus (Annexe 3)\n\n"
            f"La convention ne contient pas de liste d'équipements et de services soutenus par {esc(name)} "
            "(Annexe 3). Rien n'est affiché ici plutôt qu'une liste inventée."
        )
    parts = [f"{h} Équipements et services soutenus (Annexe 3)"]
    if liste.entete == "reconstitue":
        parts.append(
            "*L'en-tête de cette liste a été perdu dans le texte numérisé de la convention ; "
            "la collectivité a été retrouvée d'après les adresses et les gestionnaires (voir les notes).*"
        )
    places = _list_in_source_order(site, collectivite)
    if not places:
        parts.append("La liste de la convention est vide.")
    for type_id, group in _grouped_by_type(places).items():
        parts.append(f"{h}# {esc(EQUIPEMENT_TYPE_LABELS[type_id])}")
        parts.append("\n".join(equipement_card(site, path, place, heading="h" + str(level + 2)) for place in group))
    parts.append(r.notes(liste.notes_source))
    return join_blocks(parts)


def services_page(site: Site) -> Page:
    path = paths.SERVICES
    r = Renderer(site, path)
    parts = [
        "# Trouver un service près de chez moi",
        "Tous les équipements et services aux familles que la convention liste en Annexe 3 : crèches et "
        "multi-accueils, relais petite enfance, lieux d'accueil enfants-parents, accueils de loisirs, séjours… "
        "Choisissez votre commune et le type de service ; sans JavaScript, la liste complète reste affichée.",
    ]
    used_types = [t for t in EQUIPEMENT_TYPE_LABELS if any(p.equipement.type == t for p in site.equipements.values())]
    collectivites = [c for c in list(site.communes) + [site.agglomeration_id] if c in site.listes_equipements]
    parts.append(
        filter_form(
            "ctg-annuaire",
            [
                filter_select("commune", "Commune", [(c, site.collectivite_name(c)) for c in collectivites]),
                filter_select("type", "Type de service", [(t, EQUIPEMENT_TYPE_LABELS[t]) for t in used_types], "Tous"),
            ],
        )
    )
    without = [c for c in site.communes if c not in site.listes_equipements]
    if without:
        names = ", ".join(r.link(paths.commune(c), site.communes[c].nom) for c in without)
        parts.append(
            f"La convention ne contient pas de liste d'équipements pour : {names}. "
            "Leurs habitants relèvent notamment des services intercommunaux de l'agglomération, listés ci-dessous."
        )
    body: list[str] = ['<div id="ctg-annuaire" class="ctg-annuaire">']
    for collectivite in collectivites:
        name = site.collectivite_name(collectivite)
        body.append(
            f'<section class="ctg-groupe" data-commune="{html_escape(collectivite)}">'
            f'<h2 id="{html_escape(collectivite)}">{html_escape(name)}</h2>'
            f'<p><a href="{html_escape(href(path, paths.commune(collectivite)))}">Tout savoir sur {html_escape(name)} : fiches action, chiffres</a></p>'
        )
        for place in _list_in_source_order(site, collectivite):
            body.append(equipement_card(site, path, place, heading="h3"))
        body.append("</section>")
    body.append("</div>")
    parts.append("".join(body))
    return Page(
        path=path,
        title="Trouver un service près de chez moi",
        body=join_blocks(parts),
        description="Annuaire des équipements et services aux familles de Grand Calais Terres & Mers, par commune et par type.",
        reproduit="Annexe 3 — liste des équipements et services soutenus par chaque collectivité locale",
        source_files=[f"content/equipements/{c}.yaml" for c in collectivites],
    )


def annexe3_page(site: Site) -> Page:
    path = paths.ANNEXE_3
    r = Renderer(site, path)
    parts = [
        "# Annexe 3 — Liste des équipements et services soutenus par chaque collectivité locale",
        "L'Annexe 3 de la convention liste, collectivité par collectivité, les équipements et services aux familles "
        "qu'elle soutient. Chaque liste est reproduite sur la page de la collectivité.",
    ]
    rows = []
    for collectivite in list(site.communes) + [site.agglomeration_id]:
        liste = site.listes_equipements.get(collectivite)
        name = site.collectivite_name(collectivite)
        target = paths.commune(collectivite)
        if liste is None:
            state = "pas de liste dans la convention"
        else:
            count = len(liste.equipements)
            state = f"{count} équipement{'s' if count > 1 else ''} ou service{'s' if count > 1 else ''}"
            if liste.entete == "reconstitue":
                state += " (en-tête reconstitué)"
        rows.append(f"| {r.link(target, name)} | {state} |")
    parts.append("| Collectivité | Liste de l'Annexe 3 |\n| --- | --- |\n" + "\n".join(rows))
    parts.append(f"Voir aussi l'{r.link(paths.SERVICES, 'annuaire des services, filtrable par commune et par type')}.")
    return Page(
        path=path,
        title="Annexe 3 — Équipements et services soutenus",
        body=join_blocks(parts),
        reproduit="Annexe 3 de la convention",
    )


def commune_page(site: Site, commune_id: str) -> Page:
    path = paths.commune(commune_id)
    r = Renderer(site, path)
    is_agglo = commune_id == site.agglomeration_id
    name = site.collectivite_name(commune_id)
    parts = [f"# {esc(name)}"]
    parts.append(r.breadcrumb((paths.COMMUNES, "Les communes"), name))
    sources: list[str] = []
    if is_agglo:
        parts.append(r.paragraphs(site.territoire.presentation))
        parts.append(
            "Les services intercommunaux de l'agglomération (multi-accueils, accueil de loisirs intercommunal, "
            "relais petite enfance…) servent les habitants de plusieurs communes."
        )
        parts.append("Acteur : " + r.link(paths.acteur(site.territoire.acteur), site.acteurs[site.territoire.acteur].nom))
    else:
        commune = site.communes[commune_id]
        sources.append(f"content/communes/{commune_id}.yaml")
        facts = []
        if commune.entree_agglomeration:
            facts.append(r.text(commune.entree_agglomeration))
        facts.append("Mairie : " + r.link(paths.acteur(commune.mairie), site.acteurs[commune.mairie].nom))
        parts.append("  \n".join(facts))
        if commune.reperes:
            parts.append("## Repères\n\n" + r.items(commune.reperes))
    parts.append(equipment_section(site, path, commune_id))
    if commune_id in site.listes_equipements:
        sources.append(f"content/equipements/{commune_id}.yaml")
    if not is_agglo:
        # intercommunal services are listed on the agglomération page
        parts.append(
            "Les services intercommunaux de l'agglomération sont sur la page "
            + r.link(paths.commune(site.agglomeration_id), site.territoire.nom)
            + "."
        )
    figures = key_figures(r, site, commune_id)
    if figures:
        parts.append("## Chiffres clés\n\n" + figures)
    if commune_id in site.trajectoires:
        parts.append("## Trajectoire des places en crèche PSU (Annexe 8)\n\n" + trajectory_table(r, site, site.trajectoires[commune_id], level=3))
        sources.append(f"content/trajectoire/{commune_id}.yaml")
    fiches = site.fiches_par_commune.get(commune_id, [])
    if fiches and not is_agglo:
        parts.append(
            "## Fiches action qui citent la commune\n\n"
            + "\n".join(f"- {r.link(paths.fiche(n), 'Fiche action n°' + str(n) + ' — ' + site.fiches[n].titre)}" for n in fiches)
        )
    mairie = site.territoire.acteur if is_agglo else site.communes[commune_id].mairie
    votes = [d for d in site.deliberations if d.collectivite == mairie]
    if votes:
        parts.append(
            "## Approbation de la convention\n\n"
            + "\n".join(f"- {r.link(paths.deliberation(d.id), d.instance + ' du ' + french_date(d.date))}" for d in votes)
        )
    return Page(
        path=path,
        title=name,
        body=join_blocks(parts),
        description=f"{name} : équipements et services aux familles, fiches action de la CTG et chiffres clés.",
        reproduit="Annexe 3 (équipements), Annexe 2 (chiffres), Annexe 8 (trajectoire) et fiches action",
        source_files=sources,
        search_boost=1.5,
    )


def communes_index(site: Site) -> Page:
    path = paths.COMMUNES
    r = Renderer(site, path)
    rows = []
    for commune_id, commune in site.communes.items():
        count = len(places_of(site, commune_id))
        fiches = len(site.fiches_par_commune.get(commune_id, []))
        services = f"{count}" if commune_id in site.listes_equipements else "pas de liste"
        rows.append(f"| {r.link(paths.commune(commune_id), commune.nom)} | {services} | {fiches} |")
    agglo = site.agglomeration_id
    rows.append(
        f"| {r.link(paths.commune(agglo), site.territoire.nom)} (services intercommunaux) | "
        f"{len(places_of(site, agglo)) if agglo in site.listes_equipements else 'pas de liste'} | — |"
    )
    body = [
        "# Les communes de Grand Calais Terres & Mers",
        f"L'agglomération réunit {len(site.communes)} communes. Chaque page rassemble les services aux familles "
        "soutenus par la commune (Annexe 3), ses chiffres clés et les fiches action qui la citent.",
        "| Commune | Équipements et services (Annexe 3) | Fiches action qui la citent |\n| --- | --- | --- |\n" + "\n".join(rows),
    ]
    return Page(path=path, title="Les communes", body=join_blocks(body), description="Les 14 communes de Grand Calais Terres & Mers et l'agglomération.", reproduit="Synthèse par commune : Annexe 3 (équipements), Annexe 2 (chiffres) et fiches action")


def pages(site: Site) -> list[Page]:
    result = [communes_index(site), services_page(site), annexe3_page(site)]
    for commune_id in list(site.communes) + [site.agglomeration_id]:
        result.append(commune_page(site, commune_id))
    return result
