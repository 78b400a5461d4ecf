"""The registry of content kinds: the one place that says what kinds of YAML files content/ holds.

Each kind declares where its files live, which schema validates them, how a person calls one of
them, where its page is, what it publishes as open data and how ``ctg diff`` names an entry.
Loading (``ctg.content``), the JSON Schemas for editors (``tools/ecrire_schemas.py``), the open
data (``ctg.opendata``), ``ctg diff`` (``ctg.review``), ``ctg new`` (``ctg.scaffold``) and the page
paths (``ctg.pages.paths``, the « source » of each page) all read it.

Adding a kind = one ``Kind(...)`` below + its schema (``schema/``) + its page module
(``ctg/pages/``): see « Ajouter un type de contenu » in CONTRIBUTING.md.

This module imports only the schema: every layer of ``ctg`` may read it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel

import schema


@dataclass(frozen=True)
class Kind:
    """A kind of content file: where it lives, what validates it, what the site makes of it."""

    name: str  # key of the kind in the loaded content (``LoadedContent.of(name)``) and in ``ctg diff``
    folder: str  # folder under content/
    model: type[BaseModel]  # the Pydantic model that validates one file
    label: str  # French name of one entry, as a reader sees it (« Acteur », « Fiche de poste »)
    schema: str  # JSON Schema published as schema/json/<schema>.schema.json (kinds may share one)
    single: str | None = None  # file name when the kind is one file, not a folder of files
    exclude: tuple[str, ...] = ()  # files of the folder that belong to another kind
    required: bool = False  # a single file without which the site cannot be built
    # Identity of an entry: the field that must be unique across the kind (and the kinds sharing its
    # « key_label »), with the words of the duplicate error (« identifiant d'acteur « caf » en double »).
    key: str | None = None
    key_label: str = ""
    # File name (without « .yaml ») of one entry, formatted with its fields: the identity of an
    # entry is also its file name (« {id} », « fiche-{numero:02d} »).
    stem: str = "{id}"
    # Path of the page of one entry in the site's docs tree, formatted with the entry's fields
    # (« acteurs/{id}.md », « plan-action/fiche-{numero:02d}.md »); None: no page per entry.
    page: str | None = None
    index: str | None = None  # path of the page that lists the kind (or shows the single file)
    # Open data: "module:function", a function Site → {file name: text} (files of donnees/).
    export: str | None = None
    # How ``ctg diff`` names an entry: a function (file stem, dumped data) → French words.
    # None: « <label> <stem> ».
    identity: Callable[[str, dict], str] | None = None
    # ``ctg diff`` compares the items of a list one by one (by their « id ») instead of whole files:
    # (list field, field of the file that owns them), e.g. ("equipements", "collectivite").
    diff_items: tuple[str, str] | None = None
    # ``ctg diff`` says the changes of this kind in its own words: "module:function", a function
    # (loaded content before, after) → list of ``ctg.review.Change`` (e.g. « objectif 7.1 : en cours → réalisé »).
    diff: str | None = None

    # --- derived -------------------------------------------------------------------------------
    def page_path(self, **fields: Any) -> str:
        """Path of one entry's page: ``KIND["acteurs"].page_path(id="caf")`` → « acteurs/caf.md »."""
        if self.page is None:
            raise ValueError(f"le type « {self.name} » n'a pas de page par entrée")
        return self.page.format(**fields)

    def file(self, **fields: Any) -> str:
        """Path of one entry's file inside content/: ``KIND["acteurs"].file(id="caf")`` →
        « acteurs/caf.yaml »; a single-file kind needs no field."""
        name = self.single if self.single is not None else f"{self.stem.format(**fields)}.yaml"
        return f"{self.folder}/{name}"

    def source(self, **fields: Any) -> str:
        """Repository path of one entry's file (« content/acteurs/caf.yaml »), as pages cite it."""
        return f"content/{self.file(**fields)}"

    def patterns(self) -> list[str]:
        """Glob patterns of its files, for editors (the « ! » ones exclude)."""
        return [f"content/{self.folder}/{self.single or '*.yaml'}"]

    def expected_stem(self, key: Any) -> str:
        """The file name an entry must have, from its identity (« fiche-03 » for the fiche n°3)."""
        return self.stem.format(**{self.key or "id": key})

    def exporter(self) -> Callable[..., dict[str, str]] | None:
        if self.export is None:
            return None
        module, _, function = self.export.partition(":")
        return getattr(importlib.import_module(module), function)

    def differ(self) -> Callable[..., list]:
        module, _, function = (self.diff or "").partition(":")
        return getattr(importlib.import_module(module), function)

    def what(self, stem: str, data: dict) -> str:
        """How ``ctg diff`` names one entry."""
        if self.identity is not None:
            return self.identity(stem, data)
        return f"{self.label} {stem}"


