"""Open data: the validated content as JSON and CSV, with its JSON Schema, licence and date."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from .kinds import KINDS, schema_files, schemas
from .model import Site

LICENCE = "Licence Ouverte / Etalab 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# JSON Schemas published with the data and used by editors (yaml-language-server), and which
# content files each one validates: both derive from the registry of kinds.
SCHEMAS: dict[str, type] = schemas()
SCHEMA_FILES: dict[str, list[str]] = schema_files()


def json_schema(model: type) -> dict:
    generated = model.model_json_schema(mode="validation")
    generated["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return generated


def schema_texts() -> dict[str, str]:
    """File name → JSON Schema text, as committed in schema/json/ (kept in sync by a test)."""
    return {f"{name}.schema.json": json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n" for name, model in SCHEMAS.items()}


# A spreadsheet reads a cell that starts with one of these as a formula (« CSV injection »).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)?")


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet will show it, never run it (OWASP): a text starting like a
    formula gets a leading apostrophe; plain numbers such as « -1.1 » stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _csv(rows: list[dict], columns: list[str], *, spreadsheet: bool = False, headers: dict[str, str] | None = None) -> str:
    """Every CSV file is written here (one place for any cell treatment).

    Standard CSV: comma, UTF-8 without BOM, machine column names. ``spreadsheet``: what a French
    spreadsheet opens correctly with a double click — semicolon, UTF-8 with BOM, CRLF, French headers.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=columns,
        extrasaction="ignore",
        delimiter=";" if spreadsheet else ",",
        lineterminator="\r\n" if spreadsheet else "\n",
    )
    if headers:
        writer.writerow({c: headers.get(c, c) for c in columns})
    else:
        writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return ("\ufeff" if spreadsheet else "") + buffer.getvalue()


# The spreadsheet-friendly file of services: one row per site, French headers. Each column is
# explained on the open data page (docs/donnees.md, macro « colonnes_csv »).
EQUIPEMENT_COLUMNS: list[tuple[str, str, str]] = [
    ("id", "Identifiant", "Identifiant stable du service sur le site (le même dans tous les fichiers)."),
    ("commune", "Commune du lieu", "Commune où se trouve ce lieu d'accueil ; vide si la source ne le dit pas."),
    ("soutenu_par", "Soutenu par (Annexe 3)", "Collectivité dont la liste de l'Annexe 3 contient le service (une commune ou l'agglomération)."),
    ("type", "Type de service", "Type en mots simples, avec le sigle de la convention entre parenthèses."),
    ("intitule_type", "Intitulé dans la convention", "Le type tel que la convention l'écrit (ex. « BT Séjours », « MAC »)."),
    ("nom", "Nom de la structure", "Nom de la structure, s'il y en a un."),
    ("gestionnaire", "Gestionnaire", "Qui gère le service, tel que la convention l'écrit."),
    ("lieu", "Lieu", "Nom du lieu d'accueil (école, salle…), s'il est donné."),
    ("voie", "Adresse", "Numéro et voie du lieu d'accueil (à défaut, du gestionnaire)."),
    ("code_postal", "Code postal", "Code postal, tel que la convention le donne."),
    ("ville", "Ville", "Ville, telle que la convention l'écrit."),
    ("lieu_numero", "Lieu n°", "Rang de ce lieu parmi ceux du service, ex. « 2 sur 6 » (un service peut avoir plusieurs lieux)."),
    ("remarques", "Remarques de la convention", "Remarques de la source, séparées par « | »."),
    ("telephone", "Téléphone (hors convention)", "Informations pratiques ajoutées par les éditeurs, hors convention ; vides tant qu'elles ne sont pas vérifiées."),
    ("courriel", "Courriel (hors convention)", "Idem."),
    ("site_web", "Site web (hors convention)", "Idem."),
    ("ages", "Âges accueillis (hors convention)", "Idem."),
    ("horaires", "Horaires (hors convention)", "Idem."),
    ("places", "Places (hors convention)", "Nombre de places, avec sa source dans la colonne suivante."),
    ("places_source", "Source du nombre de places", "D'où vient le nombre de places."),
    ("verifie_le", "Informations pratiques vérifiées le", "Date de vérification des informations pratiques (AAAA-MM-JJ)."),
]


