"""Read one YAML file safely and remember where every key and value stands.

Why not ``yaml.safe_load``: it turns ``06250`` into 3240, ``non`` into False, silently keeps the
last of two duplicate keys, expands aliases (alias bombs) and forgets line numbers. Here every
scalar stays the text the editor typed (the schema decides what is a number), duplicate keys,
anchors, aliases and explicit tags are refused, and positions are kept for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .diagnostics import Diagnostic

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
# Content never nests deeper than about ten levels. The bound keeps a hostile file (« a: [[[[… »)
# from exhausting the recursion of the YAML composer, in Python or in C.
MAX_DEPTH = 50


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDocument:
    """Plain data read from a file, and its node tree to find where any key or value stands.

    Positions are looked up only when a message needs one: valid files pay nothing for them.
    """

    path: Path
    display: str
    data: Any
    root: Any = field(default=None, repr=False)

    def _walk(self, loc: Loc):
        """Nodes along loc: (node reached, its key node or None, True if the whole loc was found)."""
        node, key_node = self.root, None
        for part in loc:
            if isinstance(node, MappingNode):
                for candidate_key, candidate_value in node.value:
                    if isinstance(candidate_key, ScalarNode) and candidate_key.value == part:
                        node, key_node = candidate_value, candidate_key
                        break
                else:
                    return node, key_node, False
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node, key_node = node.value[part], None
            else:
                return node, key_node, False
        return node, key_node, True

    def locate(self, loc: Loc, *, at_key: bool = False) -> Position:
        """The value itself, or, for a missing child, the field that should contain it."""
        if self.root is None:
            return Position(1, 1)
        node, key_node, complete = self._walk(tuple(loc))
        if (at_key or not complete) and key_node is not None:
            mark = key_node.start_mark
        else:
            mark = node.start_mark
        return Position(mark.line + 1, mark.column + 1)

    def diagnostic(self, loc: Loc, message: str, *, at_key: bool = False) -> Diagnostic:
        pos = self.locate(loc, at_key=at_key)
        return Diagnostic(self.display, pos.line, pos.column, message)


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


class _RefusingComposer(Composer):
    """Composer that refuses anchors and aliases before anything is built (no alias bomb)."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            mark = event.start_mark
            raise YamlProblem(
                mark.line + 1,
                mark.column + 1,
                f"alias YAML « *{event.anchor} » refusé : recopiez la valeur au lieu d'y faire référence",
            )
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)) and event.anchor:
            mark = event.start_mark
            raise YamlProblem(
                mark.line + 1,
                mark.column + 1,
                f"ancre YAML « &{event.anchor} » refusée : les ancres et alias ne sont pas acceptés",
            )
        if isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)):
            tag = event.tag
            if tag not in (None, "!"):
                mark = event.start_mark
                raise YamlProblem(
                    mark.line + 1,
                    mark.column + 1,
                    f"étiquette YAML « {tag} » refusée : écrivez la valeur telle quelle, sans « ! »",
                )
        return super().compose_node(parent, index)


