"""Suivi de la convention (Article 7, revues du plan d'actions) : content/suivi/.

- content/suivi/revues.yaml : les revues publiées (comité de pilotage, groupe projet…) ;
- content/suivi/fiche-NN.yaml : le suivi d'une fiche, tenu par son pilote — le statut de chaque
  objectif à chaque revue et les valeurs des indicateurs, année par année.

Un fichier par fiche : chaque pilote modifie le sien, les demandes de modification se croisent peu.
La source ne contient aucune donnée de suivi : rien n'est écrit ici tant qu'une revue n'est pas publiée.
"""

from __future__ import annotations

from pydantic import Field

from .common import Integer, IsoDate, Strict, Text, Url
from .vocabulaires import INSTANCES, STATUTS, UNITES, Instance, Statut, Unite  # noqa: F401  (re-exported)


class Revue(Strict):
    """Une revue du plan d'actions : une réunion d'une instance de suivi de la CTG (Article 6 A, Annexe 4)."""

    date: IsoDate = Field(description="Date de la réunion (AAAA-MM-JJ), entre le 1er janvier 2025 et le 31 décembre 2029.")
    instance: Instance = Field(
        description="Instance qui a fait la revue : « comite-de-pilotage » (comité de pilotage stratégique, annuel), "
        "« groupe-projet » (deux fois par an) ou « autre »."
    )
    intitule: Text | None = Field(None, description="Nom de l'instance quand elle est « autre » (facultatif sinon).")
    resume: Text = Field(description="Résumé de la revue, en quelques phrases.")
    decisions: list[Text] = Field(default_factory=list, description="Décisions prises, une par élément.")
    compte_rendu: Url | None = Field(None, description="Adresse du compte rendu quand il est public (https://…).")


class Revues(Strict):
    """Les revues publiées (content/suivi/revues.yaml). Liste vide tant qu'aucune revue n'est publiée."""

    revues: list[Revue] = Field(default_factory=list, description="Revues, de la plus ancienne à la plus récente.")


class StatutObjectif(Strict):
    """Où en est un objectif de la fiche à une revue."""

    objectif: Text = Field(description="Numéro de l'objectif, comme dans la fiche (« 7.1 », « 14 »).")
    statut: Statut = Field(
        description="Statut : a-venir, en-cours, realise, en-pause, abandonne, bloque ou en-retard."
    )
    date: IsoDate | None = Field(None, description="Date de réalisation : obligatoire quand le statut est « realise ».")
    commentaire: Text | None = Field(None, description="Commentaire court.")


class StatutFiche(Strict):
    """Statut de la fiche entière, quand la revue le donne (sinon il est déduit de ceux des objectifs)."""

    statut: Statut = Field(description="Statut de la fiche entière.")
    date: IsoDate | None = Field(None, description="Date de réalisation : obligatoire quand le statut est « realise ».")
    commentaire: Text | None = Field(None, description="Commentaire court.")


class PointDeRevue(Strict):
    """Les statuts décidés à une revue pour cette fiche."""

    revue: IsoDate = Field(description="Date d'une revue déclarée dans content/suivi/revues.yaml.")
    fiche: StatutFiche | None = Field(None, description="Statut de la fiche entière (facultatif : déduit des objectifs).")
    objectifs: list[StatutObjectif] = Field(default_factory=list, description="Statut de chaque objectif suivi à cette revue.")


class ValeurIndicateur(Strict):
    """La valeur d'un indicateur de la fiche pour une année (ou à une date)."""

    indicateur: Text = Field(description="Identifiant (« id ») d'un indicateur de la fiche.")
    annee: Integer | None = Field(None, description="Année de la valeur (2025 à 2029). Donnez l'année, la date, ou les deux.")
    date: IsoDate | None = Field(None, description="Date de la mesure (AAAA-MM-JJ), facultative.")
    valeur: Text = Field(
        description="Valeur : un nombre (« 120 », « 12,5 ») pour « nombre » et « pourcentage », « oui » ou « non », "
        "ou un texte court. Pour l'indicateur relié à l'Annexe 8 : places PSU ouvertes sur le territoire cette année-là."
    )
    unite: Unite = Field(
        description="Unité : nombre, pourcentage, oui-non ou texte. Elle reste la même d'une année à l'autre."
    )
    cible: Text | None = Field(
        None,
        description="Cible de l'année, quand la fiche ou une revue en fixe une. Indicateur relié à l'Annexe 8 : la cible "
        "est celle de l'Annexe 8 (laissez vide ou recopiez-la).",
    )
    revue: IsoDate | None = Field(None, description="Revue où la valeur a été présentée (facultatif).")
    commentaire: Text | None = Field(None, description="Commentaire court.")
    source: Text = Field(description="D'où vient le chiffre (bilan d'activité, tableau de bord CAF…).")


class SuiviFiche(Strict):
    """Suivi d'une fiche action (content/suivi/fiche-NN.yaml), tenu par son pilote."""

    fiche: Integer = Field(ge=1, description="Numéro de la fiche suivie ; le fichier s'appelle fiche-NN.yaml.")
    points: list[PointDeRevue] = Field(
        default_factory=list, description="Statuts décidés à chaque revue, de la plus ancienne à la plus récente."
    )
    valeurs: list[ValeurIndicateur] = Field(default_factory=list, description="Valeurs des indicateurs, année par année.")
