"""Cross-file checks and resolution: validated files → one consistent Site, or precise errors."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Iterable, Iterator

from schema import Fiche
from schema.chiffres import SPECIAL_VALUES, CelluleDetail
from schema.common import Block, Section

from .content import Entry, LoadedContent
from .controles import table_checks
from .diagnostics import Diagnostic, display_path
from .model import EquipementPlace, Site, TotalCheck
from .text import FICHE_MENTION, fold, item_texts

FICHE_FILE = re.compile(r"fiche-(\d+)")


def _commune_pattern(names: Iterable[str]) -> str:
    # « Calais » must not match inside « Grand Calais », « Pas-de-Calais », « Nielles-lès-Calais »
    # nor « Calaisis ».
    alternatives = sorted({re.escape(fold(n)) for n in names}, key=len, reverse=True)
    variants = [a.replace(r"\-", r"[\s-]").replace(r"\ ", r"[\s-]") for a in alternatives]
    return (
        r"(?<![\w-])(?<!grand )(?<!pas de )(?<!pas-de-)(?<!les )(?<!les-)"
        r"(?:" + "|".join(variants) + r")(?![\w])"
    )


def block_texts(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if block.intertitre:
            yield block.intertitre
        if block.paragraphe:
            yield block.paragraphe
        if block.liste:
            yield from item_texts(block.liste)
        if block.tableau:
            yield from block.tableau.colonnes
            for row in block.tableau.lignes:
                yield from row


def section_texts(sections: Iterable[Section]) -> Iterator[str]:
    for section in sections:
        if section.titre:
            yield section.titre
        yield from block_texts(section.contenu)


def fiche_texts(fiche: Fiche) -> Iterator[str]:
    yield fiche.titre
    yield from item_texts(fiche.contexte)
    for objectif in fiche.objectifs:
        yield objectif.intitule
        yield from item_texts(objectif.precisions)
        yield from item_texts(objectif.actions)
    yield from item_texts(fiche.publics)
    yield from item_texts(fiche.actions)
    yield from fiche.calendrier
    for intervenant in list(fiche.pilotes) + list(fiche.partenaires):
        yield intervenant.libelle
    yield from item_texts(fiche.resultats_attendus)
    yield from item_texts(fiche.indicateurs)
    yield from fiche.remarques


def _town_key(text: str) -> str:
    folded = fold(text).replace("-", " ").replace("/", " ")
    folded = re.sub(r"\bcedex\b", " ", folded)
    return " ".join(folded.split())


def _town_index(communes: Iterable) -> dict[str, str]:
    """Every spelling of every commune (name and variants, accents and hyphens folded) → its id."""
    index: dict[str, str] = {}
    for commune in communes:
        for name in (commune.nom, *commune.variantes):
            index.setdefault(_town_key(name), commune.id)
    return index


def _communes_of_sites(place: EquipementPlace, town_of: dict[str, str], communes: dict) -> tuple[str | None, ...]:
    """The commune of each implantation (of the service itself when it has none); an address that
    names no town is in the commune whose list holds it (the agglomération's list names no commune)."""
    fallback = place.collectivite if place.collectivite in communes else None
    found: list[str | None] = []
    for implantation in place.equipement.implantations or [None]:
        town = implantation.adresse.ville if implantation and implantation.adresse else None
        found.append(town_of.get(_town_key(town)) if town else fallback)
    return tuple(found)


class _Resolver:
    def __init__(self, loaded: LoadedContent):
        self.loaded = loaded
        self.diagnostics: list[Diagnostic] = []

    def error(self, entry: Entry, *loc: str | int, message: str, at_key: bool = False) -> None:
        self.diagnostics.append(entry.at(*loc, message=message, at_key=at_key))

    def unique(self, entries: list[Entry], key, what: str, loc: tuple[str | int, ...]) -> dict:
        seen: dict = {}
        for entry in entries:
            value = key(entry)
            if value in seen:
                first = seen[value].doc
                self.error(
                    entry,
                    *loc,
                    message=f"{what} « {value} » en double : déjà utilisé dans {first.display}",
                )
                continue
            seen[value] = entry
        return seen

    def check_stem(self, entry: Entry, identifier: str, loc: tuple[str | int, ...]) -> None:
        if entry.stem != identifier:
            self.error(
                entry,
                *loc,
                message=f"le fichier doit s'appeler « {identifier}.yaml » comme son identifiant "
                f"(il s'appelle « {entry.stem}.yaml »)",
            )

    def ref(self, entry: Entry, value: str | None, known, what: str, *loc: str | int) -> None:
        # A reference to a file that failed validation is not reported twice.
        if value is not None and value not in known and value not in self.loaded.failed_stems:
            self.error(entry, *loc, message=f"{what} inconnu(e) « {value} » : aucune entrée de ce nom dans le référentiel")

    # -------------------------------------------------------------------------------------------
    def run(self) -> Site | None:
        L = self.loaded
        territoire_entry = L.one("territoire")
        thematiques_entry = L.one("thematiques")
        sdsf_entry = L.one("sdsf")
        glossaire_entry = L.one("glossaire")
        if not (territoire_entry and thematiques_entry and sdsf_entry and glossaire_entry):
            return None  # missing or invalid referential: already reported

        thematiques = {}
        for index, thematique in enumerate(thematiques_entry.model.thematiques):
            if thematique.id in thematiques:
                self.error(thematiques_entry, "thematiques", index, "id", message=f"thématique « {thematique.id} » en double")
            thematiques[thematique.id] = thematique
        thematiques = dict(sorted(thematiques.items(), key=lambda kv: kv[1].ordre))
        orientations = {o.id for o in sdsf_entry.model.orientations}
        sigles: set[str] = set()
        for index, entree in enumerate(glossaire_entry.model.entrees):
            if entree.sigle in sigles:
                self.error(glossaire_entry, "entrees", index, "sigle", message=f"sigle « {entree.sigle} » en double")
            sigles.add(entree.sigle)
        synonymes_entry = L.one("synonymes")
        if synonymes_entry:
            self.check_synonyms(synonymes_entry)

        acteurs_e = self.unique(L.of("acteurs"), lambda e: e.model.id, "identifiant d'acteur", ("id",))
        communes_e = self.unique(L.of("communes"), lambda e: e.model.id, "identifiant de commune", ("id",))
        acteurs = {k: e.model for k, e in sorted(acteurs_e.items())}
        communes = {k: e.model for k, e in sorted(communes_e.items(), key=lambda kv: fold(kv[1].model.nom))}
        agglo = territoire_entry.model.acteur
        self.ref(territoire_entry, agglo, acteurs, "acteur", "acteur")
        collectivites = set(communes) | {agglo}

        for entry in acteurs_e.values():
            self.check_stem(entry, entry.model.id, ("id",))
            self.ref(entry, entry.model.rattachement, acteurs, "acteur", "rattachement")
            self.ref(entry, entry.model.commune, communes, "commune", "commune")
        for entry in communes_e.values():
            self.check_stem(entry, entry.model.id, ("id",))
            self.ref(entry, entry.model.mairie, acteurs, "acteur", "mairie")

        # --- fiches ----------------------------------------------------------------------------
        fiches_e = self.unique(L.of("fiches"), lambda e: e.model.numero, "numéro de fiche", ("numero",))
        for numero, entry in fiches_e.items():
            fiche: Fiche = entry.model
            match = FICHE_FILE.fullmatch(entry.stem)
            if not match or int(match.group(1)) != numero:
                self.error(entry, "numero", message=f"le fichier de la fiche n°{numero} doit s'appeler « fiche-{numero:02d}.yaml »")
            self.ref(entry, fiche.thematique, thematiques, "thématique", "thematique")
            for i, orientation in enumerate(fiche.orientations_sdsf):
                self.ref(entry, orientation.ref, orientations, "orientation SDSF", "orientations_sdsf", i, "ref")
            seen_objectives: set[str] = set()
            for i, objectif in enumerate(fiche.objectifs):
                if objectif.numero.split(".")[0] != str(numero):
                    self.error(
                        entry, "objectifs", i, "numero",
                        message=f"l'objectif « {objectif.numero} » ne correspond pas à la fiche n°{numero} "
                        f"(attendu « {numero} » ou « {numero}.1 », « {numero}.2 »…)",
                    )
                if objectif.numero in seen_objectives:
                    self.error(entry, "objectifs", i, "numero", message=f"objectif « {objectif.numero} » en double")
                seen_objectives.add(objectif.numero)
            for role in ("pilotes", "partenaires"):
                for i, intervenant in enumerate(getattr(fiche, role)):
                    for j, acteur in enumerate(intervenant.acteurs):
                        self.ref(entry, acteur, acteurs, "acteur", role, i, "acteurs", j)
        fiches = {n: e.model for n, e in sorted(fiches_e.items())}

        # --- enjeux ----------------------------------------------------------------------------
        enjeux_e = self.unique(L.of("enjeux"), lambda e: e.model.thematique, "thématique d'enjeu", ("thematique",))
        enjeu_de_fiche: dict[int, str] = {}
        for key, entry in enjeux_e.items():
            self.check_stem(entry, key, ("thematique",))
            self.ref(entry, key, thematiques, "thématique", "thematique")
            for i, numero in enumerate(entry.model.fiches):
                if numero not in fiches and f"fiche-{numero:02d}" not in self.loaded.failed_stems:
                    self.error(entry, "fiches", i, message=f"fiche n°{numero} inconnue : aucun fichier fiche-{numero:02d}.yaml")
                else:
                    enjeu_de_fiche.setdefault(numero, key)
        enjeux = {k: e.model for k, e in sorted(enjeux_e.items(), key=lambda kv: thematiques.get(kv[0]).ordre if kv[0] in thematiques else 99)}

        # --- equipment lists ---------------------------------------------------------------------
        listes_e = self.unique(L.of("equipements"), lambda e: e.model.collectivite, "liste d'équipements de", ("collectivite",))
        equipements: dict[str, EquipementPlace] = {}
        equipement_files: dict[str, str] = {}
        equipements_geres: dict[str, list[str]] = defaultdict(list)
        for key, entry in listes_e.items():
            self.check_stem(entry, key, ("collectivite",))
            if key not in collectivites:
                self.error(entry, "collectivite", message=f"collectivité inconnue « {key} » : une commune de content/communes ou « {agglo} »")
            for i, equipement in enumerate(entry.model.equipements):
                if equipement.id in equipements:
                    self.error(entry, "equipements", i, "id", message=f"identifiant d'équipement « {equipement.id} » en double : déjà utilisé dans {equipement_files[equipement.id]}")
                    continue
                equipements[equipement.id] = EquipementPlace(equipement, key)
                equipement_files[equipement.id] = entry.doc.display
                self.ref(entry, equipement.gestionnaire.acteur, acteurs, "acteur", "equipements", i, "gestionnaire", "acteur")
                equipements_geres[equipement.gestionnaire.acteur].append(equipement.id)
        listes = {k: e.model for k, e in sorted(listes_e.items())}
        town_of = _town_index(communes.values())
        for identifier, place in equipements.items():
            of_sites = _communes_of_sites(place, town_of, communes)
            located = tuple(dict.fromkeys(c for c in of_sites if c))
            equipements[identifier] = EquipementPlace(place.equipement, place.collectivite, located, of_sites)

        # --- figures and trajectory --------------------------------------------------------------
        chiffres_e = self.unique(L.of("chiffres"), lambda e: e.model.id, "identifiant de tableau", ("id",))
        total_checks: dict[str, list[TotalCheck]] = {}
        for key, entry in chiffres_e.items():
            self.check_stem(entry, key, ("id",))
            total_checks[key] = self.check_table(entry)
        trajectoires_e = self.unique(L.of("trajectoires"), lambda e: e.model.autorite, "trajectoire de", ("autorite",))
        for key, entry in trajectoires_e.items():
            self.check_stem(entry, key, ("autorite",))
            if key not in collectivites:
                self.error(entry, "autorite", message=f"autorité organisatrice inconnue « {key} »")
            total_checks["trajectoire-" + key] = self.check_trajectory(entry, equipements)

        # --- texts, convention, deliberations, job descriptions ----------------------------------
        text_entries = L.of("textes_convention") + L.of("textes_annexes") + L.of("textes_presentation")
        textes_e = self.unique(text_entries, lambda e: e.model.id, "identifiant de texte", ("id",))
        for key, entry in textes_e.items():
            self.check_stem(entry, key, ("id",))
            self.check_blocks(entry, entry.model.sections, chiffres_e, ("sections",))
        convention_entry = L.one("convention")
        if convention_entry:
            for i, partie in enumerate(convention_entry.model.parties):
                self.ref(convention_entry, partie.acteur, acteurs, "acteur", "parties", i, "acteur")
            for i, signature in enumerate(convention_entry.model.signatures):
                self.ref(convention_entry, signature.acteur, acteurs, "acteur", "signatures", i, "acteur")
        deliberations_e = self.unique(L.of("deliberations"), lambda e: e.model.id, "identifiant de délibération", ("id",))
        for key, entry in deliberations_e.items():
            self.check_stem(entry, key, ("id",))
            self.ref(entry, entry.model.collectivite, acteurs, "acteur", "collectivite")
        postes_e = self.unique(L.of("fiches_de_poste"), lambda e: e.model.id, "identifiant de fiche de poste", ("id",))
        for key, entry in postes_e.items():
            self.check_stem(entry, key, ("id",))
            self.ref(entry, entry.model.employeur, acteurs, "acteur", "employeur")
            self.ref(entry, entry.model.commune, communes, "commune", "commune")
        for key, entry in enjeux_e.items():
            for field_name in ("synthese", "diagnostic_detaille"):
                self.check_blocks(entry, getattr(entry.model, field_name), chiffres_e, (field_name,))

        if self.diagnostics or self.loaded.diagnostics:
            return None

        site = Site(
            root=L.root,
            territoire=territoire_entry.model,
            thematiques=thematiques,
            sdsf=sdsf_entry.model,
            glossaire=glossaire_entry.model,
            communes=communes,
            acteurs=acteurs,
            fiches=fiches,
            enjeux=enjeux,
            listes_equipements=listes,
            equipements=dict(sorted(equipements.items())),
            chiffres={k: e.model for k, e in sorted(chiffres_e.items())},
            trajectoires={k: e.model for k, e in trajectoires_e.items()},
            convention=convention_entry.model if convention_entry else None,
            textes={k: e.model for k, e in textes_e.items()},
            deliberations=sorted((e.model for e in deliberations_e.values()), key=lambda d: (d.date, d.id)),
            fiches_de_poste=sorted((e.model for e in postes_e.values()), key=lambda p: p.ordre),
            enjeu_de_fiche=enjeu_de_fiche,
            equipements_geres={k: sorted(v) for k, v in equipements_geres.items()},
            total_checks=total_checks,
            synonymes=synonymes_entry.model if synonymes_entry else None,
        )
        self.link_fiches(site)
        self.publication(site)
        for kind, entries in L.entries.items():
            for entry in entries:
                site.source_files[f"{kind}:{entry.stem}"] = entry.doc.path
        return site

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

    # -------------------------------------------------------------------------------------------
    def check_blocks(self, entry: Entry, sections, tables: dict, loc: tuple) -> None:
        for s, section in enumerate(sections):
            for b, block in enumerate(section.contenu):
                if block.donnees is not None and block.donnees not in tables:
                    self.error(entry, *loc, s, "contenu", b, "donnees", message=f"tableau de chiffres inconnu « {block.donnees} » (content/chiffres)")

    def check_table(self, entry: Entry) -> list[TotalCheck]:
        table = entry.model
        columns = {c.id: c for c in table.colonnes}
        rows = {row.libelle for row in table.lignes}
        for r, row in enumerate(table.lignes):
            for column_id, cell in row.valeurs.items():
                if column_id not in columns:
                    self.error(entry, "lignes", r, "valeurs", column_id, message=f"colonne inconnue « {column_id} » (colonnes : {', '.join(columns)})", at_key=True)
                    continue
                self.check_numeric_cell(entry, cell, columns[column_id].nature, ("lignes", r, "valeurs", column_id))

        def known_column(value: str, *loc) -> None:
            if value not in columns:
                self.error(entry, *loc, message=f"colonne inconnue « {value} » (colonnes : {', '.join(columns)})")

        for c, controle in enumerate(table.controles):
            known_column(controle.colonne, "controles", c, "colonne")
            if controle.total is not None and controle.total not in rows:
                self.error(entry, "controles", c, "total", message=f"aucune ligne « {controle.total} » dans le tableau")
        for c, somme in enumerate(table.sommes_lignes):
            for p, partie in enumerate(somme.parties):
                known_column(partie, "sommes_lignes", c, "parties", p)
            if somme.total is not None:
                known_column(somme.total, "sommes_lignes", c, "total")
        for c, rapport in enumerate(table.rapports):
            for field_name in ("colonne", "numerateur", "denominateur"):
                known_column(getattr(rapport, field_name), "rapports", c, field_name)
        for n, note in enumerate(table.notes_source):
            for k, cellule in enumerate(note.cellules):
                if cellule.ligne not in rows:
                    self.error(entry, "notes_source", n, "cellules", k, "ligne", message=f"aucune ligne « {cellule.ligne} » dans le tableau")
                known_column(cellule.colonne, "notes_source", n, "cellules", k, "colonne")
        return table_checks(table)

    def check_numeric_cell(self, entry: Entry, cell: CelluleDetail, nature: str, loc: tuple) -> None:
        if nature != "nombre" or cell.valeur is None:
            return
        if cell.number is None and cell.valeur not in SPECIAL_VALUES:
            self.error(
                entry,
                *loc,
                message=f"valeur non numérique « {cell.valeur} » : si la source est illisible, écrivez "
                f"{{lu: \"{cell.valeur}\"}} ; si elle est corrigée, ajoutez « lu » et « justification »",
            )

    def check_trajectory(self, entry: Entry, equipements: dict) -> list[TotalCheck]:
        trajectoire = entry.model
        years = list(trajectoire.annees)
        for r, ligne in enumerate(trajectoire.lignes):
            if ligne.equipement is not None and ligne.equipement not in equipements:
                self.error(entry, "lignes", r, "equipement", message=f"équipement inconnu « {ligne.equipement} » (Annexe 3)")
            for year, cell in ligne.places.items():
                if year not in years:
                    self.error(entry, "lignes", r, "places", message=f"année {year} absente de « annees »")
                self.check_numeric_cell(entry, cell, "nombre", ("lignes", r, "places", str(year)))
        checks = []
        for year in years:
            cells = [l.places[year] for l in trajectoire.lignes if year in l.places]
            computed = sum((cell.number or Decimal(0)) for cell in cells)
            printed = trajectoire.total_source.get(year)
            checks.append(
                TotalCheck(
                    table="trajectoire-" + trajectoire.autorite,
                    column=str(year),
                    column_label=f"places {year}",
                    total_label="TOTAL",
                    computed=Decimal(computed),
                    printed=printed.number if printed else None,
                    unreadable=sum(1 for cell in cells if cell.state == "illisible"),
                )
            )
        return checks

    def publication(self, site: Site) -> None:
        entry = self.loaded.one("publication")
        if entry is None:
            where = self.loaded.root / "referentiels" / "publication.yaml"
            site.publication_gaps = [
                Diagnostic(display_path(where), 1, 1, "fichier absent : les coordonnées de l'éditeur, de l'hébergeur et le contact du site sont à donner avant publication")
            ]
            return
        site.publication = entry.model
        site.publication_gaps = [
            entry.at(*loc, message=f"à compléter avant publication : {label}", at_key=True) for loc, label in entry.model.missing()
        ]

    def link_fiches(self, site: Site) -> None:
        # One pattern for all communes: each name is a named group (group names cannot hold « - »).
        groups = {}
        alternatives = []
        for index, (commune_id, commune) in enumerate(site.communes.items()):
            groups[f"c{index}"] = commune_id
            alternatives.append(f"(?P<c{index}>{_commune_pattern([commune.nom, *commune.variantes])})")
        any_commune = re.compile("|".join(alternatives))
        for numero, fiche in site.fiches.items():
            for role, index in (("pilotes", site.fiches_pilotees), ("partenaires", site.fiches_partenaire)):
                for intervenant in getattr(fiche, role):
                    for acteur in intervenant.acteurs:
                        bucket = index.setdefault(acteur, [])
                        if numero not in bucket:
                            bucket.append(numero)
            texts = list(fiche_texts(fiche))
            folded = fold(" \n ".join(texts))
            names = {groups[match.lastgroup] for match in any_commune.finditer(folded)}
            found = [cid for cid in site.communes if cid in names]
            site.communes_par_fiche[numero] = found
            for commune_id in found:
                site.fiches_par_commune.setdefault(commune_id, []).append(numero)
            cited = sorted({int(m.group(1)) for t in texts for m in FICHE_MENTION.finditer(t)} - {numero})
            site.fiches_citees[numero] = [n for n in cited if n in site.fiches]


def resolve(loaded: LoadedContent) -> tuple[Site | None, list[Diagnostic]]:
    resolver = _Resolver(loaded)
    site = resolver.run()
    return site, resolver.diagnostics