class _TextOnlyLoader(Reader, Scanner, Parser, _RefusingComposer, BaseResolver):
    """No implicit typing at all: every scalar is text (BaseResolver has no implicit resolvers)."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _RefusingComposer.__init__(self)
        BaseResolver.__init__(self)


try:  # LibYAML parses and composes in C, many times faster than the pure-Python reader.
    from yaml._yaml import CParser

    class _FastTextOnlyLoader(CParser, BaseResolver):
        """C parsing and composition; aliases and explicit tags are caught while walking the nodes."""

        _TAGS = {
            ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG,
            SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
            MappingNode: BaseResolver.DEFAULT_MAPPING_TAG,
        }

        def __init__(self, stream):
            CParser.__init__(self, stream)
            BaseResolver.__init__(self)

        def resolve(self, kind, value, implicit):
            # No implicit typing: the same answer as BaseResolver, without its per-node work.
            return self._TAGS[kind]

except ImportError:  # pragma: no cover - PyYAML wheels ship LibYAML
    _FastTextOnlyLoader = _TextOnlyLoader

# A file that may use anchors or aliases goes through the Python composer, which names them in its
# refusal; the others take the fast path. « Terres & Mers » (& followed by a space) does not match.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.M)
_PLAIN_TAGS = {BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG}


def _loader_for(text: str):
    return _TextOnlyLoader if _MAYBE_ANCHOR.search(text) else _FastTextOnlyLoader


# PyYAML's messages are in English; editors read French. Known problems get a clear explanation.
_SYNTAX_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"mapping values are not allowed"),
        "deux-points inattendu : une valeur qui contient « : » doit être entre guillemets, "
        "ou l'indentation est incorrecte",
    ),
    (re.compile(r"could not find expected ':'"), "deux-points « : » attendu après la clé"),
    (
        re.compile(r"found character '\\t' that cannot start any token"),
        "tabulation interdite : indentez avec des espaces",
    ),
    (
        re.compile(r"found unexpected end of stream"),
        "fin de fichier inattendue : un guillemet ou un crochet n'est pas refermé",
    ),
    (
        re.compile(r"expected <block end>, but found '-'"),
        "tiret de liste mal aligné : vérifiez l'indentation",
    ),
    (re.compile(r"expected <block end>, but found"), "indentation incohérente à cet endroit"),
    (re.compile(r"did not find expected key"), "clé attendue : vérifiez l'indentation"),
    (re.compile(r"did not find expected '-' indicator"), "tiret de liste « - » attendu"),
    (re.compile(r"found unknown escape character"), "séquence d'échappement inconnue entre guillemets doubles"),
    (re.compile(r"found undefined tag handle"), "étiquette YAML inconnue"),
    (re.compile(r"expected ',' or '\]'"), "liste entre crochets mal fermée : « , » ou « ] » attendu"),
    (re.compile(r"expected ',' or '\}'"), "dictionnaire entre accolades mal fermé : « , » ou « } » attendu"),
    (re.compile(r"found character '(.)' that cannot start any token"), "caractère « {0} » interdit en début de valeur : mettez la valeur entre guillemets"),
    (re.compile(r"expected a single document"), "un seul document YAML par fichier (pas de second « --- »)"),
    (re.compile(r"expected '<document start>'"), "contenu inattendu après la fin du document"),
]


def _translate_syntax_error(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = " ".join(filter(None, [error.context, error.problem]))
    if "cannot start any token" in problem and mark is not None:
        # LibYAML does not name the character: read it from the text.
        lines = text.splitlines()
        found = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        if found == "\t":
            return YamlProblem(line, column, "syntaxe YAML : tabulation interdite : indentez avec des espaces")
        if found:
            return YamlProblem(
                line, column, f"syntaxe YAML : caractère « {found} » interdit en début de valeur : mettez la valeur entre guillemets"
            )
    for pattern, message in _SYNTAX_MESSAGES:
        found = pattern.search(problem)
        if found:
            return YamlProblem(line, column, "syntaxe YAML : " + message.format(*found.groups()))
    return YamlProblem(line, column, f"syntaxe YAML invalide ({problem})")


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        raise YamlProblem(
            line,
            column,
            f"le fichier n'est pas en UTF-8 (octet 0x{byte:02X} invalide) : "
            "enregistrez-le en UTF-8 depuis votre éditeur",
        ) from None
    if "\x00" in text:
        raise YamlProblem(1, 1, "le fichier contient un caractère nul : ce n'est pas un fichier texte")
    return text


# Indentation and compact block indicators (« - - - x ») at the start of a line.
_BLOCK_PREFIX = re.compile(r"^[ ?-]*", re.M)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before any recursive composition.

    A cheap upper bound clears ordinary files; only a suspicious one is walked event by event
    (LibYAML's parser keeps its own stack, so walking events never recurses).
    """
    flow_bound = text.count("[") + text.count("{")
    block_bound = max(map(len, _BLOCK_PREFIX.findall(text)), default=0) + 1
    if flow_bound + block_bound <= MAX_DEPTH:
        return
    try:
        from yaml._yaml import CParser as EventParser
    except ImportError:  # pragma: no cover - PyYAML wheels ship LibYAML
        from yaml import Parser as _Parser, Reader as _Reader, Scanner as _Scanner

        class EventParser(_Reader, _Scanner, _Parser):  # type: ignore[no-redef]
            def __init__(self, stream):
                _Reader.__init__(self, stream)
                _Scanner.__init__(self)
                _Parser.__init__(self)

    parser = EventParser(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(
                        mark.line + 1,
                        mark.column + 1,
                        f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes ou de dictionnaires "
                        "les uns dans les autres",
                    )
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, StreamEndEvent):
                return
    except yaml.YAMLError:
        return  # a syntax error: the normal reading reports it with its place
    finally:
        parser.dispose()


