"""Who publishes the site (content/referentiels/publication.yaml): not in the convention, filled once
by the collectivité that puts the site online. Every field may stay empty while the site is prepared;
`ctg check` lists what is missing and a build for publication refuses to run until it is filled."""

from __future__ import annotations

from pydantic import Field

from .common import Courriel, SiteWeb, Strict, Telephone, Text


class Editeur(Strict):
    nom: Text | None = Field(None, description="Dénomination de la collectivité qui publie le site.")
    adresse: Text | None = Field(None, description="Adresse postale de l'éditeur.")
    telephone: Telephone | None = Field(None, description="Téléphone de l'éditeur.")
    directeur_publication: Text | None = Field(
        None, description="Nom et qualité du directeur ou de la directrice de la publication."
    )


class Hebergeur(Strict):
    nom: Text | None = Field(None, description="Nom ou raison sociale de l'hébergeur.")
    adresse: Text | None = Field(None, description="Adresse de l'hébergeur.")
    telephone: Telephone | None = Field(None, description="Téléphone de l'hébergeur.")


class Contact(Strict):
    courriel: Courriel | None = Field(None, description="Adresse électronique pour écrire au sujet du site.")
    telephone: Telephone | None = Field(None, description="Téléphone pour joindre l'éditeur.")
    formulaire: SiteWeb | None = Field(None, description="Adresse d'un formulaire de contact, https://…")
    adresse_postale: Text | None = Field(None, description="Adresse pour écrire par courrier.")


class Publication(Strict):
    editeur: Editeur = Field(default_factory=Editeur)
    hebergeur: Hebergeur = Field(default_factory=Hebergeur)
    contact: Contact = Field(default_factory=Contact)
    adresse_du_site: SiteWeb | None = Field(
        None, description="Adresse publique du site, ex. https://ctg.exemple.fr/ (sert aussi à la page 404)."
    )

    def missing(self) -> list[tuple[tuple[str, ...], str]]:
        """(place in the file, what to write) for each detail a publication needs (loi n° 2004-575, art. 6)."""
        gaps: list[tuple[tuple[str, ...], str]] = []
        for field_name, label in (
            ("nom", "nom de l'éditeur"),
            ("adresse", "adresse de l'éditeur"),
            ("directeur_publication", "directeur ou directrice de la publication"),
        ):
            if getattr(self.editeur, field_name) is None:
                gaps.append((("editeur", field_name), label))
        for field_name, label in (("nom", "nom de l'hébergeur"), ("adresse", "adresse de l'hébergeur"), ("telephone", "téléphone de l'hébergeur")):
            if getattr(self.hebergeur, field_name) is None:
                gaps.append((("hebergeur", field_name), label))
        if not (self.contact.courriel or self.contact.telephone or self.contact.formulaire):
            gaps.append((("contact",), "un moyen de contact (courriel, téléphone ou formulaire)"))
        if self.adresse_du_site is None:
            gaps.append((("adresse_du_site",), "adresse publique du site"))
        return gaps
