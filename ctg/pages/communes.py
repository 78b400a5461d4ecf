"""Families' entry: commune pages, the services directory and the Annexe 3 lists."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from schema.equipements import SERVICES_AUX_FAMILLES, Adresse, Equipement, InformationsPratiques
from schema.libelles import titre
from schema.vocabulaires import EQUIPEMENT_TYPE_LABELS, EQUIPEMENT_TYPE_SENTENCES

from ..kinds import KIND
from ..model import EquipementPlace, Site
from . import paths
from .suivi import commune_section
from .common import Page, Renderer, filter_form, filter_select
from .markdown import esc, french_date, href, html_escape, join_blocks, rel
from .tableaux import key_figures, trajectoire_table


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


# The CAF's national directory of childcare and family services, named by the convention itself
# (« Site : monenfant.fr »). A plain outbound link: nothing is requested when the page loads.
ANNUAIRE_CAF = "https://monenfant.fr/"


def type_label(type_id: str) -> str:
    return EQUIPEMENT_TYPE_LABELS[type_id]


def practical_info(infos: InformationsPratiques | None, heading: str = "p") -> str:
    """Editors' practical details, apart from the convention's text and dated."""
    if infos is None:
        return ""
    rows = []
    if infos.telephone:
        rows.append(("Téléphone", f'<a href="tel:{html_escape(infos.telephone.replace(" ", "").replace(".", ""))}">{html_escape(infos.telephone)}</a>'))
    if infos.courriel:
        rows.append(("Courriel", f'<a href="mailto:{html_escape(infos.courriel)}">{html_escape(infos.courriel)}</a>'))
    if infos.site_web:
        rows.append(("Site web", f'<a href="{html_escape(infos.site_web)}" rel="noopener">{html_escape(infos.site_web)}</a>'))
    if infos.ages:
        rows.append(("Âges accueillis", html_escape(infos.ages)))
    if infos.horaires:
        rows.append(("Horaires", html_escape(infos.horaires)))
    if infos.places:
        rows.append(("Places", f"{infos.places.nombre} (source : {html_escape(infos.places.source)})"))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        '<div class="ctg-pratique">'
        f'<{heading} class="ctg-pratique-titre">Informations pratiques (hors convention)</{heading}>'
        f"<dl>{items}</dl>"
        f'<p class="ctg-pratique-date">Vérifiées le <time datetime="{html_escape(infos.verifie_le)}">{html_escape(french_date(infos.verifie_le))}</time>'
        f" — source : {html_escape(infos.source)}. Ces informations ne font pas partie de la convention signée.</p></div>"
    )


def next_step(site: Site, page_path: str, place: EquipementPlace, commune: str | None) -> str:
    """How a family gets in touch: the convention gives no phone or hours, but it names who runs the
    service and where; the mairie and the CAF's directory (monenfant.fr) can say the rest."""
    equipement = place.equipement
    if equipement.type not in SERVICES_AUX_FAMILLES:
        return ""
    gestionnaire = equipement.gestionnaire
    steps = [
        f'<li>Qui le gère : <a href="{html_escape(href(page_path, paths.acteur(gestionnaire.acteur)))}">{html_escape(gestionnaire.nom)}</a>'
        + (f" — {html_escape(address_text(gestionnaire.adresse))}" if gestionnaire.adresse else "")
        + "</li>"
    ]
    if commune is None and place.communes:
        commune = place.communes[0]
    if commune in site.communes:
        name = site.communes[commune].nom
        mairie = site.communes[commune].mairie
        if mairie != gestionnaire.acteur:
            steps.append(f'<li>La mairie de {html_escape(name)} : <a href="{html_escape(href(page_path, paths.acteur(mairie)))}">{html_escape(site.acteurs[mairie].nom)}</a></li>')
    else:
        name = None
    search = f" (cherchez « {html_escape(name)} »)" if name else ""
    steps.append(
        f'<li><a href="{ANNUAIRE_CAF}" rel="noopener">monenfant.fr<span class="ctg-sr"> (site de la CAF, hors de ce site)</span></a>, '
        f"l'annuaire national de la CAF : places, horaires, contacts{search}</li>"
    )
    return '<div class="ctg-suite"><p class="ctg-suite-titre">Pour se renseigner ou s\'inscrire</p><ul>' + "".join(steps) + "</ul></div>"


