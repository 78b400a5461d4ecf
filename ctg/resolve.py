"""Cross-file checks and resolution: validated files → one consistent Site, or precise errors.

In parts: the identity of every entry (unique, and equal to its file name) is checked from the
registry of kinds (``ctg.kinds``) in one table-driven pass; then one check per kind verifies its
references; totals are recomputed by the pure functions of ``ctg.controles`` and reverse links by
those of ``ctg.links``; the ``Site`` is built once, at the end, when nothing is wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from schema import Publication
from schema.chiffres import SPECIAL_VALUES, CelluleDetail
from schema.referentiels import Thematique

from .content import Entry, LoadedContent
from .controles import table_controles, trajectoire_controles
from .diagnostics import Diagnostic, display_path
from .kinds import KIND, KINDS, Kind
from .links import fiche_links, located, town_index
from .model import EquipementPlace, Site, ControleTotal
from .suivi import Suivi, resolve_suivi
from .text import fold

Loc = tuple[str | int, ...]


@dataclass
class _Known:
    """What the checks of the other kinds refer to, filled kind after kind."""

    thematiques: dict[str, Thematique]
    orientations: set[str]
    acteurs: dict = field(default_factory=dict)
    communes: dict = field(default_factory=dict)
    agglomeration: str = ""
    fiches: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)  # id of a figures table → its entry
    equipements: dict[str, EquipementPlace] = field(default_factory=dict)

    @property
    def collectivites(self) -> set[str]:
        return set(self.communes) | {self.agglomeration}


class _Resolver:
    def __init__(self, loaded: LoadedContent, check_suivi: bool = True):
        self.loaded = loaded
        self.check_suivi = check_suivi
        self.diagnostics: list[Diagnostic] = []

    def error(self, entry: Entry, *loc: str | int, message: str, at_key: bool = False) -> None:
        self.diagnostics.append(entry.at(*loc, message=message, at_key=at_key))

    def ref(self, entry: Entry, value: str | None, known, kind: str, what: str, *loc: str | int) -> None:
        """A reference to an entry of ``kind``; one to a file that failed validation is not reported twice."""
        if value is not None and value not in known and (kind, value) not in self.loaded.failed:
            self.error(entry, *loc, message=f"{what} inconnu(e) « {value} » : aucune entrée de ce nom dans le référentiel")

    # --- identities, for every kind at once ------------------------------------------------------
    def identities(self) -> dict[str, dict]:
        """Kind name → {identity: entry}: unique identities (across the kinds sharing a
        ``key_label``) and file names equal to them, for every kind of the registry that has a key."""
        found: dict[str, dict] = {}
        seen_by_label: dict[str, dict] = defaultdict(dict)
        for kind in (k for k in KINDS if k.key):
            seen = seen_by_label[kind.key_label]
            found[kind.name] = {}
            for entry in self.loaded.of(kind.name):
                value = getattr(entry.model, kind.key or "")
                if value in seen:
                    self.error(entry, kind.key or "", message=f"{kind.key_label} « {value} » en double : déjà utilisé dans {seen[value].doc.display}")
                    continue
                seen[value] = entry
                found[kind.name][value] = entry
                self.check_stem(kind, entry, value)
        return found

    def check_stem(self, kind: Kind, entry: Entry, value) -> None:
        expected = kind.expected_stem(value)
        if entry.stem != expected:
            self.error(
                entry,
                kind.key or "",
                message=f"le fichier doit s'appeler « {expected}.yaml » comme son identifiant "
                f"(il s'appelle « {entry.stem}.yaml »)",
            )

    # --- one check per kind ---------------------------------------------------------------------
    def check_referentiels(self) -> _Known | None:
        L = self.loaded
        territoire, thematiques_entry, sdsf, glossaire = (L.one(k) for k in ("territoire", "thematiques", "sdsf", "glossaire"))
        if not (territoire and thematiques_entry and sdsf and glossaire):
            return None  # missing or invalid referential: already reported
        thematiques: dict[str, Thematique] = {}
        for index, thematique in enumerate(thematiques_entry.model.thematiques):
            if thematique.id in thematiques:
                self.error(thematiques_entry, "thematiques", index, "id", message=f"thématique « {thematique.id} » en double")
            thematiques[thematique.id] = thematique
        sigles: set[str] = set()
        for index, entree in enumerate(glossaire.model.entrees):
            if entree.sigle in sigles:
                self.error(glossaire, "entrees", index, "sigle", message=f"sigle « {entree.sigle} » en double")
            sigles.add(entree.sigle)
        synonymes = L.one("synonymes")
        if synonymes:
            self.check_synonyms(synonymes)
        return _Known(
            thematiques=dict(sorted(thematiques.items(), key=lambda kv: kv[1].ordre)),
            orientations={o.id for o in sdsf.model.orientations},
            agglomeration=territoire.model.acteur,
        )

    def check_acteurs(self, entries: dict, known: _Known) -> None:
        for entry in entries.values():
            self.ref(entry, entry.model.rattachement, known.acteurs, "acteurs", "acteur", "rattachement")
            self.ref(entry, entry.model.commune, known.communes, "communes", "commune", "commune")
        territoire = self.loaded.one("territoire")
        if territoire:
            self.ref(territoire, known.agglomeration, known.acteurs, "acteurs", "acteur", "acteur")

    def check_communes(self, entries: dict, known: _Known) -> None:
        for entry in entries.values():
            self.ref(entry, entry.model.mairie, known.acteurs, "acteurs", "acteur", "mairie")

    def check_fiches(self, entries: dict, known: _Known) -> None:
        for numero, entry in entries.items():
            fiche = entry.model
            self.ref(entry, fiche.thematique, known.thematiques, "thematiques", "thématique", "thematique")
            for i, orientation in enumerate(fiche.orientations_sdsf):
                self.ref(entry, orientation.ref, known.orientations, "sdsf", "orientation SDSF", "orientations_sdsf", i, "ref")
            self.check_objectives(entry, numero)
            for role in ("pilotes", "partenaires"):
                for i, intervenant in enumerate(getattr(fiche, role)):
                    for j, acteur in enumerate(intervenant.acteurs):
                        self.ref(entry, acteur, known.acteurs, "acteurs", "acteur", role, i, "acteurs", j)

    def check_objectives(self, entry: Entry, numero: int) -> None:
        seen: set[str] = set()
        for i, objectif in enumerate(entry.model.objectifs):
            if objectif.numero.split(".")[0] != str(numero):
                self.error(
                    entry, "objectifs", i, "numero",
                    message=f"l'objectif « {objectif.numero} » ne correspond pas à la fiche n°{numero} "
                    f"(attendu « {numero} » ou « {numero}.1 », « {numero}.2 »…)",
                )
            if objectif.numero in seen:
                self.error(entry, "objectifs", i, "numero", message=f"objectif « {objectif.numero} » en double")
            seen.add(objectif.numero)

    def check_enjeux(self, entries: dict, known: _Known) -> dict[int, str]:
        """Returns the enjeu of each fiche."""
        enjeu_de_fiche: dict[int, str] = {}
        for key, entry in entries.items():
            self.ref(entry, key, known.thematiques, "thematiques", "thématique", "thematique")
            for i, numero in enumerate(entry.model.fiches):
                if numero not in known.fiches and ("fiches", KIND["fiches"].expected_stem(numero)) not in self.loaded.failed:
                    self.error(entry, "fiches", i, message=f"fiche n°{numero} inconnue : aucun fichier fiche-{numero:02d}.yaml")
                else:
                    enjeu_de_fiche.setdefault(numero, key)
            for field_name in ("synthese", "diagnostic_detaille"):
                self.check_blocks(entry, getattr(entry.model, field_name), known.tables, (field_name,))
        return enjeu_de_fiche

    def check_equipements(self, entries: dict, known: _Known) -> dict[str, list[str]]:
        """Fills ``known.equipements``; returns the équipements managed by each acteur."""
        files: dict[str, str] = {}
        geres: dict[str, list[str]] = defaultdict(list)
        for key, entry in entries.items():
            if key not in known.collectivites:
                self.error(entry, "collectivite", message=f"collectivité inconnue « {key} » : une commune de content/communes ou « {known.agglomeration} »")
            for i, equipement in enumerate(entry.model.equipements):
                if equipement.id in known.equipements:
                    self.error(entry, "equipements", i, "id", message=f"identifiant d'équipement « {equipement.id} » en double : déjà utilisé dans {files[equipement.id]}")
                    continue
                known.equipements[equipement.id] = EquipementPlace(equipement, key)
                files[equipement.id] = entry.doc.display
                self.ref(entry, equipement.gestionnaire.acteur, known.acteurs, "acteurs", "acteur", "equipements", i, "gestionnaire", "acteur")
                geres[equipement.gestionnaire.acteur].append(equipement.id)
        town_of = town_index(known.communes.values())
        for identifier, place in known.equipements.items():
            known.equipements[identifier] = located(place, town_of, known.communes)
        return {k: sorted(v) for k, v in geres.items()}

    def check_trajectoires(self, entries: dict, known: _Known) -> None:
        for key, entry in entries.items():
            if key not in known.collectivites:
                self.error(entry, "autorite", message=f"autorité organisatrice inconnue « {key} »")
            years = list(entry.model.annees)
            for r, ligne in enumerate(entry.model.lignes):
                if ligne.equipement is not None and ligne.equipement not in known.equipements:
                    self.error(entry, "lignes", r, "equipement", message=f"équipement inconnu « {ligne.equipement} » (Annexe 3)")
                for year, cell in ligne.places.items():
                    if year not in years:
                        self.error(entry, "lignes", r, "places", message=f"année {year} absente de « annees »")
                    self.check_numeric_cell(entry, cell, "nombre", ("lignes", r, "places", str(year)))

    def check_textes(self, entries: dict, known: _Known) -> None:
        for entry in entries.values():
            self.check_blocks(entry, entry.model.sections, known.tables, ("sections",))
        convention = self.loaded.one("convention")
        if convention:
            for i, partie in enumerate(convention.model.parties):
                self.ref(convention, partie.acteur, known.acteurs, "acteurs", "acteur", "parties", i, "acteur")
            for i, signature in enumerate(convention.model.signatures):
                self.ref(convention, signature.acteur, known.acteurs, "acteurs", "acteur", "signatures", i, "acteur")

    def check_deliberations(self, entries: dict, known: _Known) -> None:
        for entry in entries.values():
            self.ref(entry, entry.model.collectivite, known.acteurs, "acteurs", "acteur", "collectivite")

    def check_postes(self, entries: dict, known: _Known) -> None:
        for entry in entries.values():
            self.ref(entry, entry.model.employeur, known.acteurs, "acteurs", "acteur", "employeur")
            self.ref(entry, entry.model.commune, known.communes, "communes", "commune", "commune")

    def check_synonyms(self, entry: Entry) -> None:
        """A typed word belongs to one entry only; and it must still mean something once folded."""
        from .recherche import search_terms

        seen: dict[tuple[str, ...], int] = {}
        for index, synonyme in enumerate(entry.model.synonymes):
            for position, typed in enumerate(synonyme.mots):
                key = tuple(search_terms(typed))
                if not key:
                    self.error(entry, "synonymes", index, "mots", position, message=f"« {typed} » ne contient aucun mot cherchable")
                elif key in seen and seen[key] != index:
                    self.error(
                        entry, "synonymes", index, "mots", position,
                        message=f"« {typed} » figure déjà dans l'entrée n°{seen[key] + 1} (accents, majuscules et apostrophes ne comptent pas) : regroupez-les",
                    )
                else:
                    seen[key] = index
            for position, other in enumerate(synonyme.convention):
                if not search_terms(other):
                    self.error(entry, "synonymes", index, "convention", position, message=f"« {other} » ne contient aucun mot cherchable")

    # --- shared checks --------------------------------------------------------------------------
    def check_blocks(self, entry: Entry, sections, tables: dict, loc: Loc) -> None:
        for s, section in enumerate(sections):
            for b, block in enumerate(section.contenu):
                if block.donnees is not None and block.donnees not in tables:
                    self.error(entry, *loc, s, "contenu", b, "donnees", message=f"tableau de chiffres inconnu « {block.donnees} » (content/chiffres)")

    def check_tables(self, entries: dict) -> None:
        for entry in entries.values():
            self.check_table(entry)

    def check_table(self, entry: Entry) -> None:
        table = entry.model
        columns = {c.id: c for c in table.colonnes}
        rows = {row.libelle for row in table.lignes}
        for r, row in enumerate(table.lignes):
            for column_id, cell in row.valeurs.items():
                if column_id not in columns:
                    self.error(entry, "lignes", r, "valeurs", column_id, message=f"colonne inconnue « {column_id} » (colonnes : {', '.join(columns)})", at_key=True)
                    continue
                self.check_numeric_cell(entry, cell, columns[column_id].nature, ("lignes", r, "valeurs", column_id))
        self.check_table_columns(entry, columns, rows)

    def check_table_columns(self, entry: Entry, columns: dict, rows: set[str]) -> None:
        """Columns and rows named by the declared totals, sums, shares and notes exist."""
        table = entry.model
        references: list[tuple[str, Loc]] = []
        for c, controle in enumerate(table.controles):
            references.append((controle.colonne, ("controles", c, "colonne")))
            if controle.total is not None and controle.total not in rows:
                self.error(entry, "controles", c, "total", message=f"aucune ligne « {controle.total} » dans le tableau")
        for c, somme in enumerate(table.sommes_lignes):
            references += [(partie, ("sommes_lignes", c, "parties", p)) for p, partie in enumerate(somme.parties)]
            if somme.total is not None:
                references.append((somme.total, ("sommes_lignes", c, "total")))
        for c, rapport in enumerate(table.rapports):
            references += [(getattr(rapport, name), ("rapports", c, name)) for name in ("colonne", "numerateur", "denominateur")]
        for n, note in enumerate(table.notes_source):
            for k, cellule in enumerate(note.cellules):
                if cellule.ligne not in rows:
                    self.error(entry, "notes_source", n, "cellules", k, "ligne", message=f"aucune ligne « {cellule.ligne} » dans le tableau")
                references.append((cellule.colonne, ("notes_source", n, "cellules", k, "colonne")))
        for value, loc in references:
            if value not in columns:
                self.error(entry, *loc, message=f"colonne inconnue « {value} » (colonnes : {', '.join(columns)})")

    def check_numeric_cell(self, entry: Entry, cell: CelluleDetail, nature: str, loc: Loc) -> None:
        if nature != "nombre" or cell.valeur is None:
            return
        if cell.number is None and cell.valeur not in SPECIAL_VALUES:
            self.error(
                entry,
                *loc,
                message=f"valeur non numérique « {cell.valeur} » : si la source est illisible, écrivez "
                f"{{lu: \"{cell.valeur}\"}} ; si elle est corrigée, ajoutez « lu » et « justification »",
            )

    def publication(self) -> tuple[Publication | None, list[Diagnostic]]:
        """Who publishes the site, and what is still missing before publication (warnings)."""
        entry = self.loaded.one("publication")
        if entry is None:
            where = self.loaded.root / KIND["publication"].file()
            return None, [
                Diagnostic(display_path(where), 1, 1, "fichier absent : les coordonnées de l'éditeur, de l'hébergeur et le contact du site sont à donner avant publication")
            ]
        return entry.model, [entry.at(*loc, message=f"à compléter avant publication : {label}", at_key=True) for loc, label in entry.model.missing()]

    # -------------------------------------------------------------------------------------------
    def run(self) -> Site | None:
        known = self.check_referentiels()
        if known is None:
            return None
        ids = self.identities()
        known.acteurs = {k: e.model for k, e in sorted(ids["acteurs"].items())}
        known.communes = {k: e.model for k, e in sorted(ids["communes"].items(), key=lambda kv: fold(kv[1].model.nom))}
        self.check_acteurs(ids["acteurs"], known)
        self.check_communes(ids["communes"], known)
        known.fiches = {n: e.model for n, e in sorted(ids["fiches"].items())}
        self.check_fiches(ids["fiches"], known)
        known.tables = ids["chiffres"]
        self.check_tables(ids["chiffres"])
        enjeu_de_fiche = self.check_enjeux(ids["enjeux"], known)
        equipements_geres = self.check_equipements(ids["equipements"], known)
        self.check_trajectoires(ids["trajectoires"], known)
        # Suivi de la convention (reviews, statuses, indicator values): ctg/suivi.py.
        suivi, suivi_diagnostics = resolve_suivi(self.loaded, ids["fiches"], [e.model for e in ids["trajectoires"].values()], ids["suivis"])
        if self.check_suivi:
            self.diagnostics.extend(suivi_diagnostics)
        textes = {**ids["textes_convention"], **ids["textes_annexes"], **ids["textes_presentation"]}
        self.check_textes(textes, known)
        self.check_deliberations(ids["deliberations"], known)
        self.check_postes(ids["fiches_de_poste"], known)
        if self.diagnostics or self.loaded.diagnostics:
            return None
        return self.site(known, ids, enjeu_de_fiche, equipements_geres, textes, suivi)

    def site(self, known: _Known, ids: dict[str, dict], enjeu_de_fiche: dict, equipements_geres: dict, textes: dict, suivi: Suivi) -> Site:
        """The resolved model, built once from checked content."""
        L = self.loaded
        thematiques = known.thematiques
        links = fiche_links(known.fiches, known.communes)
        publication, gaps = self.publication()
        convention = L.one("convention")
        synonymes = L.one("synonymes")
        controles: dict[str, list[ControleTotal]] = {key: table_controles(e.model) for key, e in ids["chiffres"].items()}
        controles.update({"trajectoire-" + key: trajectoire_controles(e.model) for key, e in ids["trajectoires"].items()})
        return Site(
            root=L.root,
            territoire=L.one("territoire").model,  # type: ignore[union-attr]  (checked by check_referentiels)
            thematiques=thematiques,
            sdsf=L.one("sdsf").model,  # type: ignore[union-attr]
            glossaire=L.one("glossaire").model,  # type: ignore[union-attr]
            communes=known.communes,
            acteurs=known.acteurs,
            fiches=known.fiches,
            enjeux={k: e.model for k, e in sorted(ids["enjeux"].items(), key=lambda kv: thematiques[kv[0]].ordre if kv[0] in thematiques else 99)},
            listes_equipements={k: e.model for k, e in sorted(ids["equipements"].items())},
            equipements=dict(sorted(known.equipements.items())),
            chiffres={k: e.model for k, e in sorted(ids["chiffres"].items())},
            trajectoires={k: e.model for k, e in ids["trajectoires"].items()},
            convention=convention.model if convention else None,
            textes={k: e.model for k, e in textes.items()},
            deliberations=sorted((e.model for e in ids["deliberations"].values()), key=lambda d: (d.date, d.id)),
            fiches_de_poste=sorted((e.model for e in ids["fiches_de_poste"].values()), key=lambda p: p.ordre),
            synonymes=synonymes.model if synonymes else None,
            publication=publication if publication is not None else Publication(),
            publication_gaps=gaps,
            fiches_pilotees=links.pilotees,
            fiches_partenaire=links.partenaire,
            fiches_par_commune=links.par_commune,
            communes_par_fiche=links.communes_par_fiche,
            equipements_geres=equipements_geres,
            enjeu_de_fiche=enjeu_de_fiche,
            fiches_citees=links.citees,
            controles=controles,
            suivi=suivi,
            entries={kind.name: tuple(e.model for e in L.of(kind.name)) for kind in KINDS},
        )


def resolve(loaded: LoadedContent, check_suivi: bool = True) -> tuple[Site | None, list[Diagnostic]]:
    """The resolved Site, or every problem. ``check_suivi=False`` when avenants exist: the follow-up
    follows the text in force (an objective added by an avenant), so it is checked against that text."""
    resolver = _Resolver(loaded, check_suivi)
    site = resolver.run()
    return site, resolver.diagnostics
