"""Shared building blocks of the content schema: strict base model, typed scalars, notes, text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .vocabulaires import NOTE_KIND_LABELS, NoteKind  # noqa: F401  (NOTE_KIND_LABELS re-exported)


class Strict(BaseModel):
    """Every content model: unknown keys refused, values frozen once validated."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=True,
    )


# --- scalars ---------------------------------------------------------------------------------
# The YAML reader gives every scalar as text; these types decide, with French messages.

_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)([.,][0-9]+)?")


def _parse_integer(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("entier", "nombre entier attendu")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            if len(text) > 18:
                raise PydanticCustomError("entier", "nombre trop grand « {debut}… » ({n} chiffres)", {"debut": text[:12], "n": len(text)})
            return int(text)
        if re.fullmatch(r"-?0[0-9]+", text):
            raise PydanticCustomError(
                "entier_zero_initial",
                "« {valeur} » commence par un zéro : ce n'est pas un nombre ; "
                "si c'est un code, mettez-le dans un champ texte",
                {"valeur": text},
            )
        raise PydanticCustomError("entier", "nombre entier attendu, « {valeur} » trouvé", {"valeur": text})
    raise PydanticCustomError("entier", "nombre entier attendu")


def _parse_decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("nombre", "nombre attendu")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if _DECIMAL.fullmatch(text) and len(text) > 30:
            raise PydanticCustomError("nombre", "nombre trop long « {debut}… » ({n} caractères)", {"debut": text[:12], "n": len(text)})
        if _DECIMAL.fullmatch(text):
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - guarded by the pattern
                pass
        raise PydanticCustomError(
            "nombre",
            "nombre attendu (chiffres, virgule ou point décimal, sans espace), « {valeur} » trouvé",
            {"valeur": text},
        )
    raise PydanticCustomError("nombre", "nombre attendu")


# Invisible characters that no text of the convention needs: control characters (C0 except tab
# and line breaks, DEL, C1), bidirectional overrides (they reorder what a reviewer reads) and
# non-characters. They could hide text in a terminal, break a page's metadata or fake markup.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _require_text(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("texte_vide", "texte vide : écrivez le texte ou retirez le champ")
        forbidden = _FORBIDDEN_CHARACTERS.search(value)
        if forbidden:
            raise PydanticCustomError(
                "caractere_interdit",
                "caractère invisible U+{code} interdit (position {position} du texte) : retirez-le",
                {"code": f"{ord(forbidden.group()):04X}", "position": forbidden.start() + 1},
            )
        return value
    if isinstance(value, dict) and len(value) == 1:
        raise PydanticCustomError(
            "texte",
            "texte attendu, un dictionnaire trouvé : une valeur qui contient « : » (deux-points suivi "
            "d'un espace) doit être entre guillemets",
        )
    if isinstance(value, (dict, list)):
        kind = "un dictionnaire" if isinstance(value, dict) else "une liste"
        raise PydanticCustomError("texte", "texte attendu, {genre} trouvé", {"genre": kind})
    raise PydanticCustomError("texte", "texte attendu")


def _normalise_spaces(value: str) -> str:
    # Editors paste text from PDFs: collapse runs of spaces and line breaks inside a paragraph.
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


Integer = Annotated[int, BeforeValidator(_parse_integer)]
Number = Annotated[Decimal, BeforeValidator(_parse_decimal)]
Text = Annotated[str, BeforeValidator(lambda v: _normalise_spaces(_require_text(v)))]
"""One line or paragraph of text, never empty; inner line breaks are folded into spaces."""

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_slug(value: Any) -> Any:
    value = _require_text(value)
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "identifiant",
            "identifiant invalide « {valeur} » : lettres minuscules sans accent, chiffres et tirets "
            "(ex. « ville-calais »)",
            {"valeur": value},
        )
    return value


Slug = Annotated[str, BeforeValidator(_check_slug)]

_ACRONYM = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:[ &'./-][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*")


def _check_acronym(value: Any) -> Any:
    value = _normalise_spaces(_require_text(value))
    if len(value) > 30 or not _ACRONYM.fullmatch(value):
        raise PydanticCustomError(
            "sigle",
            "sigle invalide « {valeur} » : lettres et chiffres (séparés au besoin par une espace, « & », « . », « / » ou "
            "« - »), 30 caractères au plus",
            {"valeur": value[:40]},
        )
    return value


Acronym = Annotated[str, BeforeValidator(_check_acronym)]
"""A sigle, found in the text of every page to explain it: letters and digits only."""


def _check_postal_code(value: Any) -> Any:
    value = _require_text(value)
    if not re.fullmatch(r"[0-9]{5}", value):
        raise PydanticCustomError(
            "code_postal", "code postal invalide « {valeur} » : cinq chiffres attendus", {"valeur": value}
        )
    return value


PostalCode = Annotated[str, BeforeValidator(_check_postal_code)]


def _check_year(value: Any) -> Any:
    number = _parse_integer(value)
    if not 1900 <= number <= 2100:
        raise PydanticCustomError("annee", "année invalide « {valeur} »", {"valeur": value})
    return number


Year = Annotated[int, BeforeValidator(_check_year)]


def _check_iso_date(value: Any) -> Any:
    value = _require_text(value)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError(
            "date", "date attendue au format AAAA-MM-JJ (ex. 2025-04-22), « {valeur} » trouvé", {"valeur": value}
        )
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", "date impossible « {valeur} »", {"valeur": value}) from None
    return value


IsoDate = Annotated[str, BeforeValidator(_check_iso_date)]


def _check_url(value: Any) -> Any:
    value = _require_text(value).strip()
    from urllib.parse import urlsplit

    scheme = urlsplit(value).scheme.lower()
    if scheme not in ("http", "https", "mailto", "tel") or any(c.isspace() or ord(c) < 32 for c in value):
        raise PydanticCustomError(
            "adresse",
            "adresse refusée « {valeur} » : seules les adresses http://, https://, mailto: et tel: sont acceptées",
            {"valeur": value},
        )
    return value


Url = Annotated[str, BeforeValidator(_check_url)]
"""A link given by content: web, e-mail or telephone only (never javascript:, data:…)."""


# Contact details (practical information, publisher): checked so that a typo never reaches the page.
_PHONE = re.compile(r"(?:0|\+33 ?)[1-9](?:[ .]?[0-9]{2}){4}")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-zA-Z]{2,}")
_WEB = re.compile(r"https://[^\s<>\"']+")