def equipement_card(
    site: Site,
    page_path: str,
    place: EquipementPlace,
    heading: str = "h3",
    commune: str | None = None,
    anchor: str | None = None,
) -> str:
    """One service. ``commune`` is the commune the card is shown under (the annuaire shows a service
    with sites in several communes under each of them)."""
    equipement = place.equipement
    # A parent reads the name, or the kind of service in plain words — not « BT Séjours ».
    title = equipement.nom or type_label(equipement.type)
    identifier = anchor or equipement.id
    lines = [
        f'<article class="ctg-equipement" id="{html_escape(identifier)}" data-id="{html_escape(equipement.id)}" '
        f'data-commune="{html_escape(commune or place.collectivite)}" data-type="{html_escape(equipement.type)}">',
        f'<{heading} id="titre-{html_escape(identifier)}">{html_escape(title)}</{heading}>',
        '<p class="ctg-type">'
        + (f"{html_escape(type_label(equipement.type))} — " if equipement.nom else "")
        + f'dans la convention : « <span class="ctg-intitule">{html_escape(equipement.intitule_type)}</span> »</p>',
        "<dl>",
    ]
    town = site.collectivite_name(commune or place.collectivite)
    if equipement.implantations:
        label = "Où" if len(equipement.implantations) == 1 else f"Où ({len(equipement.implantations)} lieux)"
        items = []
        for implantation in equipement.implantations:
            text = " — ".join(x for x in (implantation.nom, address_text(implantation.adresse)) if x)
            items.append(f"<li>{html_escape(text)}{osm_link(implantation.nom or title, implantation.adresse, town)}</li>")
        lines.append(f"<dt>{label}</dt><dd><ul>{''.join(items)}</ul></dd>")
    if commune is not None and place.collectivite != commune:
        lines.append(
            f'<dt>Soutenu par</dt><dd><a href="{html_escape(href(page_path, paths.commune(place.collectivite)))}">'
            f"{html_escape(site.collectivite_name(place.collectivite))}</a> (Annexe 3)</dd>"
        )
    if equipement.type not in SERVICES_AUX_FAMILLES:
        gestionnaire = equipement.gestionnaire
        lines.append(f'<dt>Géré par</dt><dd><a href="{html_escape(href(page_path, paths.acteur(gestionnaire.acteur)))}">{html_escape(gestionnaire.nom)}</a></dd>')
    if equipement.remarques:
        lines.append("<dt>Remarques</dt><dd>" + "<br>".join(html_escape(x) for x in equipement.remarques) + "</dd>")
    lines.append("</dl>")
    lines.append(next_step(site, page_path, place, commune if commune in site.communes else None))
    lines.append(practical_info(equipement.infos_pratiques))
    if equipement.notes_source:
        notes = "".join(f"<li>{html_escape(n.texte)}</li>" for n in equipement.notes_source)
        count = len(equipement.notes_source)
        lines.append(
            f'<details class="ctg-note-carte ctg-notes"><summary>Note{"s" if count > 1 else ""} de transcription</summary><ul>{notes}</ul></details>'
        )
    lines.append("</article>")
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


def elsewhere_note(site: Site, path: str, commune: str) -> str:
    if commune not in site.communes or site.agglomeration_id not in site.listes_equipements or located_in(site, commune):
        return ""
    return (
        f" Aucun service n'y est implanté selon la convention : voir les "
        f"[services intercommunaux de l'agglomération]({rel(path, paths.SERVICES, site.agglomeration_id)}), "
        "ouverts aux habitants de plusieurs communes."
    )


