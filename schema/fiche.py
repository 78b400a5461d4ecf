"""Fiche action of the plan d'action (Annexe 4), one file per fiche: content/fiches/fiche-NN.yaml."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .common import Integer, Item, Slug, SourceNote, SourceRef, Strict, Text


def _check_objective_number(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not re.fullmatch(r"[1-9][0-9]{0,3}(\.[1-9][0-9]?)?", value.strip()):
        raise PydanticCustomError(
            "numero_objectif",
            "numéro d'objectif invalide « {valeur} » : écrivez-le comme la source, ex. « 1.2 » ou « 14 »",
            {"valeur": value},
        )
    return value.strip()


ObjectiveNumber = Annotated[str, BeforeValidator(_check_objective_number)]


class Objectif(Strict):
    numero: ObjectiveNumber = Field(description="Numéro comme dans la source : « 1.1 », « 1.2 »… ou « 14 ».")
    intitule: Text = Field(description="Intitulé de l'objectif.")
    precisions: list[Item] = Field(
        default_factory=list, description="Phrases qui prolongent l'objectif dans la source."
    )
    actions: list[Item] = Field(
        default_factory=list, description="Actions « Pour l'objectif … » de la fiche."
    )


class Indicateur(Strict):
    """Un indicateur d'évaluation de la fiche, avec un identifiant stable : le suivi (content/suivi/) y renvoie."""

    id: Slug = Field(
        description="Identifiant stable de l'indicateur dans la fiche (minuscules, tirets) : les valeurs du suivi y renvoient. "
        "Ne le changez pas une fois publié."
    )
    texte: Text = Field(description="Intitulé de l'indicateur, tel que la fiche l'écrit.")
    sous_liste: list[Item] = Field(default_factory=list, description="Précisions de second niveau.")
    annexe_8: bool = Field(
        False,
        description="Vrai pour l'indicateur de la trajectoire des places PSU : ses cibles annuelles sont celles de "
        "l'Annexe 8 (content/trajectoire/).",
    )


class Intervenant(Strict):
    """Un pilote ou un partenaire : son libellé exact, relié à un ou plusieurs acteurs du référentiel."""

    libelle: Text = Field(description="Libellé exact de la source (rôle et structure).")
    acteurs: list[Slug] = Field(min_length=1, description="Acteurs du référentiel désignés par ce libellé.")


class OrientationCitee(Strict):
    ref: Slug = Field(description="Orientation du SDSF (content/referentiels/sdsf.yaml).")
    texte: Text = Field(description="Formulation de l'orientation sur la fiche.")


class Fiche(Strict):
    numero: Integer = Field(ge=1, description="Numéro de la fiche action.")
    titre: Text = Field(description="Titre complet, confirmé par le tableau du plan d'action.")
    thematique: Slug = Field(description="Thématique (content/referentiels/thematiques.yaml).")
    orientations_sdsf: list[OrientationCitee] = Field(
        default_factory=list, description="Orientation(s) SDSF 2023-2026 citées par la fiche."
    )
    loi_sppe: list[Text] = Field(
        default_factory=list, description="Mission(s) de la loi SPPE citées par la fiche, s'il y en a."
    )
    contexte: list[Item] = Field(min_length=1, description="Contexte / diagnostic, paragraphe par paragraphe.")
    objectifs: list[Objectif] = Field(min_length=1, description="Objectifs numérotés et leurs actions.")
    publics: list[Item] = Field(min_length=1, description="Publics visés.")
    actions: list[Item] = Field(
        default_factory=list, description="Actions qui ne sont rattachées à aucun objectif précis."
    )
    calendrier: list[Text] = Field(
        default_factory=list, description="Calendrier / période (vide si la fiche n'en donne pas : le dire dans une note)."
    )
    pilotes: list[Intervenant] = Field(min_length=1, description="Pilotes / référents de l'action.")
    partenaires: list[Intervenant] = Field(default_factory=list, description="Partenaires associés.")
    resultats_attendus: list[Item] = Field(min_length=1, description="Résultats attendus.")
    indicateurs: list[Indicateur] = Field(
        min_length=1, description="Indicateurs d'évaluation, chacun avec son identifiant (« id ») et son texte (« texte »)."
    )
    remarques: list[Text] = Field(
        default_factory=list, description="Mentions « A noter » ou renvois (*) que la fiche porte."
    )
    notes_source: list[SourceNote] = Field(
        default_factory=list, description="Écarts avec la source : texte coupé, complété, reconstitué…"
    )
    source: SourceRef = Field(
        description="Emplacement de la fiche dans le texte OCR (lignes et partie) : obligatoire, la relecture part de là."
    )
