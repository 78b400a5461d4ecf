"""Enjeu of a thématique (content/enjeux/<thematique>.yaml): diagnostic, enjeux, fiches, networks."""

from __future__ import annotations

from pydantic import Field

from .common import Integer, Item, Section, Slug, SourceNote, SourceRef, Strict, Text


class ConclusionDiagnostic(Strict):
    """Ligne du tableau de conclusion de l'Annexe 2 (« DIAGNOSTIC : Usagers / Offre de services »)."""

    usagers: list[Item] = Field(default_factory=list, description="Colonne « Usagers ».")
    offre: list[Item] = Field(default_factory=list, description="Colonne « Offre de services ».")


class Reseau(Strict):
    """Ligne de l'« État des lieux des réseaux par thématique et par territoire » (fin de l'Annexe 4)."""

    domaine: Text | None = Field(None, description="Sous-domaine (ex. « Numérique », « Illettrisme »).")
    existant: list[Text] = Field(default_factory=list, description="Réseaux et structures existants.")
    perspectives: list[Text] = Field(default_factory=list, description="Ce qu'il faut créer ou renforcer.")


class Enjeu(Strict):
    thematique: Slug = Field(description="Thématique (content/referentiels/thematiques.yaml).")
    titre: Text = Field(description="Titre de la page, ex. « Petite enfance (0-5 ans) ».")
    synthese: list[Section] = Field(
        default_factory=list,
        description="« Synthèse du diagnostic » de la présentation illustrée (besoins, offre, constats).",
    )
    diagnostic_detaille: list[Section] = Field(
        default_factory=list, description="Partie thématique de l'Annexe 2 (diagnostic partagé)."
    )
    conclusion_diagnostic: ConclusionDiagnostic | None = Field(
        None, description="Ligne de la thématique dans le tableau de conclusion de l'Annexe 2."
    )
    enjeux: list[Item] = Field(min_length=1, description="Enjeux / objectifs (article 4 et plan d'action).")
    fiches: list[Integer] = Field(min_length=1, description="Numéros des fiches action qui servent l'enjeu.")
    reseaux: list[Reseau] = Field(default_factory=list, description="État des réseaux de la thématique.")
    notes_source: list[SourceNote] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list, description="Passages de la source transcrits ici.")