def equipement_section(site: Site, path: str, collectivite: str, level: int = 2) -> str:
    """The équipements of one collectivité's list (Annexe 3), grouped by type, one ``equipement_card`` each."""
    r = Renderer(site, path)
    h = "#" * level
    liste = site.listes_equipements.get(collectivite)
    name = site.collectivite_name(collectivite)
    if liste is None:
        return (
            f"{h} Équipements et services soutenus (Annexe 3)\n\n"
            f"La convention ne contient pas de liste d'équipements et de services soutenus par {esc(name)} "
            "(Annexe 3). Rien n'est affiché ici plutôt qu'une liste inventée."
            + elsewhere_note(site, path, collectivite)
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
        parts.append(f"{h}# {esc(type_label(type_id))}")
        parts.append("\n".join(equipement_card(site, path, place, heading="h" + str(level + 2), commune=collectivite) for place in group))
    parts.append(r.notes(liste.notes_source))
    return join_blocks(parts)


def located_in(site: Site, commune: str) -> list[EquipementPlace]:
    """Services with an implantation in the commune, whichever collectivité's list holds them."""
    return [p for p in site.equipements.values() if commune in p.communes]


def by_type(places: list[EquipementPlace]) -> list[EquipementPlace]:
    order = list(EQUIPEMENT_TYPE_LABELS)
    return sorted(places, key=lambda p: order.index(p.equipement.type))


def short_name(site: Site, place: EquipementPlace, commune: str | None = None) -> str:
    """A short name a parent can tell apart: the service's own, else its first site in the commune
    (« + 2 lieux »), else who runs it."""
    equipement = place.equipement
    if equipement.nom:
        return equipement.nom
    sites = [
        i.nom
        for i, where in zip(equipement.implantations, place.communes_of_sites or [None] * len(equipement.implantations))
        if i.nom and (commune is None or where in (None, commune))
    ]
    if sites:
        more = len(sites) - 1
        return sites[0] + (f" (+ {more} lieu{'x' if more > 1 else ''})" if more else "")
    acteur = site.acteurs.get(equipement.gestionnaire.acteur)
    return "géré par " + (acteur.nom if acteur else equipement.gestionnaire.nom)


def serving_from_elsewhere(site: Site, commune: str, heading: str = "p") -> str:
    """Services that the source says serve the commune without being located there (the RPE of the
    agglomération…): one item per service, tagged with its type so that the directory's filters
    show it under the type a parent chose."""
    if commune not in site.communes or not site.communes[commune].services_hors_commune:
        return ""
    name = site.communes[commune].nom
    items = "".join(
        f'<li data-type="{html_escape(s.type)}"><strong>{html_escape(type_label(s.type))}</strong> — {html_escape(s.texte)}</li>'
        for s in site.communes[commune].services_hors_commune
    )
    return (
        f'<div class="ctg-hors-commune" data-commune="{html_escape(commune)}">'
        f'<{heading} class="ctg-hors-commune-titre">Sans y être implantés, servent aussi {html_escape(name)} selon la convention :</{heading}>'
        f"<ul>{items}</ul></div>"
    )


def nearby_section(site: Site, path: str, commune: str) -> str:
    """« Près de chez vous »: first on a commune's page, what is located there, by type, with links to
    the cards below and to the directory filtered on the commune."""
    name = site.collectivite_name(commune)
    places = by_type(located_in(site, commune))
    directory = href(path, paths.SERVICES) + "?commune=" + quote(commune)
    parts = ["## Près de chez vous"]
    if places:
        count = len(places)
        lines = [
            f"<p>{count} service{'s' if count > 1 else ''} aux familles implanté{'s' if count > 1 else ''} à {html_escape(name)} selon la convention (Annexe 3) :</p>"
        ]
        items = []
        for type_id, group in _grouped_by_type(places).items():
            links = ", ".join(
                f'<a href="#{html_escape(p.equipement.id)}">{html_escape(short_name(site, p, commune))}</a>' for p in group
            )
            items.append(f"<li><strong>{html_escape(type_label(type_id))}</strong> : {links}</li>")
        lines.append(f'<ul class="ctg-pres-liste">{"".join(items)}</ul>')
    else:
        lines = [f'<p class="ctg-vide">Aucun service aux familles n\'est implanté à {html_escape(name)} selon l\'Annexe 3 de la convention.</p>']
    lines.append(serving_from_elsewhere(site, commune))
    lines.append(
        f'<p class="ctg-pres-liens"><a href="{html_escape(directory)}">Voir les services de {html_escape(name)} dans l\'annuaire</a> · '
        f'<a href="{html_escape(href(path, paths.commune(site.agglomeration_id)))}">services intercommunaux de l\'agglomération</a></p>'
    )
    parts.append('<div class="ctg-pres">' + "".join(lines) + "</div>")
    return join_blocks(parts)


def located_section(site: Site, path: str, commune: str) -> str:
    """Every service located in the commune, by type, whichever collectivité's Annexe 3 list holds it
    (a card from another list says who supports it)."""
    places = located_in(site, commune)
    if not places:
        return ""
    name = site.collectivite_name(commune)
    parts = [f"## Services implantés à {esc(name)}"]
    for type_id, group in _grouped_by_type(places).items():
        parts.append(f"### {esc(type_label(type_id))}")
        parts.append("\n".join(equipement_card(site, path, place, heading="h4", commune=commune) for place in group))
    return join_blocks(parts)


def source_list_section(site: Site, path: str, commune: str) -> str:
    """The commune's own Annexe 3 list as the convention gives it, in its order: links to the cards
    above, the transcription notes, and what the source says when there is no list."""
    r = Renderer(site, path)
    liste = site.listes_equipements.get(commune)
    name = site.collectivite_name(commune)
    if liste is None:
        return (
            "## Liste de la commune dans l'Annexe 3\n\n"
            f"La convention ne contient pas de liste d'équipements et de services soutenus par {esc(name)} "
            "(Annexe 3). Rien n'est affiché ici plutôt qu'une liste inventée."
            + elsewhere_note(site, path, commune)
        )
    parts = ["## Liste de la commune dans l'Annexe 3", f"Les équipements et services soutenus par {esc(name)}, dans l'ordre de la convention :"]
    if liste.entete == "reconstitue":
        parts.append(
            "*L'en-tête de cette liste a été perdu dans le texte numérisé de la convention ; "
            "la collectivité a été retrouvée d'après les adresses et les gestionnaires (voir les notes).*"
        )
    places = _list_in_source_order(site, commune)
    if not places:
        parts.append("La liste de la convention est vide.")
    else:
        parts.append(
            '<ol class="ctg-liste-source">'
            + "".join(
                f'<li><a href="#{html_escape(p.equipement.id)}">{html_escape(short_name(site, p))}</a> — « {html_escape(p.equipement.intitule_type)} »</li>'
                for p in places
            )
            + "</ol>"
        )
    parts.append(r.notes(liste.notes_source))
    return join_blocks(parts)


def type_guide(site: Site) -> str:
    """What each kind of service is for, in plain words: a parent need not know the acronyms."""
    used = [t for t in EQUIPEMENT_TYPE_LABELS if any(p.equipement.type == t for p in site.equipements.values())]
    items = "".join(f"<dt>{html_escape(type_label(t))}</dt><dd>{html_escape(EQUIPEMENT_TYPE_SENTENCES[t])}</dd>" for t in used)
    return (
        '<details class="ctg-types"><summary>Quel service pour quoi ? Les types de services en mots simples</summary>'
        f'<dl class="ctg-types-liste">{items}</dl></details>'
    )


def services_page(site: Site) -> Page:
    path = paths.SERVICES
    agglo = site.agglomeration_id
    agglo_name = site.collectivite_name(agglo)
    parts = [
        "# Trouver un service près de chez moi",
        "Crèches, relais petite enfance, lieux d'accueil enfants-parents, centres de loisirs, colonies : "
        "les services aux familles que la convention liste (Annexe 3), rangés par commune où ils accueillent. "
        "Choisissez votre commune et ce que vous cherchez ; chaque service dit à qui s'adresser.",
    ]
    used_types = [t for t in EQUIPEMENT_TYPE_LABELS if any(p.equipement.type == t for p in site.equipements.values())]
    choices = [(c, site.communes[c].nom) for c in site.communes]
    if agglo in site.listes_equipements:
        choices.append((agglo, f"{agglo_name} (services intercommunaux)"))
    parts.append(
        filter_form(
            "ctg-annuaire",
            [
                filter_select("commune", "Ma commune", choices),
                filter_select("type", "Je cherche", [(t, type_label(t)) for t in used_types], "Tous les services"),
            ],
        )
    )
    parts.append(type_guide(site))
    body: list[str] = [f'<div id="ctg-annuaire" class="ctg-annuaire" data-repli="{html_escape(agglo)}">']
    for commune_id, commune in site.communes.items():
        name = commune.nom
        places = located_in(site, commune_id)
        mairie = site.acteurs[commune.mairie]
        body.append(
            f'<section class="ctg-groupe" data-groupe="{html_escape(commune_id)}" aria-labelledby="{html_escape(commune_id)}">'
            f'<h2 id="{html_escape(commune_id)}">{html_escape(name)}</h2>'
            f'<p class="ctg-groupe-liens">Mairie : <a href="{html_escape(href(path, paths.acteur(commune.mairie)))}">{html_escape(mairie.nom)}</a> · '
            f'<a href="{html_escape(href(path, paths.commune(commune_id)))}">Tout savoir sur {html_escape(name)}</a></p>'
        )
        if not places:
            body.append(
                f'<p class="ctg-vide">Aucun service n\'est listé par la convention à {html_escape(name)}. '
                f'Voici ceux de l\'agglomération, ouverts aux habitants de plusieurs communes : '
                f'<a href="#{html_escape(agglo)}">services intercommunaux de {html_escape(agglo_name)}</a>.'
                + (f' La <a href="{html_escape(href(path, paths.commune(commune_id)))}">page de {html_escape(name)}</a> reprend ce que la convention dit ailleurs de ses services.' if commune.reperes else "")
                + "</p>"
            )
        body.append(serving_from_elsewhere(site, commune_id))
        for place in by_type(places):
            body.append(equipement_card(site, path, place, heading="h3", commune=commune_id, anchor=f"{commune_id}--{place.equipement.id}"))
        body.append("</section>")
    if agglo in site.listes_equipements:
        body.append(
            f'<section class="ctg-groupe" data-groupe="{html_escape(agglo)}" aria-labelledby="{html_escape(agglo)}">'
            f'<h2 id="{html_escape(agglo)}">{html_escape(agglo_name)} : services intercommunaux</h2>'
            f"<p>Les services que l'agglomération soutient, ouverts aux habitants de plusieurs communes "
            f'(<a href="{html_escape(href(path, paths.commune(agglo)))}">page de l\'agglomération</a>).</p>'
        )
        for place in _list_in_source_order(site, agglo):
            body.append(equipement_card(site, path, place, heading="h3", commune=agglo, anchor=f"{agglo}--{place.equipement.id}"))
        body.append("</section>")
    body.append("</div>")
    parts.append("".join(body))
    return Page(
        path=path,
        title="Trouver un service près de chez moi",
        body=join_blocks(parts),
        description=f"Annuaire des services aux familles de {site.territoire.nom_court} (crèches, relais, centres de loisirs…), par commune et par type.",
        reproduit="Annexe 3 — liste des équipements et services soutenus par chaque collectivité locale",
        source_files=[KIND["equipements"].source(collectivite=c) for c in site.listes_equipements],
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
        sources.append(KIND["communes"].source(id=commune_id))
        facts = []
        if commune.entree_agglomeration:
            facts.append(r.text(commune.entree_agglomeration))
        facts.append("Mairie : " + r.link(paths.acteur(commune.mairie), site.acteurs[commune.mairie].nom))
        parts.append("  \n".join(facts))
        # A parent comes for what exists in the commune: services first, then repères and figures.
        parts.append(nearby_section(site, path, commune_id))
        parts.append(located_section(site, path, commune_id))
        parts.append(source_list_section(site, path, commune_id))
        if commune.reperes:
            parts.append(f"## {titre('reperes')}\n\n" + r.items(commune.reperes))
    if is_agglo:
        parts.append(equipement_section(site, path, commune_id))
    if commune_id in site.listes_equipements:
        sources.append(KIND["equipements"].source(collectivite=commune_id))
    figures = key_figures(r, site, commune_id)
    if figures:
        parts.append("## Chiffres clés\n\n" + figures)
    if commune_id in site.trajectoires:
        parts.append("## Trajectoire des places en crèche PSU (Annexe 8)\n\n" + trajectoire_table(r, site, site.trajectoires[commune_id], level=3))
        sources.append(KIND["trajectoires"].source(autorite=commune_id))
    fiches = site.fiches_par_commune.get(commune_id, [])
    if fiches and not is_agglo:
        parts.append(
            "## Fiches action qui citent la commune\n\n"
            + "\n".join(f"- {r.link(paths.fiche(n), 'Fiche action n°' + str(n) + ' — ' + site.fiches[n].titre)}" for n in fiches)
        )
    parts.append(commune_section(r, site, commune_id, name))
    mairie = site.territoire.acteur if is_agglo else site.communes[commune_id].mairie
    votes = [d for d in site.deliberations if d.collectivite == mairie]
    if votes:
        parts.append(
            "## Approbation de la convention\n\n"
            + "\n".join(f"- {r.link(paths.deliberation(d.id), d.instance + ' du ' + french_date(d.date))}" for d in votes)
        )
    if not is_agglo:
        parts.append(r.notes(site.communes[commune_id].notes_source, "Notes de transcription de la commune"))
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
        count = len(located_in(site, commune_id))
        fiches = len(site.fiches_par_commune.get(commune_id, []))
        services = f"{count}" if count else "aucun listé (voir l'agglomération)"
        rows.append(f"| {r.link(paths.commune(commune_id), commune.nom)} | {services} | {fiches} |")
    agglo = site.agglomeration_id
    rows.append(
        f"| {r.link(paths.commune(agglo), site.territoire.nom)} (services intercommunaux) | "
        f"{len(places_of(site, agglo)) if agglo in site.listes_equipements else 'pas de liste'} | — |"
    )
    body = [
        f"# Les communes de {esc(site.territoire.nom_court)}",
        f"L'agglomération réunit {len(site.communes)} communes. Chaque page rassemble les services aux familles "
        "soutenus par la commune (Annexe 3), ses chiffres clés et les fiches action qui la citent.",
        "| Commune | Services implantés dans la commune (Annexe 3) | Fiches action qui la citent |\n| --- | --- | --- |\n" + "\n".join(rows),
    ]
    return Page(path=path, title="Les communes", body=join_blocks(body), description=f"Les {len(site.communes)} communes de {site.territoire.nom_court} et l'agglomération.", reproduit="Synthèse par commune : Annexe 3 (équipements), Annexe 2 (chiffres) et fiches action")


def pages(site: Site) -> list[Page]:
    result = [communes_index(site), services_page(site), annexe3_page(site)]
    for commune_id in list(site.communes) + [site.agglomeration_id]:
        result.append(commune_page(site, commune_id))
    return result