def _pattern(regex: re.Pattern[str], code: str, message: str):
    def check(value):
        if not isinstance(value, str) or not regex.fullmatch(value.strip()):
            raise PydanticCustomError(code, message + ", « {valeur} » trouvé", {"valeur": str(value)})
        return value.strip()

    return BeforeValidator(check)


Telephone = Annotated[str, _pattern(_PHONE, "telephone", "numéro de téléphone français attendu (ex. « 03 21 00 00 00 »)")]
Courriel = Annotated[str, _pattern(_EMAIL, "courriel", "adresse électronique attendue (ex. « accueil@exemple.fr »)")]
SiteWeb = Annotated[str, _pattern(_WEB, "site_web", "adresse de site commençant par https:// attendue")]


# --- source notes -----------------------------------------------------------------------------

class CelluleNotee(Strict):
    """Cellule d'un tableau de chiffres dont une note explique la valeur."""

    ligne: Text = Field(description="Libellé de la ligne, tel qu'écrit dans « lignes » (« MARCK », « Total »).")
    colonne: Slug = Field(description="Identifiant de la colonne.")


class SourceNote(Strict):
    """Note de transcription : ce qui n'a pas pu être repris tel quel du document signé (texte coupé, complété, illisible…)."""

    type: NoteKind = Field(description="Nature de l'écart avec la source.")
    champ: Text | None = Field(None, description="Champ ou passage concerné (ex. « indicateurs »).")
    texte: Text = Field(description="Ce qui manque, ce qui a été complété ou corrigé, et pourquoi.")
    lignes: Text | None = Field(
        None, description="Lignes du texte OCR de la source concernées (ex. « 5012-5020 »)."
    )
    cellules: list[CelluleNotee] = Field(
        default_factory=list,
        description="Tableaux de chiffres : cellules dont la note explique l'écart avec un total ou une part recalculés.",
    )


# --- rich text blocks --------------------------------------------------------------------------


def _item_from_text(value: Any) -> Any:
    # A list item is usually a plain line; a mapping adds sub-items.
    if isinstance(value, str):
        return {"texte": value}
    return value


class ItemDetail(Strict):
    texte: Text = Field(description="Texte de l'élément.")
    sous_liste: list["Item"] = Field(default_factory=list, description="Éléments de second niveau.")


Item = Annotated[ItemDetail, BeforeValidator(_item_from_text)]
ItemDetail.model_rebuild()


class Table(Strict):
    titre: Text | None = Field(None, description="Titre du tableau.")
    colonnes: list[Text] = Field(min_length=1, description="En-têtes des colonnes.")
    lignes: list[list[Text]] = Field(min_length=1, description="Lignes : autant de cellules que de colonnes.")
    source: Text | None = Field(None, description="Source citée sous le tableau (ex. « INSEE RP2021 »).")

    @model_validator(mode="after")
    def _rows_match_columns(self) -> "Table":
        for index, row in enumerate(self.lignes):
            if len(row) != len(self.colonnes):
                raise PydanticCustomError(
                    "tableau",
                    "la ligne {numero} du tableau a {n} cellules pour {c} colonnes",
                    {"numero": index + 1, "n": len(row), "c": len(self.colonnes)},
                )
        return self


BLOCK_KINDS = ("intertitre", "paragraphe", "liste", "tableau", "donnees", "note")


class Block(Strict):
    """Un bloc de texte : exactement un des champs ci-dessous."""

    intertitre: Text | None = Field(None, description="Intertitre à l'intérieur d'une section.")
    paragraphe: Text | None = Field(None, description="Paragraphe de texte.")
    liste: list[Item] | None = Field(None, description="Liste à puces (un élément peut avoir une sous-liste).")
    tableau: Table | None = Field(None, description="Tableau recopié de la source.")
    donnees: Slug | None = Field(
        None, description="Identifiant d'un tableau de chiffres (content/chiffres) à afficher ici."
    )
    note: SourceNote | None = Field(None, description="Note de transcription à cet endroit précis.")

    @model_validator(mode="after")
    def _exactly_one(self) -> "Block":
        present = [kind for kind in BLOCK_KINDS if getattr(self, kind) is not None]
        if len(present) != 1:
            raise PydanticCustomError(
                "bloc",
                "un bloc contient exactement un de ces champs : {noms} ({trouve})",
                {
                    "noms": ", ".join(BLOCK_KINDS),
                    "trouve": "aucun" if not present else "plusieurs : " + ", ".join(present),
                },
            )
        return self


class Section(Strict):
    titre: Text | None = Field(None, description="Titre de la section (absent : suite de la précédente).")
    contenu: list[Block] = Field(min_length=1, description="Blocs de la section, dans l'ordre de la source.")


class SourceRef(Strict):
    """Emplacement du texte transcrit dans la source OCR (pour la relecture)."""

    lignes: Text = Field(description="Plage de lignes du fichier source OCR (ex. « 4918-5012 »).")
    partie: Text | None = Field(None, description="Partie du document signé reproduite.")