def _build(node, problems: list[YamlProblem], seen: set[int]) -> Any:
    if id(node) in seen:
        # An alias composed by LibYAML: the same node reached twice. Refused, never expanded.
        mark = node.start_mark
        raise YamlProblem(mark.line + 1, mark.column + 1, "alias YAML refusé : recopiez la valeur au lieu d'y faire référence")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        mark = node.start_mark
        raise YamlProblem(
            mark.line + 1, mark.column + 1, f"étiquette YAML « {node.tag} » refusée : écrivez la valeur telle quelle, sans « ! »"
        )
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in ("", "~"):
            return None  # an empty value is "no value", never the text "~"
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(child, problems, seen) for child in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        mark = key_node.start_mark
        if not isinstance(key_node, ScalarNode):
            problems.append(YamlProblem(mark.line + 1, mark.column + 1, "une clé doit être un simple mot"))
            continue
        key = key_node.value
        if key == "<<":
            problems.append(YamlProblem(mark.line + 1, mark.column + 1, "la fusion YAML « << » est refusée"))
            continue
        if key in result:
            first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key)
            problems.append(
                YamlProblem(
                    mark.line + 1,
                    mark.column + 1,
                    f"clé « {key} » en double (déjà définie ligne {first.start_mark.line + 1}) : "
                    "une seule des deux valeurs serait gardée",
                )
            )
            continue
        result[key] = _build(value_node, problems, seen)
    return result


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read a file; return its document, or None with diagnostics when it cannot be used."""

    def fail(problem: YamlProblem) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(display, problem.line, problem.column, problem.message)]

    try:
        raw = path.read_bytes()
    except OSError as error:
        return fail(YamlProblem(1, 1, f"lecture impossible ({error.strerror})"))
    if len(raw) > MAX_FILE_BYTES:
        return fail(YamlProblem(1, 1, f"fichier trop volumineux ({len(raw)} octets, maximum {MAX_FILE_BYTES})"))
    try:
        text = _decode(raw)
        _check_depth(text)
        loader = _loader_for(text)(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except YamlProblem as problem:
        return fail(problem)
    except yaml.MarkedYAMLError as error:
        return fail(_translate_syntax_error(error, text))
    except yaml.reader.ReaderError as error:  # a character YAML refuses (control characters…)
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        code = ord(error.character) if isinstance(error.character, str) else error.character
        return fail(YamlProblem(line, column, f"caractère invisible U+{code:04X} interdit : retirez-le"))
    except yaml.YAMLError as error:
        return fail(YamlProblem(1, 1, f"fichier YAML illisible ({error})"))
    if root is None:
        return fail(YamlProblem(1, 1, "fichier vide : il doit contenir un dictionnaire de champs"))
    doc = YamlDocument(path=path, display=display, data=None, root=root)
    problems: list[YamlProblem] = []
    try:
        doc.data = _build(root, problems, set())
    except YamlProblem as problem:
        return fail(problem)
    if problems:
        return None, [Diagnostic(display, p.line, p.column, p.message) for p in problems]
    if not isinstance(doc.data, dict):
        kind = "une liste" if isinstance(doc.data, list) else "un texte seul"
        start = doc.locate(())
        return None, [
            Diagnostic(
                display,
                start.line,
                start.column,
                f"le fichier contient {kind} ; il doit contenir un dictionnaire de champs (clé: valeur)",
            )
        ]
    return doc, []