# The standard equipements.csv (one row per service, first site only): its machine column names.
# « {agglomeration} »: the agglomération's id (``equipement_standard_columns`` fills it in).
EQUIPEMENT_STANDARD_COLUMNS: list[tuple[str, str]] = [
    ("id", "Identifiant stable du service."),
    ("collectivite", "Identifiant de la collectivité dont la liste de l'Annexe 3 contient le service (« {agglomeration} » : l'agglomération)."),
    ("type", "Type, dans le vocabulaire contrôlé (eaje, rpe, laep, alsh-extrascolaire, sejours…)."),
    ("intitule_type", "Le type tel que la convention l'écrit."),
    ("nom", "Nom de la structure, s'il y en a un."),
    ("gestionnaire", "Gestionnaire, tel que la convention l'écrit."),
    ("gestionnaire_acteur", "Identifiant de l'acteur gestionnaire (sa page : /acteurs/<identifiant>/)."),
    ("lieu", "Nom du premier lieu d'accueil."),
    ("voie", "Adresse du premier lieu d'accueil (à défaut, du gestionnaire)."),
    ("code_postal", "Code postal de cette adresse."),
    ("ville", "Ville de cette adresse."),
    ("nombre_implantations", "Nombre de lieux d'accueil du service ; tous sont dans equipements.json et equipements-tableur.csv."),
    ("remarques", "Remarques de la source, séparées par « | »."),
]


def equipement_standard_columns(site: Site) -> list[tuple[str, str]]:
    return [(name, text.format(agglomeration=site.agglomeration_id)) for name, text in EQUIPEMENT_STANDARD_COLUMNS]


def equipement_site_rows(site: Site) -> list[dict]:
    """One row per site (implantation) of each service; a service without a site gets one row."""
    from schema.vocabulaires import EQUIPEMENT_TYPE_LABELS

    rows = []
    for identifier, place in site.equipements.items():
        equipement = place.equipement
        infos = equipement.infos_pratiques
        implantations = equipement.implantations or [None]
        for index, implantation in enumerate(implantations, start=1):
            address = implantation.adresse if implantation and implantation.adresse else None
            if implantation is None:
                address = equipement.gestionnaire.adresse
            town = place.communes_of_sites[index - 1] if index - 1 < len(place.communes_of_sites) else None
            commune = site.collectivite_name(town) if town else ""
            rows.append(
                {
                    "id": identifier,
                    "commune": commune,
                    "soutenu_par": site.collectivite_name(place.collectivite),
                    "type": EQUIPEMENT_TYPE_LABELS[equipement.type],
                    "intitule_type": equipement.intitule_type,
                    "nom": equipement.nom or "",
                    "gestionnaire": equipement.gestionnaire.nom,
                    "lieu": (implantation.nom or "") if implantation else "",
                    "voie": (address.voie or "") if address else "",
                    "code_postal": (address.code_postal or "") if address else "",
                    "ville": (address.ville or "") if address else "",
                    "lieu_numero": f"{index} sur {len(equipement.implantations)}" if equipement.implantations else "",
                    "remarques": " | ".join(equipement.remarques),
                    "telephone": (infos.telephone or "") if infos else "",
                    "courriel": (infos.courriel or "") if infos else "",
                    "site_web": (infos.site_web or "") if infos else "",
                    "ages": (infos.ages or "") if infos else "",
                    "horaires": (infos.horaires or "") if infos else "",
                    "places": infos.places.nombre if infos and infos.places else "",
                    "places_source": infos.places.source if infos and infos.places else "",
                    "verifie_le": infos.verifie_le if infos else "",
                }
            )
    return rows


def fiches_files(site: Site) -> dict[str, str]:
    fiches = [f.model_dump(mode="json", exclude_none=True) for f in site.fiches.values()]
    fiche_rows = [
        {
            "numero": f.numero,
            "titre": f.titre,
            "thematique": f.thematique,
            "objectifs": " | ".join(f"{o.numero} {o.intitule}" for o in f.objectifs),
            "pilotes": " | ".join(p.libelle for p in f.pilotes),
            "partenaires": " | ".join(p.libelle for p in f.partenaires),
            "calendrier": " | ".join(f.calendrier),
            "indicateurs": " | ".join(i.texte for i in f.indicateurs),
        }
        for f in site.fiches.values()
    ]
    return {
        "fiches.json": json.dumps(fiches, ensure_ascii=False, indent=1),
        "fiches.csv": _csv(fiche_rows, list(fiche_rows[0]) if fiche_rows else ["numero"]),
    }


def equipements_files(site: Site) -> dict[str, str]:
    equipements = []
    equipement_rows = []
    for identifier, place in site.equipements.items():
        record = place.equipement.model_dump(mode="json", exclude_none=True)
        record["collectivite"] = place.collectivite
        equipements.append(record)
        first = place.equipement.implantations[0] if place.equipement.implantations else None
        address = first.adresse if first and first.adresse else place.equipement.gestionnaire.adresse
        equipement_rows.append(
            {
                "id": identifier,
                "collectivite": place.collectivite,
                "type": place.equipement.type,
                "intitule_type": place.equipement.intitule_type,
                "nom": place.equipement.nom or "",
                "gestionnaire": place.equipement.gestionnaire.nom,
                "gestionnaire_acteur": place.equipement.gestionnaire.acteur,
                "lieu": (first.nom or "") if first else "",
                "voie": (address.voie or "") if address else "",
                "code_postal": (address.code_postal or "") if address else "",
                "ville": (address.ville or "") if address else "",
                "nombre_implantations": len(place.equipement.implantations),
                "remarques": " | ".join(place.equipement.remarques),
            }
        )
    return {
        "equipements.json": json.dumps(equipements, ensure_ascii=False, indent=1),
        "equipements.csv": _csv(equipement_rows, list(equipement_rows[0]) if equipement_rows else ["id"]),
        "equipements-tableur.csv": _csv(
            equipement_site_rows(site),
            [key for key, _, _ in EQUIPEMENT_COLUMNS],
            spreadsheet=True,
            headers={key: header for key, header, _ in EQUIPEMENT_COLUMNS},
        ),
    }


