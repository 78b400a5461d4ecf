"""Annexe 3: equipment and services supported by each collectivité (content/equipements/<id>.yaml)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .vocabulaires import EQUIPEMENT_TYPE_LABELS, EQUIPEMENT_TYPE_SENTENCES, EquipementType  # noqa: F401  (labels re-exported)
from .common import Courriel, Integer, IsoDate, SiteWeb, Telephone, PostalCode, Slug, SourceNote, SourceRef, Strict, Text

# Services a family uses directly: their cards say how to get in touch.
SERVICES_AUX_FAMILLES = frozenset(EQUIPEMENT_TYPE_LABELS) - {"coordination"}


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


class Places(Strict):
    nombre: Integer = Field(gt=0, description="Nombre de places.")
    source: Text = Field(description="D'où vient ce nombre (ex. « agrément PMI du 3 mars 2025 »).")


class InformationsPratiques(Strict):
    """Informations pratiques hors convention : la convention ne les donne pas. Les éditeurs peuvent les
    ajouter plus tard ; la page les affiche à part, avec leur date, jamais mêlées au texte de la convention."""

    telephone: Telephone | None = Field(None, description="Téléphone, ex. « 03 21 00 00 00 ».")
    courriel: Courriel | None = Field(None, description="Adresse électronique.")
    site_web: SiteWeb | None = Field(None, description="Site web, https://…")
    ages: Text | None = Field(None, description="Âges accueillis, ex. « de 10 semaines à 4 ans ».")
    horaires: Text | None = Field(None, description="Jours et heures d'ouverture.")
    places: Places | None = Field(None, description="Nombre de places, avec sa source.")
    verifie_le: IsoDate = Field(description="Date à laquelle ces informations ont été vérifiées, AAAA-MM-JJ.")
    source: Text = Field(description="Qui les a fournies ou où elles ont été relevées.")

    @model_validator(mode="after")
    def _something(self) -> "InformationsPratiques":
        if not any((self.telephone, self.courriel, self.site_web, self.ages, self.horaires, self.places)):
            raise PydanticCustomError(
                "infos_vides", "informations pratiques vides : donnez au moins un téléphone, un courriel, un site, des âges, des horaires ou des places"
            )
        return self


class Equipement(Strict):
    id: Slug = Field(description="Identifiant unique sur tout le site, ex. « marck-laep-gazouillis-babillage ».")
    type: EquipementType = Field(description="Type, dans le vocabulaire contrôlé.")
    intitule_type: Text = Field(description="Type tel que la source l'écrit (ex. « BT Séjours », « ALSH Ados »).")
    nom: Text | None = Field(None, description="Nom de la structure, s'il y en a un.")
    gestionnaire: Gestionnaire
    implantations: list[Implantation] = Field(default_factory=list, description="Lieux d'accueil et adresses.")
    remarques: list[Text] = Field(default_factory=list, description="Remarques de la source, mot pour mot.")
    infos_pratiques: InformationsPratiques | None = Field(
        None, description="Facultatif, hors convention : téléphone, courriel, site, âges, horaires, places, avec leur date."
    )
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