KINDS: tuple[Kind, ...] = (
    Kind("thematiques", "referentiels", schema.Thematiques, "Référentiel des thématiques", "thematiques", single="thematiques.yaml", required=True),
    Kind("sdsf", "referentiels", schema.Sdsf, "Référentiel SDSF", "sdsf", single="sdsf.yaml", required=True),
    Kind("glossaire", "referentiels", schema.Glossaire, "Glossaire", "glossaire", single="glossaire.yaml", required=True, index="glossaire.md"),
    Kind("territoire", "referentiels", schema.Territoire, "Territoire", "territoire", single="territoire.yaml", required=True, index="territoire/index.md"),
    Kind("synonymes", "referentiels", schema.Synonymes, "Synonymes de la recherche", "synonymes", single="synonymes.yaml"),
    Kind("publication", "referentiels", schema.Publication, "Informations de publication", "publication", single="publication.yaml"),
    Kind("communes", "communes", schema.Commune, "Commune", "commune", key="id", key_label="identifiant de commune", page="communes/{id}.md", index="communes/index.md"),
    Kind("acteurs", "acteurs", schema.Acteur, "Acteur", "acteur", key="id", key_label="identifiant d'acteur", page="acteurs/{id}.md", index="acteurs/index.md"),
    Kind(
        "fiches", "fiches", schema.Fiche, "Fiche action", "fiche",
        key="numero", key_label="numéro de fiche", stem="fiche-{numero:02d}", page="plan-action/fiche-{numero:02d}.md", index="plan-action/index.md", export="ctg.opendata:fiches_files",
        identity=lambda stem, data: f"Fiche action n°{data.get('numero')} — {data.get('titre', '')}",
    ),
    Kind("enjeux", "enjeux", schema.Enjeu, "Enjeu", "enjeu", key="thematique", key_label="thématique d'enjeu", stem="{thematique}", page="enjeux/{thematique}.md", index="enjeux/index.md"),
    Kind(
        "equipements", "equipements", schema.ListeEquipements, "Équipement", "equipements", key="collectivite", key_label="liste d'équipements de", stem="{collectivite}",
        index="annexes/annexe-3-equipements.md", export="ctg.opendata:equipements_files", diff_items=("equipements", "collectivite"),
    ),
    Kind(
        "chiffres", "chiffres", schema.TableauChiffres, "Tableau de chiffres", "chiffres", key="id", key_label="identifiant de tableau",
        page="territoire/{theme}.md", index="territoire/index.md", export="ctg.opendata:chiffres_files",
        identity=lambda stem, data: f"Tableau de chiffres « {data.get('titre', stem)} »",
    ),
    Kind(
        "trajectoires", "trajectoire", schema.Trajectoire, "Trajectoire de", "trajectoire", key="autorite", key_label="trajectoire de", stem="{autorite}",
        index="annexes/annexe-8-trajectoire.md", export="ctg.opendata:trajectoire_files",
    ),
    Kind("convention", "convention", schema.Convention, "Parties et signataires", "convention", single="signataires.yaml", index="convention/index.md"),
    Kind("textes_convention", "convention", schema.Document, "Texte de la convention", "document", key="id", key_label="identifiant de texte", exclude=("signataires.yaml",), page="convention/{id}.md", index="convention/index.md"),
    Kind("textes_annexes", "annexes", schema.Document, "Annexe", "document", key="id", key_label="identifiant de texte", page="annexes/{id}.md", index="annexes/index.md"),
    Kind("textes_presentation", "presentation", schema.Document, "Présentation", "document", key="id", key_label="identifiant de texte", page="presentation/{id}.md"),
    Kind("deliberations", "deliberations", schema.Deliberation, "Délibération", "deliberation", key="id", key_label="identifiant de délibération", page="deliberations/{id}.md", index="deliberations/index.md"),
    Kind("fiches_de_poste", "fiches-de-poste", schema.FicheDePoste, "Fiche de poste", "fiche-de-poste", key="id", key_label="identifiant de fiche de poste", page="annexes/fiches-de-poste/{id}.md", index="annexes/annexe-7-fiches-de-poste.md"),
    # Suivi de la convention (Article 7): the reviews, then one file per fiche followed (ctg/suivi.py).
    Kind(
        "revues", "suivi", schema.Revues, "Revues du plan d'actions", "revues", single="revues.yaml",
        index="suivi/index.md", export="ctg.suivi:donnees_suivi", diff="ctg.suivi:revue_changes",
    ),
    Kind(
        "suivis", "suivi", schema.SuiviFiche, "Suivi de la fiche", "suivi-fiche", key="fiche", key_label="suivi de la fiche",
        stem="fiche-{fiche:02d}", exclude=("revues.yaml",), index="suivi/index.md",
        diff="ctg.suivi:fiche_suivi_changes", identity=lambda stem, data: f"Suivi de la fiche action n°{data.get('fiche')}",
    ),
    # Issue 13 (ctg/avenants.py): content/avenants/ stays empty until an avenant is signed.
    Kind(
        "avenants", "avenants", schema.Avenant, "Avenant", "avenant", key="numero", key_label="numéro d'avenant",
        stem="avenant-{numero:02d}", page="avenants/avenant-{numero:02d}.md", index="avenants/index.md", export="ctg.opendata:avenants_files",
        identity=lambda stem, data: f"Avenant n°{data.get('numero')} — {data.get('objet', '')}",
    ),
)

KIND: dict[str, Kind] = {kind.name: kind for kind in KINDS}

def schemas() -> dict[str, type[BaseModel]]:
    """JSON Schema name → model, one per schema even when several kinds share it."""
    found: dict[str, type[BaseModel]] = {}
    for kind in KINDS:
        found.setdefault(kind.schema, kind.model)
    return found


def schema_files() -> dict[str, list[str]]:
    """JSON Schema name → glob patterns of the files it validates (exclusions last)."""
    found: dict[str, list[str]] = {}
    excluded: dict[str, list[str]] = {}
    for kind in KINDS:
        found.setdefault(kind.schema, []).extend(kind.patterns())
        excluded.setdefault(kind.schema, []).extend(f"!content/{kind.folder}/{name}" for name in kind.exclude)
    return {name: patterns + excluded[name] for name, patterns in found.items()}


def kind_of_texts(partie: str) -> Kind:
    """The kind of the documents of one part (« convention », « annexe », « presentation »)."""
    return KIND[{"convention": "textes_convention", "annexe": "textes_annexes", "presentation": "textes_presentation"}[partie]]
