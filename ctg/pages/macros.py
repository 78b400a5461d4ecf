"""Values and lists that hand-written pages insert through macros (rendered from the model)."""

from __future__ import annotations

from . import paths
from .common import Renderer
from .fiches import fiche_label
from .markdown import esc, format_number, french_date, html_escape

EXPORTED = (
    "nombre_fiches",
    "nombre_communes",
    "nombre_equipements",
    "chiffre",
    "source_tableau",
    "liste_fiches",
    "liste_communes",
    "liste_thematiques",
    "date_des_donnees",
    "lien",
    "editeur_du_site",
    "contact_du_site",
    "colonnes_csv",
)


def nombre_fiches(build, page: str) -> int:
    return len(build.site.fiches)


def nombre_communes(build, page: str) -> int:
    return len(build.site.communes)


def nombre_equipements(build, page: str) -> int:
    return len(build.site.equipements)


def chiffre(build, page: str, tableau: str, territoire: str, colonne: str) -> str:
    """One value of a figures table, formatted in French with its unit, e.g. « 98 828 »."""
    table = build.site.chiffres[tableau]
    row = next(r for r in table.lignes if r.territoire == territoire)
    cell = row.valeurs[colonne]
    column = next(c for c in table.colonnes if c.id == colonne)
    if cell.number is None:
        return esc(cell.valeur or "illisible")
    unit = {"%": "\u00a0%", "€": "\u00a0€"}.get(column.unite or "", "")
    return format_number(cell.number) + unit


def source_tableau(build, page: str, tableau: str) -> str:
    return esc(build.site.chiffres[tableau].source)


def liste_fiches(build, page: str, thematique: str | None = None) -> str:
    r = Renderer(build.site, page)
    fiches = [f for f in build.site.fiches.values() if thematique is None or f.thematique == thematique]
    return "\n".join(f"- {r.link(paths.fiche(f.numero), fiche_label(f))}" for f in fiches)


def liste_communes(build, page: str) -> str:
    r = Renderer(build.site, page)
    return ", ".join(r.link(paths.commune(c), commune.nom) for c, commune in build.site.communes.items())


def liste_thematiques(build, page: str) -> str:
    r = Renderer(build.site, page)
    lines = []
    for enjeu in build.site.enjeux.values():
        count = len(enjeu.fiches)
        lines.append(f"- {r.link(paths.enjeu(enjeu.thematique), enjeu.titre)} — {count} fiche{'s' if count > 1 else ''} action")
    return "\n".join(lines)


def date_des_donnees(build, page: str) -> str:
    dates = [d for path, d in build.dates.items() if path.startswith("content/")]
    return french_date(max(dates)) if dates else "date inconnue (historique git indisponible)"


def lien(build, page: str, cible: str, texte: str) -> str:
    """Link to a generated page by its role: lien('services', 'Trouver un service')."""
    targets = {
        "services": paths.SERVICES,
        "plan": paths.PLAN,
        "communes": paths.COMMUNES,
        "convention": paths.CONVENTION,
        "annexes": paths.ANNEXES,
        "territoire": paths.TERRITOIRE,
        "enjeux": paths.ENJEUX,
        "glossaire": paths.GLOSSAIRE,
        "acteurs": paths.ACTEURS,
        "imprimer": paths.IMPRIMER,
        "deliberations": paths.DELIBERATIONS,
    }
    return Renderer(build.site, page).link(targets[cible], texte)


MISSING = (
    '!!! warning "À compléter par la collectivité qui publie le site"\n'
    "    La convention ne désigne pas l'éditeur de ce site. Avant la mise en ligne, la collectivité qui le publie "
    "remplit le fichier `content/referentiels/publication.yaml` : {what}. Le site ne peut pas être construit "
    "pour publication tant qu'ils manquent."
)


def _lines(pairs) -> str:
    return "  \n".join(f"**{label} :** {value}" for label, value in pairs if value)


def editeur_du_site(build, page: str) -> str:
    """Publisher and host for the mentions légales, from content/referentiels/publication.yaml."""
    publication = build.site.publication
    editeur, hebergeur = publication.editeur, publication.hebergeur
    parts = ["## Éditeur"]
    if editeur.nom:
        parts.append(_lines([("Éditeur", esc(editeur.nom)), ("Adresse", esc(editeur.adresse)), ("Téléphone", esc(editeur.telephone)),
                             ("Directeur ou directrice de la publication", esc(editeur.directeur_publication))]))
    else:
        parts.append(MISSING.format(what="sa dénomination, son adresse, le nom du directeur ou de la directrice de la "
                                    "publication (loi n° 2004-575 du 21 juin 2004, article 6)"))
    parts.append("## Hébergement")
    if hebergeur.nom:
        parts.append(_lines([("Hébergeur", esc(hebergeur.nom)), ("Adresse", esc(hebergeur.adresse)), ("Téléphone", esc(hebergeur.telephone))]))
    else:
        parts.append(MISSING.format(what="le nom, l'adresse et le téléphone de l'hébergeur"))
    return "\n\n".join(parts)


def contact_du_site(build, page: str) -> str:
    """How to reach the publisher, or an honest notice that it is not filled yet."""
    contact = build.site.publication.contact
    pairs = [
        ("Courriel", f'<a href="mailto:{html_escape(contact.courriel)}">{html_escape(contact.courriel)}</a>' if contact.courriel else None),
        ("Téléphone", esc(contact.telephone) if contact.telephone else None),
        ("Formulaire", f'<a href="{html_escape(contact.formulaire)}">{html_escape(contact.formulaire)}</a>' if contact.formulaire else None),
        ("Courrier", esc(contact.adresse_postale) if contact.adresse_postale else None),
    ]
    if any(value for _, value in pairs):
        return _lines(pairs)
    return (
        '!!! warning "Contact de l\'éditeur pas encore renseigné"\n'
        "    La collectivité qui publiera ce site n'a pas encore donné son moyen de contact "
        "(fichier `content/referentiels/publication.yaml`). En attendant, pour un service aux familles, "
        "adressez-vous à sa structure ou à votre mairie (voir plus haut)."
    )


def colonnes_csv(build, page: str, fichier: str) -> str:
    """The columns of a CSV file of the open data, explained in French (table)."""
    from ..opendata import EQUIPEMENT_COLUMNS, equipement_standard_columns

    if fichier == "equipements-tableur.csv":
        rows = [f"| {esc(header)} | {esc(text)} |" for _, header, text in EQUIPEMENT_COLUMNS]
    else:
        rows = [f"| `{name}` | {esc(text)} |" for name, text in equipement_standard_columns(build.site)]
    return "| Colonne | Ce qu'elle contient |\n| --- | --- |\n" + "\n".join(rows)
