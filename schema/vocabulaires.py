"""Every controlled vocabulary of the content, with its French labels, in one place.

A vocabulary is a ``Literal`` (what a YAML file may write) and a dict of labels keyed by its
values (what the site shows), in the order the site lists them. ``VOCABULAIRES`` ties each
``Literal`` to its labels: a test checks that every value has a label and every label a value,
so a missing label fails the tests, never the build.
"""

from __future__ import annotations

from typing import Literal

# --- nature of an acteur (content/acteurs/*.yaml, « type ») -----------------------------------

ActeurType = Literal[
    "institution",
    "etat",
    "collectivite",
    "agglomeration",
    "service",
    "association",
    "entreprise",
    "dispositif",
    "reseau",
    "collectif",
]

ACTEUR_TYPE_LABELS: dict[str, str] = {
    "institution": "Institution",
    "etat": "Service de l'État",
    "collectivite": "Collectivité",
    "agglomeration": "Intercommunalité",
    "service": "Service",
    "association": "Association",
    "entreprise": "Entreprise",
    "dispositif": "Dispositif",
    "reseau": "Réseau",
    "collectif": "Ensemble d'acteurs",
}

# Headings of the acteurs index page, in the same order.
ACTEUR_TYPE_PLURALS: dict[str, str] = {
    "institution": "Institutions",
    "etat": "Services de l'État",
    "collectivite": "Collectivités",
    "agglomeration": "Intercommunalité",
    "service": "Services",
    "association": "Associations",
    "entreprise": "Entreprises",
    "dispositif": "Dispositifs",
    "reseau": "Réseaux",
    "collectif": "Ensembles d'acteurs",
}

# --- type of an équipement (content/equipements/*.yaml, « type ») -----------------------------

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

# Plain words first, the convention's acronym after: parents search for « crèche », not « EAJE ».
EQUIPEMENT_TYPE_LABELS: dict[str, str] = {
    "eaje": "Crèche / multi-accueil (EAJE)",
    "jardin-enfants": "Jardin d'enfants",
    "micro-creche": "Micro-crèche",
    "rpe": "Relais petite enfance (RPE, ex-RAM)",
    "laep": "Lieu pour rencontrer d'autres parents avec son enfant (LAEP)",
    "alsh-periscolaire": "Accueil avant et après l'école (accueil de loisirs périscolaire, ALSH)",
    "alsh-extrascolaire": "Centre de loisirs du mercredi et des vacances (ALSH extrascolaire)",
    "alsh-ados": "Accueil de loisirs pour les ados (ALSH ados)",
    "sejours": "Colonies et séjours de vacances",
    "ludotheque": "Ludothèque (jeux et jouets)",
    "bafa": "Formation d'animateur (BAFA)",
    "coordination": "Poste de coordination (pour les professionnels)",
}

# What each service is for, in one sentence, from the convention's own words where it has them.
EQUIPEMENT_TYPE_SENTENCES: dict[str, str] = {
    "eaje": "Accueil collectif des jeunes enfants par des professionnels de la petite enfance : crèche collective, "
    "multi-accueil (MAC) ; la convention parle d'établissement d'accueil du jeune enfant (EAJE).",
    "jardin-enfants": "Accueil des jeunes enfants avant l'école ; la convention le range parmi les « lieux de "
    "socialisation » avec les accueils de loisirs maternels.",
    "micro-creche": "Petite crèche : accueil collectif de quelques jeunes enfants.",
    "rpe": "« Guichet unique petite enfance » : accueil et information des parents et des assistantes "
    "maternelles, animations pour les enfants qu'elles gardent (les RPE s'appelaient RAM avant 2021).",
    "laep": "« Espaces de rencontres, d'échanges et de jeu, pour préparer les tout-petits à la scolarisation, "
    "aider les parents à se séparer » : on y vient avec son enfant.",
    "alsh-periscolaire": "Accueil de loisirs les jours d'école, autour du temps scolaire (matin, midi, soir).",
    "alsh-extrascolaire": "« L'accueil de loisirs le mercredi et pendant les vacances » pour les enfants.",
    "alsh-ados": "Accueil de loisirs réservé aux adolescents.",
    "sejours": "Séjours de vacances pour les enfants et les jeunes, soutenus par la CAF (« BT Séjours » : "
    "bonus territoire séjours, « contrats colos »).",
    "ludotheque": "Lieu où l'on joue sur place et où l'on emprunte des jeux ; la convention en compte deux "
    "financées sur l'agglomération.",
    "bafa": "Aide à la formation des jeunes au brevet d'aptitude aux fonctions d'animateur (BAFA).",
    "coordination": "Poste financé pour coordonner la convention sur le territoire : ce n'est pas un service "
    "ouvert au public.",
}

