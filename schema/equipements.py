"""Annexe 3: equipment and services supported by each collectivité (content/equipements/<id>.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .common import PostalCode, Slug, SourceNote, SourceRef, Strict, Text

EquipementType = Literal[
    "eaje",
    "jardin-enfants",
    "micro-creche",
    "rpe",
    "laep",
    "alsh-periscolaire",
    "alsh-extrascolaire",
    "alsh-ados",
    "sejours",
    "ludotheque",
    "bafa",
    "coordination",
]

EQUIPEMENT_TYPE_LABELS: dict[str, str] = {
    "eaje": "EAJE / multi-accueil",
    "jardin-enfants": "Jardin d'enfants",
    "micro-creche": "Micro-crèche",
    "rpe": "Relais petite enfance (RPE)",
    "laep": "Lieu d'accueil enfants-parents (LAEP)",
    "alsh-periscolaire": "Accueil de loisirs périscolaire",
    "alsh-extrascolaire": "Accueil de loisirs extrascolaire",
    "alsh-ados": "Accueil de loisirs ados",
    "sejours": "Séjours",
    "ludotheque": "Ludothèque",
    "bafa": "BAFA",
    "coordination": "Poste de coordination / chargé de coopération",
}


class Adresse(Strict):
    voie: Text | None = Field(None, description="Numéro et voie, ex. « 2, Place de l'Europe ».")
    complement: Text | None = Field(None, description="Complément : bâtiment, boîte postale…")
    code_postal: PostalCode | None = Field(None, description="Code postal, toujours entre guillemets s'il commence par 0.")
    ville: Text | None = Field(None, description="Ville, en majuscules comme dans la source ou non.")

    @model_validator(mode="after")
    def _not_empty(self) -> "Adresse":
        if not (self.voie or self.complement or self.ville):
            raise PydanticCustomError("adresse_vide", "adresse vide : donnez au moins la voie ou la ville")
        return self


class Gestionnaire(Strict):
    nom: Text = Field(description="Nom du gestionnaire tel que la source l'écrit.")
    acteur: Slug = Field(description="Acteur du référentiel (content/acteurs).")
    adresse: Adresse | None = None


class Implantation(Strict):
    nom: Text | None = Field(None, description="Nom du lieu (école, salle, ferme…).")
    adresse: Adresse | None = None

    @model_validator(mode="after")
    def _named_or_addressed(self) -> "Implantation":
        if self.nom is None and self.adresse is None:
            raise PydanticCustomError("implantation_vide", "implantation vide : donnez un nom ou une adresse")
        return self


class Equipement(Strict):
    id: Slug = Field(description="Identifiant unique sur tout le site, ex. « marck-laep-gazouillis-babillage ».")
    type: EquipementType = Field(description="Type, dans le vocabulaire contrôlé.")
    intitule_type: Text = Field(description="Type tel que la source l'écrit (ex. « BT Séjours », « ALSH Ados »).")
    nom: Text | None = Field(None, description="Nom de la structure, s'il y en a un.")
    gestionnaire: Gestionnaire
    implantations: list[Implantation] = Field(default_factory=list, description="Lieux d'accueil et adresses.")
    remarques: list[Text] = Field(default_factory=list, description="Remarques de la source, mot pour mot.")
    notes_source: list[SourceNote] = Field(default_factory=list)


class ListeEquipements(Strict):
    collectivite: Slug = Field(description="Commune (content/communes) ou « gctm » pour l'agglomération.")
    titre_source: Text | None = Field(
        None, description="En-tête de la liste tel qu'il figure dans la source, s'il n'a pas été perdu."
    )
    entete: Literal["present", "reconstitue"] = Field(
        description="« present » si l'en-tête est lisible dans la source ; « reconstitue » s'il a été perdu."
    )
    equipements: list[Equipement] = Field(default_factory=list)
    notes_source: list[SourceNote] = Field(default_factory=list)
    source: SourceRef | None = None
