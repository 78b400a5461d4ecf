"""Prose of the signed document: convention, préambule, articles, annexes, presentation pages."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Integer, IsoDate, Item, Section, Slug, SourceNote, SourceRef, Strict, Text

Partie = Literal["presentation", "convention", "annexe"]


class Document(Strict):
    """Page de texte reproduite du document signé (content/convention, content/annexes, content/presentation)."""

    id: Slug = Field(description="Identifiant, égal au nom du fichier.")
    titre: Text
    partie: Partie = Field(description="Où il se range : présentation, convention ou annexe.")
    ordre: Integer = Field(description="Rang dans sa partie, dans l'ordre de la source.")
    numero_source: Text | None = Field(
        None, description="Numéro tel que la source l'imprime (ex. article « 15 » à la place du 13)."
    )
    reproduit: Text = Field(
        description="Partie du document signé que la page reproduit (ex. « Convention, article 4 »)."
    )
    chapeau: list[Text] = Field(default_factory=list, description="Texte d'introduction avant les sections.")
    sections: list[Section] = Field(min_length=1)
    notes_source: list[SourceNote] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class PartieSignataire(Strict):
    acteur: Slug = Field(description="Acteur signataire.")
    designation: Text = Field(description="Nom de la partie tel que la convention l'écrit.")
    siege: Text | None = Field(None, description="Siège (adresse) tel qu'écrit.")
    representant: Text | None = Field(None, description="Représentant et qualité.")
    denomination: Text | None = Field(None, description="« ci-après dénommée … ».")


class Signature(Strict):
    signataire: Text = Field(description="Bloc de signature tel qu'écrit (« Commune de Coulogne »).")
    qualite: Text = Field(description="Qualité du signataire (« Le Maire »).")
    acteur: Slug


class Convention(Strict):
    """Parties et signataires de la convention (content/convention/signataires.yaml)."""

    titre: Text
    periode: Text
    parties: list[PartieSignataire] = Field(min_length=1)
    lieu_signature: Text | None = None
    date_signature: Text | None = Field(None, description="Date telle qu'écrite ; absente si laissée en blanc.")
    exemplaires: Text | None = None
    signatures: list[Signature] = Field(min_length=1)
    notes_source: list[SourceNote] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class Vote(Strict):
    pour: Integer | None = None
    contre: Integer | None = None
    abstention: Integer | None = None
    absents_sans_delegation: Integer | None = None
    unanimite: Literal["oui", "non"] | None = Field(None, description="« oui » si la source dit « à l'unanimité ».")
    detail: list[Text] = Field(default_factory=list, description="Précisions (groupes politiques…).")


class Membres(Strict):
    en_exercice: Integer | None = None
    presents: Integer | None = None
    pouvoirs: Integer | None = None
    votants: Integer | None = None


class Deliberation(Strict):
    """Délibération approuvant la convention (Annexe 9 et décision du Département)."""

    id: Slug
    instance: Text = Field(description="Organe qui délibère (« Conseil municipal de Fréthun »).")
    collectivite: Slug = Field(description="Acteur dont relève l'instance.")
    date: IsoDate = Field(description="Date de la séance, AAAA-MM-JJ.")
    numero: Text | None = Field(None, description="Numéro de la délibération tel qu'écrit.")
    objet: Text
    presidence: Text | None = None
    rapporteur: Text | None = None
    secretaire: Text | None = None
    membres: Membres | None = None
    presents: list[Text] = Field(default_factory=list)
    excuses: list[Text] = Field(default_factory=list)
    absents: list[Text] = Field(default_factory=list)
    autres_participants: list[Text] = Field(default_factory=list)
    visas: list[Text] = Field(default_factory=list, description="Les « Vu … » de la délibération.")
    expose: list[Item] = Field(default_factory=list, description="Exposé des motifs.")
    decision: list[Text] = Field(default_factory=list, description="Texte de la décision.")
    vote: Vote | None = None
    signature: list[Text] = Field(default_factory=list)
    transmission: list[Text] = Field(default_factory=list, description="Mentions d'envoi et de réception en préfecture.")
    emplacement: Text = Field(description="Où la source la reproduit (« Annexe 9 », « en tête du document »).")
    rapport: Document | None = Field(None, description="Rapport présenté à l'instance, s'il est joint.")
    notes_source: list[SourceNote] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class ThematiquePoste(Strict):
    thematique: Text = Field(description="Thématique telle que la fiche l'écrit.")
    cochee: Literal["oui", "non", "illisible"]
    etp: Text | None = None


class FicheDePoste(Strict):
    """Annexe 7 : fiche de poste d'un(e) chargé(e) de coopération CTG."""

    id: Slug
    ordre: Integer
    intitule: Text
    employeur: Slug = Field(description="Acteur employeur.")
    commune: Slug | None = None
    periode: Text | None = Field(None, description="Période de la CTG indiquée sur la fiche.")
    positionnement: list[Text] = Field(default_factory=list, description="Direction, rattachement, mise à disposition…")
    grade: Text | None = None
    service: Text | None = None
    hierarchie: Text | None = None
    temps_de_travail: Text | None = None
    cofinancement_caf: Text | None = None
    thematiques: list[ThematiquePoste] = Field(default_factory=list)
    etp_total: Text | None = None
    relations: list[Text] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    notes_source: list[SourceNote] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