def trajectoire_files(site: Site) -> dict[str, str]:
    trajectoire_rows = []
    for autorite, trajectoire in site.trajectoires.items():
        for ligne in trajectoire.lignes:
            for year in trajectoire.annees:
                cell = ligne.places.get(year)
                if cell is None:
                    continue
                trajectoire_rows.append(
                    {
                        "autorite": autorite,
                        "equipement_source": ligne.nom_source,
                        "equipement": ligne.equipement or "",
                        "annee": year,
                        "places": cell.valeur or "",
                        "lu_ocr": cell.lu or "",
                        "etat": cell.state,
                    }
                )
    return {
        "trajectoire.json": json.dumps(
            [t.model_dump(mode="json", exclude_none=True) for t in site.trajectoires.values()], ensure_ascii=False, indent=1
        ),
        "trajectoire.csv": _csv(trajectoire_rows, ["autorite", "equipement_source", "equipement", "annee", "places", "lu_ocr", "etat"]),
    }


def avenants_files(site: Site) -> dict[str, str]:
    """Issue 13: the data give the text in force; the avenants that made it, as they are."""
    avenants = getattr(getattr(site, "versions", None), "avenants", ())
    return {"avenants.json": json.dumps([a.model_dump(mode="json", exclude_none=True) for a in avenants], ensure_ascii=False, indent=1)}


def chiffres_files(site: Site) -> dict[str, str]:
    figure_rows = []
    for table in site.chiffres.values():
        for row in table.lignes:
            for column in table.colonnes:
                cell = row.valeurs.get(column.id)
                if cell is None:
                    continue
                figure_rows.append(
                    {
                        "tableau": table.id,
                        "source": table.source,
                        "ligne": row.libelle,
                        "territoire": row.territoire or "",
                        "colonne": column.id,
                        "libelle_colonne": column.libelle,
                        "unite": column.unite or "",
                        "valeur": cell.valeur or "",
                        "lu_ocr": cell.lu or "",
                        "etat": cell.state,
                    }
                )
    return {
        "chiffres.json": json.dumps(
            [t.model_dump(mode="json", exclude_none=True) for t in site.chiffres.values()], ensure_ascii=False, indent=1
        ),
        "chiffres.csv": _csv(figure_rows, ["tableau", "source", "ligne", "territoire", "colonne", "libelle_colonne", "unite", "valeur", "lu_ocr", "etat"]),
    }


def datasets(site: Site) -> dict[str, str]:
    """File name → file text, for every open data file: each kind's export (registry), then the schemas."""
    files: dict[str, str] = {}
    for kind in KINDS:
        exporter = kind.exporter()
        if exporter is not None:
            files.update(exporter(site))
    # The committed schemas (kept equal to the models by a test) are published as they are.
    from . import REPO_ROOT

    committed = REPO_ROOT / "schema" / "json"
    texts = {p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.schema.json")} or schema_texts()
    for name, text in texts.items():
        files[f"schemas/{name}"] = text
    return files


def write_exports(site: Site, folder: Path, dates: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    content_dates = [d for p, d in dates.items() if p.startswith("content/")]
    files = datasets(site)
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    metadata = {
        "titre": f"Convention Territoriale Globale {site.territoire.periode} de {site.territoire.nom_court} — données",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "date_des_donnees": max(content_dates) if content_dates else None,
        "fichiers": sorted(files),
    }
    (folder / "metadonnees.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(folder / "metadonnees.json")
    return written


def run_export(arguments) -> int:
    from .pipeline import check_content

    site, diagnostics = check_content(Path(arguments.dossier))
    if diagnostics or site is None:
        for diagnostic in diagnostics:
            print(diagnostic.human())
        print("ctg export : contenu invalide, rien n'est écrit.")
        return 1
    from . import find_repository
    from .gitdates import last_changes

    repository = find_repository(Path(arguments.dossier)) or Path(arguments.dossier).resolve().parent
    written = write_exports(site, Path(arguments.sortie), last_changes(repository))
    print(f"ctg export : {len(written)} fichiers écrits dans {arguments.sortie}")
    return 0
