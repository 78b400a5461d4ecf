"""Referentials: communes, acteurs, thématiques, orientations SDSF, glossary."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .equipements import InformationsPratiques
from .vocabulaires import ACTEUR_TYPE_LABELS, ActeurType, EquipementType  # noqa: F401  (ACTEUR_TYPE_LABELS re-exported)
from .common import Acronym, Item, PostalCode, Slug, SourceNote, Strict, Text, Year


class ServiceHorsCommune(Strict):
    """Un service que la source dit ouvert aux familles de la commune sans y être implanté (RPE mutualisé…)."""

    type: EquipementType = Field(description="Type du service, dans le vocabulaire des équipements.")
    texte: Text = Field(description="Ce que la source en dit, avec sa référence (annexe, article ou fiche).")


class Commune(Strict):
    """Une des 14 communes membres (content/communes/<id>.yaml)."""

    id: Slug = Field(description="Identifiant stable, ex. « marck ».")
    nom: Text = Field(description="Nom officiel de la commune tel que la convention l'écrit.")
    variantes: list[Text] = Field(
        default_factory=list,
        description="Autres graphies dans la source (ex. « Marck en Calaisis »), pour reconnaître la commune dans les textes.",
    )
    codes_postaux: list[PostalCode] = Field(default_factory=list, description="Codes postaux cités dans la source.")
    mairie: Slug = Field(description="Acteur représentant la commune (ex. « ville-marck »).")
    entree_agglomeration: Text | None = Field(
        None, description="Quand la commune a rejoint l'agglomération, selon l'Annexe 2."
    )
    reperes: list[Item] = Field(
        default_factory=list,
        description="Faits de couverture que la source donne pour la commune (RPE, LAEP, EVS, centres sociaux…).",
    )
    services_hors_commune: list[ServiceHorsCommune] = Field(
        default_factory=list,
        description="Services qui servent la commune sans y être implantés, d'après la source (affichés dans l'annuaire).",
    )
    notes_source: list[SourceNote] = Field(default_factory=list)


class Acteur(Strict):
    """Un signataire, un partenaire ou un ensemble de partenaires (content/acteurs/<id>.yaml), une page chacun."""

    id: Slug = Field(description="Identifiant stable, égal au nom du fichier.")
    nom: Text = Field(description="Nom complet, tel que la source l'écrit le plus souvent.")
    sigle: Text | None = Field(None, description="Sigle usuel (ex. « CAF »).")
    variantes: list[Text] = Field(
        default_factory=list,
        description="Autres désignations dans la source (« Caf », « Caisse d'Allocations Familiales »…).",
    )
    type: ActeurType = Field(description="Nature de l'acteur.")
    rattachement: Slug | None = Field(None, description="Acteur dont il dépend (ex. un service de la Ville).")
    commune: Slug | None = Field(None, description="Commune où il est implanté, si la source le dit.")
    signataire: Literal["oui", "non"] = Field("non", description="« oui » s'il signe la convention.")
    description: list[Text] = Field(
        default_factory=list, description="Ce que la source dit de cet acteur (phrases de la convention)."
    )
    infos_pratiques: InformationsPratiques | None = Field(
        None, description="Facultatif, hors convention : téléphone, courriel, site, horaires, avec leur date."
    )
    notes_source: list[SourceNote] = Field(default_factory=list)


class Thematique(Strict):
    id: Slug
    nom: Text = Field(description="Nom de la thématique, ex. « Petite enfance ».")
    intitule_source: Text | None = Field(None, description="Intitulé exact sur les fiches (ex. « PETITE ENFANCE »).")
    publics: Text | None = Field(None, description="Tranche d'âge ou public, si la source la donne (ex. « 0-5 ans »).")
    ordre: int = Field(description="Rang d'affichage.")
    famille: Literal["thematique", "transversal", "pilotage"] = Field(
        description="Enjeu thématique, enjeu transversal ou pilotage de la CTG."
    )


class Thematiques(Strict):
    thematiques: list[Thematique] = Field(min_length=1)


class OrientationSdsf(Strict):
    id: Slug
    texte: Text = Field(description="Intitulé de l'orientation tel que le préambule l'énonce.")


class Sdsf(Strict):
    """Schéma départemental des services aux familles (préambule de la convention)."""

    nom: Text
    periode: Text = Field(description="Période du schéma, ex. « 2023-2026 ».")
    orientations: list[OrientationSdsf] = Field(min_length=1)


class EntreeGlossaire(Strict):
    sigle: Acronym = Field(description="Le sigle tel qu'il s'écrit dans le texte (ex. « CAF »).")
    definition: Text = Field(description="Sens du sigle.")
    origine: Literal["convention", "usuel"] = Field(
        description="« convention » si la source développe le sigle ; « usuel » si la définition est "
        "le sens courant, la source ne le développant pas."
    )
    precision: Text | None = Field(None, description="Précision tirée de la source, facultative.")


class Glossaire(Strict):
    entrees: list[EntreeGlossaire] = Field(min_length=1)


class Territoire(Strict):
    """L'agglomération elle-même (content/referentiels/territoire.yaml)."""

    nom: Text = Field(description="Nom officiel (« Communauté d'agglomération … »).")
    nom_court: Text = Field(description="Nom usuel, sans la forme juridique : celui des titres et descriptions des pages.")
    sigle: Text
    acteur: Slug = Field(description="Acteur qui représente l'agglomération ; son identifiant est aussi celui de sa liste d'équipements et de sa trajectoire.")
    periode: Text = Field(description="Période de la convention, telle que les pages l'écrivent (ex. « 2025-2029 »).")
    signataires_en_bref: Text = Field(
        description="Qui signe la convention, en une phrase qui suit « signée entre » sur la page de la convention."
    )
    siege: Text | None = None
    annee_reference: Year | None = None
    presentation: list[Text] = Field(default_factory=list)


class Synonyme(Strict):
    """Des mots que les familles tapent, et les mots que la convention emploie pour la même chose."""

    mots: list[Text] = Field(
        min_length=1,
        description="Ce qu'une famille ou un partenaire tape dans la recherche (ex. « halte-garderie »). "
        "Accents, majuscules et pluriels sont déjà pris en compte : inutile de les écrire tous.",
    )
    convention: list[Text] = Field(
        min_length=1,
        description="Les mots de la convention que la recherche cherche aussi (ex. « accueil occasionnel »).",
    )
    services: list[EquipementType] = Field(
        default_factory=list,
        description="Les types de service (équipement) que ces mots désignent (ex. « eaje » pour « crèche ») : "
        "quand une recherche les contient, les services de ces types passent en tête des résultats.",
    )


class Synonymes(Strict):
    """Synonymes de la recherche du site (content/referentiels/synonymes.yaml). Les sigles du glossaire
    s'y ajoutent d'eux-mêmes : taper le sigle trouve son développement, et inversement."""

    synonymes: list[Synonyme] = Field(min_length=1)