# --- nature of a source note (« notes_source », everywhere) -----------------------------------

NoteKind = Literal[
    "coupure",
    "completion",
    "illisible",
    "reconstitution",
    "correction",
    "incoherence",
    "absence",
    "numerotation",
    "remarque",
]

NOTE_KIND_LABELS: dict[str, str] = {
    "coupure": "Texte coupé dans la source",
    "completion": "Texte complété",
    "illisible": "Passage illisible dans la source",
    "reconstitution": "Champ reconstitué",
    "correction": "Valeur corrigée",
    "incoherence": "Incohérence de la source",
    "absence": "Absent de la source",
    "numerotation": "Numérotation de la source",
    "remarque": "Remarque de transcription",
}

# --- theme of a figures table (content/chiffres/*.yaml, « theme ») ---------------------------

Theme = Literal[
    "population", "revenus-emploi", "logement", "allocataires", "petite-enfance", "enfance-jeunesse", "parentalite"
]

# Sections of « Le territoire en chiffres », in the order of the menu.
THEME_LABELS: dict[str, str] = {
    "population": "Population",
    "revenus-emploi": "Revenus, pauvreté et emploi",
    "logement": "Logement",
    "allocataires": "Allocataires de la CAF",
    "petite-enfance": "Petite enfance",
    "enfance-jeunesse": "Enfance et jeunesse",
    "parentalite": "Parentalité",
}

# Every vocabulary and its label tables (tested: same values, no more, no less).
# --- suivi de la convention (content/suivi/) : statut, instance d'une revue, unité d'un indicateur -

Statut = Literal["a-venir", "en-cours", "realise", "en-pause", "abandonne", "bloque", "en-retard"]

STATUTS: dict[str, str] = {
    "a-venir": "À venir",
    "en-cours": "En cours",
    "realise": "Réalisé",
    "en-pause": "En pause",
    "abandonne": "Abandonné",
    "bloque": "Bloqué",
    "en-retard": "En retard",
}

Instance = Literal["comite-de-pilotage", "groupe-projet", "autre"]

INSTANCES: dict[str, str] = {
    "comite-de-pilotage": "Comité de pilotage stratégique",
    "groupe-projet": "Groupe projet",
    "autre": "Autre instance",
}

Unite = Literal["nombre", "pourcentage", "oui-non", "texte"]

UNITES: dict[str, str] = {
    "nombre": "nombre",
    "pourcentage": "pourcentage",
    "oui-non": "oui / non",
    "texte": "texte",
}


VOCABULAIRES: dict[str, tuple[object, tuple[dict[str, str], ...]]] = {
    "ActeurType": (ActeurType, (ACTEUR_TYPE_LABELS, ACTEUR_TYPE_PLURALS)),
    "EquipementType": (EquipementType, (EQUIPEMENT_TYPE_LABELS, EQUIPEMENT_TYPE_SENTENCES)),
    "NoteKind": (NoteKind, (NOTE_KIND_LABELS,)),
    "Theme": (Theme, (THEME_LABELS,)),
    "Statut": (Statut, (STATUTS,)),
    "Instance": (Instance, (INSTANCES,)),
    "Unite": (Unite, (UNITES,)),
}
