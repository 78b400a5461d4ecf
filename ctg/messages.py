"""Pydantic validation errors, told in French with the place they point at."""

from __future__ import annotations

import re
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .yamlsource import Loc, YamlDocument


def _describe(value: Any) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, dict):
        return "un dictionnaire"
    if isinstance(value, list):
        return "une liste"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {text} »"


def _field_names(model: type[BaseModel] | None) -> str:
    if model is None:
        return ""
    return ", ".join(model.model_fields)


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last key of loc (to list the allowed fields)."""
    from typing import get_args, get_origin

    current: Any = root
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif isinstance(part, int) or not isinstance(part, str):
            pass
        # unwrap list[...], X | None, Annotated[...] and dict[...] to the model inside
        for _ in range(6):
            origin = get_origin(current)
            if origin is None:
                break
            args = [a for a in get_args(current) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            current = models[0] if models else (args[-1] if args else current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _expected_text(value: Any) -> str:
    if isinstance(value, dict) and len(value) == 1:
        return (
            "texte attendu, un dictionnaire trouvé : une valeur qui contient « : » (deux-points "
            "suivi d'un espace) doit être entre guillemets"
        )
    return f"texte attendu, {_describe(value)} trouvé"


def _too_short(minimum: Any) -> str:
    if minimum == 1:
        return "liste vide : au moins un élément est attendu"
    return f"au moins {minimum} éléments attendus"


# The last « or » of Pydantic's list of allowed values (« 'a', 'b' or 'c' »), before the last value:
# a quoted text (which may itself hold « or ») or a bare word (a number).
_LAST_OR = re.compile(r""" or ('[^']*'|"[^"]*"|[^ ]+)$""")


def _allowed_values(expected: str) -> str:
    """Pydantic's list of allowed values, joined in French (« 'a', 'b' ou 'c' »)."""
    return _LAST_OR.sub(r" ou \1", expected)


# Pydantic error type → French message, from the value found and the error's context.
_VALUE_MESSAGES: dict[str, Callable[[Any, dict], str]] = {
    "model_type": lambda value, ctx: f"dictionnaire de champs attendu, {_describe(value)} trouvé",
    "model_attributes_type": lambda value, ctx: f"dictionnaire de champs attendu, {_describe(value)} trouvé",
    "dict_type": lambda value, ctx: f"dictionnaire de champs attendu, {_describe(value)} trouvé",
    "list_type": lambda value, ctx: f"liste attendue (éléments précédés de « - »), {_describe(value)} trouvé",
    "string_type": lambda value, ctx: _expected_text(value),
    "too_short": lambda value, ctx: _too_short(ctx.get("min_length", 1)),
    "too_long": lambda value, ctx: f"au plus {ctx.get('max_length')} éléments attendus",
    "literal_error": lambda value, ctx: f"valeur non autorisée {_describe(value)} ; valeurs possibles : {_allowed_values(ctx.get('expected', ''))}",
    "greater_than_equal": lambda value, ctx: f"valeur trop petite {_describe(value)} (minimum {ctx.get('ge', ctx.get('gt'))})",
    "greater_than": lambda value, ctx: f"valeur trop petite {_describe(value)} (minimum {ctx.get('ge', ctx.get('gt'))})",
    "less_than_equal": lambda value, ctx: f"valeur trop grande {_describe(value)} (maximum {ctx.get('le', ctx.get('lt'))})",
    "less_than": lambda value, ctx: f"valeur trop grande {_describe(value)} (maximum {ctx.get('le', ctx.get('lt'))})",
    "int_parsing": lambda value, ctx: f"nombre entier attendu, {_describe(value)} trouvé",
    "int_type": lambda value, ctx: f"nombre entier attendu, {_describe(value)} trouvé",
    "string_pattern_mismatch": lambda value, ctx: f"format invalide {_describe(value)}",
}


def _own_message(error: dict[str, Any]) -> str:
    """Our own validators already speak French (PydanticCustomError, ValueError)."""
    message = error.get("msg", "valeur invalide")
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message


def translate(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, bool]:
    """French message for one Pydantic error, and whether it should point at the key."""
    kind = error["type"]
    loc = tuple(error["loc"])
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
    if kind == "missing":
        return f"champ obligatoire manquant : « {name} »", False
    if kind == "extra_forbidden":
        allowed = _field_names(_model_at(root, loc))
        suffix = f" (champs possibles : {allowed})" if allowed else ""
        return f"champ inconnu « {name} »{suffix}", True
    message = _VALUE_MESSAGES.get(kind)
    if message is None:
        return _own_message(error), False
    return message(error.get("input"), error.get("ctx") or {}), False


def _clean_loc(loc: Loc) -> Loc:
    """Drop the parts Pydantic adds for validators and dict keys ('function-after[...]', '[key]')."""
    return tuple(part for part in loc if not (isinstance(part, str) and "[" in part))


def diagnostics_from(error: ValidationError, doc: YamlDocument, root: type[BaseModel]) -> list[Diagnostic]:
    results: list[Diagnostic] = []
    seen: set[tuple[Loc, str]] = set()
    for item in error.errors(include_url=False):
        loc = _clean_loc(tuple(item["loc"]))
        item = dict(item, loc=loc)
        message, at_key = translate(item, root)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        results.append(doc.diagnostic(loc, message, at_key=at_key))
    return results
