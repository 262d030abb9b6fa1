"""SPARQL over the store: saved analyst questions, safe parameters, W3C result formats.

A *saved question* is a ``queries/<name>.rq`` file (shipped in the package as
``kg/queries``). Its header comment gives a title, a one-line description in
Chinese and English, and its parameters with an example value::

    # title: Investors of a company
    # description: 投资或持股某公司的机构和个人 / Who invested in, or holds shares of, a company
    # param: company (entity) = 蚂蚁金服

Parameters are bound as RDF terms with Oxigraph's ``substitutions`` (SEP-0007),
never pasted into the query text, so a value such as ``"} DROP ALL {`` is only
ever a string. Oxigraph substitutes only variables of a ``SELECT`` projection,
so every saved question selects its parameters.

An ``(entity)`` parameter arrives as a name and is bound to the entity's IRI:
the entity whose canonical name it is, else the one entity that has it as an
alias (``建行`` → ``kge:建设银行``), else, ignoring case, width and spaces, the
same. Names are found with index lookups on ``rdfs:label`` and
``skos:altLabel`` in the entities graph, whatever their language tag.
Binding the IRI rather than the name matters for speed: Oxigraph plans a
query before it substitutes, so a name bound to a variable would be looked
up only after scanning the relation (hundreds of milliseconds at a million
triples), while a bound IRI restricts every pattern that uses it.

Any other parameter is bound to the literal the graph holds for the string:
``"v"@zh``, else ``"v"@en``, else the plain ``"v"``; a value written in
N-Triples syntax (``<http://…>``, ``"v"@en``) is taken as that term.

Queries are read-only: UPDATE, LOAD and SERVICE are refused before evaluation
(:class:`~kg.errors.QueryRefused`), and the store is opened read-only anyway.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> kge = "https://w3id.org/fintech-kg/entity/"
>>> store.add(ox.Quad(ox.NamedNode(kge + "a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
...                   ox.Literal("蚂蚁集团", language="zh"), ox.NamedNode("urn:g")))
>>> result = run_query(store, "SELECT ?name ?e WHERE { ?e ?p ?name }", {"name": "蚂蚁集团"})
>>> result.records()
[{'name': '蚂蚁集团', 'e': 'https://w3id.org/fintech-kg/entity/a'}]
>>> format_result(result, "csv").splitlines()
['name,e', '蚂蚁集团,https://w3id.org/fintech-kg/entity/a']
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from kg.errors import EntityNotFound, QueryError, QueryRefused, QueryTooLarge
from kg.graph.iris import ENTITIES_GRAPH, ENTITY, PREFIXES, name_from_iri
from kg.output import format_rows

__all__ = [
    "SavedQuery",
    "QueryResult",
    "FORMATS",
    "queries_dir",
    "list_queries",
    "get_query",
    "query_form",
    "param_term",
    "resolve_entity",
    "resolve_document",
    "run_query",
    "format_result",
]

#: Output formats and their media types. ``table`` is for people; the others are W3C formats.
FORMATS = {
    "table": "text/plain; charset=utf-8",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
_ROW_FORMATS = ("table", "json", "xml", "csv", "tsv")
_GRAPH_FORMATS = ("turtle", "nt", "jsonld", "table")
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_XSD = PREFIXES["xsd"]
_NUMERIC = {_XSD + "integer": int, _XSD + "decimal": float, _XSD + "double": float, _XSD + "float": float}


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/*.rq`` file: its name (file stem), header and SPARQL text."""

    name: str
    title: str
    description: str  # "<Chinese> / <English>"
    params: dict[str, str]  # parameter name -> example value, in header order
    path: Path
    text: str
    kinds: dict[str, str] = field(default_factory=dict)  # parameter -> "entity", "document" or "value"


@dataclass
class QueryResult:
    """What a query returned, fully read.

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``. A SELECT fills
    ``variables`` and ``rows`` (tuples of pyoxigraph terms, None when unbound), an
    ASK ``boolean``, a CONSTRUCT or DESCRIBE ``triples``.
    """

    name: str
    form: str
    variables: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    seconds: float = field(default=0.0, compare=False)

    def __len__(self) -> int:
        return len(self.triples) if self.is_graph else len(self.rows)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def records(self) -> list[dict]:
        """Rows as dicts of plain Python values (IRI strings, lexical forms, numbers), for notebooks."""
        return [{v: _python(t) for v, t in zip(self.variables, row) if t is not None} for row in self.rows]


# --------------------------------------------------------------------------- saved questions

def queries_dir() -> Path:
    """The folder of saved questions.

    ``kg/queries`` inside the package (a symbolic link to the repository's
    ``queries/`` in a checkout, real files in a built wheel), else the
    repository's ``queries/`` next to the package (a checkout where the link
    was not made, e.g. on Windows without symlink support).
    """
    here = Path(__file__).resolve().parent
    packaged = Path(__file__).parent / "queries"
    return packaged if packaged.is_dir() else here.parent / "queries"


def list_queries() -> list[SavedQuery]:
    """Every saved question, sorted by name.

    >>> names = [q.name for q in list_queries()]
    >>> "investors" in names and names == sorted(names)
    True
    >>> get_query("investors").params
    {'company': '蚂蚁金服'}
    """
    folder = queries_dir()
    return [_read_saved(path) for path in sorted(folder.glob("*.rq"))]


def get_query(name: str) -> SavedQuery:
    """The saved question called *name* (its file stem)."""
    for saved in list_queries():
        if saved.name == name:
            return saved
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no saved question named {name!r}; saved questions: {names}")


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:\((?P<kind>entity|document)\))?\s*=\s*(?P<example>.*)$")


def _read_saved(path: Path, strict: bool = True) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read saved question ({err})") from err
    header: dict[str, str] = {}
    params: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise QueryError(f"{path}: bad '# param:' line {line!r}; "
                                 "expected '# param: name [(entity|document)] = example'")
            params[param["name"]] = param["example"]
            kinds[param["name"]] = param["kind"] or "value"
        else:
            header[key] = value
    missing = [k for k in ("title", "description") if not header.get(k)]
    if missing and strict:
        raise QueryError(f"{path}: header lacks '# {missing[0]}:'")
    return SavedQuery(path.stem, header.get("title", ""), header.get("description", ""), params, path, text, kinds)


# --------------------------------------------------------------------------- read-only guard

# Strings, IRIs and comments are skipped, so a keyword inside them is not a keyword.
_TOKEN = re.compile(r'''
    (?P<skip>\#[^\n]*
      | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*> | @[A-Za-z]+(?:-[A-Za-z0-9]+)* | [?$]\w+ )
    | (?P<word>[A-Za-z_][\w.-]*:?[\w.-]*)
    | \S
''', re.VERBOSE)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
MAX_NESTING = 100  # groups, parentheses and lists inside each other
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def query_form(text: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK``; None if unrecognised (the parser then reports).

    Raises :class:`~kg.errors.QueryError` for a query nested deeper than :data:`MAX_NESTING`,
    before the engine sees it.

    Raises :class:`~kg.errors.QueryRefused` for SPARQL UPDATE (INSERT, DELETE,
    LOAD, CLEAR, DROP …) and for SERVICE, which would make the server fetch
    arbitrary URLs.

    >>> query_form("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:select ?o }")
    'SELECT'
    >>> query_form('DROP ALL')
    Traceback (most recent call last):
    kg.errors.QueryRefused: SPARQL UPDATE (DROP) is not allowed: the graph is read-only; rebuild it with `kg build`
    """
    words, depth, deepest = [], 0, 0
    for m in _TOKEN.finditer(text):
        word = m.group("word")
        if word:
            if not word.endswith(":") and ":" not in word:
                words.append(word.upper())
        elif not m.group("skip"):
            char = m.group(0)
            if char in "{([":
                depth += 1
                deepest = max(deepest, depth)
            elif char in "})]":
                depth -= 1
    if deepest > MAX_NESTING:
        # Oxigraph's parser recurses once per level and overflows its stack (a segfault) near 3 000.
        raise QueryError(f"nested {deepest} levels deep (brackets inside brackets); at most {MAX_NESTING} "
                         "are allowed: flatten the query")
    first = next((w for w in words if w not in ("PREFIX", "BASE")), None)
    if first in _UPDATES:
        raise QueryRefused(f"SPARQL UPDATE ({first}) is not allowed: the graph is read-only; "
                           "rebuild it with `kg build`")
    if "SERVICE" in words:
        raise QueryRefused("SERVICE (federated query) is not allowed: this endpoint only answers from its own graph")
    return first if first in _QUERY_FORMS else None


# --------------------------------------------------------------------------- running

_NTERM = re.compile(r'^(<[^>]*>|".*"(@[A-Za-z0-9-]+|\^\^<[^>]*>)?|_:\S+)$', re.DOTALL)


def param_term(store: ox.Store, value) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """The RDF term a parameter value is bound to.

    A pyoxigraph term is used as it is; a string in N-Triples syntax
    (``<http://…>``, ``"建行"@zh``) is parsed; any other string becomes the literal
    the graph holds for it: ``"v"@zh``, else ``"v"@en``, else the plain ``"v"``.

    >>> store = ox.Store()
    >>> param_term(store, "建行"), param_term(store, '"建行"@zh')
    (<Literal value=建行 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, <Literal value=建行 language=zh>)
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    value = str(value)
    if _NTERM.match(value.strip()):
        try:
            triples = list(ox.parse(f"<urn:s> <urn:p> {value.strip()} .", format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            triples = []  # not an N-Triples term after all: a plain string
        if len(triples) == 1:
            return triples[0].object
    for term in (ox.Literal(value, language="zh"), ox.Literal(value, language="en")):
        if next(iter(store.quads_for_pattern(None, None, term)), None) is not None:
            return term
    return ox.Literal(value)


_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_ALT_LABEL = ox.NamedNode(PREFIXES["skos"] + "altLabel")
_ENTITIES = ox.NamedNode(ENTITIES_GRAPH)


def resolve_entity(store: ox.Store, name) -> ox.NamedNode:
    """The entity one of whose names is *name* (an IRI, in ``<…>`` or not, is taken as it is).

    The entity whose canonical label is *name* wins over one that has it as an
    alias; failing both, names are compared ignoring case, width and spaces.

    Raises
    ------
    EntityNotFound
        When no entity has that name.
    QueryError
        When several entities share it as an alias.
    """
    if isinstance(name, ox.NamedNode):
        return name
    text = str(name).strip()
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if re.match(r"^https?://\S+$", iri):
        try:
            return ox.NamedNode(iri)
        except ValueError as err:
            raise QueryError(f"{text!r} is not a valid IRI ({err})") from err
    forms = (ox.Literal(text, language="zh"), ox.Literal(text, language="en"), ox.Literal(text))

    def named(predicate):
        return sorted({q.subject.value for form in forms
                       for q in store.quads_for_pattern(None, predicate, form, _ENTITIES)})

    hits = named(_LABEL) or named(_ALT_LABEL)
    if not hits:
        from kg.explain import find_entity  # scans every label: only when no name matches exactly

        hits = find_entity(store, text)
    if not hits:
        raise EntityNotFound(f"no entity is named {text!r}; try `kg query search --param text={text}`")
    if len(hits) > 1:
        names = "、".join(name_from_iri(h) for h in hits)
        raise QueryError(f"{text!r} names {len(hits)} entities ({names}); give one of those names")
    return ox.NamedNode(hits[0])


_DCT = PREFIXES["dcterms"]


def resolve_document(store: ox.Store, value) -> ox.NamedNode:
    """The document whose content id, title, source path or file name is *value* (or its IRI).

    Raises
    ------
    QueryError
        When no document, or more than one, matches.
    """
    if isinstance(value, ox.NamedNode):
        return value
    text = str(value).strip()
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if re.match(r"^https?://\S+$", iri):
        return resolve_entity(store, iri)
    forms = (ox.Literal(text), ox.Literal(text, language="zh"))
    hits = sorted({q.subject.value for p in ("identifier", "source", "title") for form in forms
                   for q in store.quads_for_pattern(None, ox.NamedNode(_DCT + p), form)
                   if q.subject == q.graph_name})
    if not hits:  # a file name or the end of a path: compare with every document's source
        tail = "/" + text.lstrip("/")
        hits = sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_DCT + "source"), None)
                       if q.subject == q.graph_name and ("/" + q.object.value.replace("\\", "/")).endswith(tail)})
    if not hits:
        raise QueryError(f"no document has the id, title, source or file name {text!r}")
    if len(hits) > 1:
        raise QueryError(f"{text!r} matches {len(hits)} documents ({', '.join(hits[:5])}); give its content id")
    return ox.NamedNode(hits[0])


def _resolve(query: str) -> tuple[str, str, SavedQuery | None]:
    """(name, SPARQL text, saved question or None) for a saved name, a .rq path or inline SPARQL."""
    text = query.strip()
    if re.fullmatch(r"[\w-]+", text):
        saved = get_query(text)
        return saved.name, saved.text, saved
    if "\n" not in text and (text.endswith(".rq") or text.endswith(".sparql")):
        path = Path(text)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        saved = _read_saved(path, strict=False)  # a header's '# param:' lines apply to a file too
        return str(path), saved.text, saved if saved.params else None
    return "query", query, None


def _open(store) -> ox.Store:
    if isinstance(store, ox.Store):
        return store
    from kg.graph.store import open_store

    return open_store(store)


def run_query(store, query: str, params: dict | None = None, *, max_rows: int | None = None) -> QueryResult:
    """Run a saved question (by name), a ``.rq`` file or inline SPARQL; return the whole result.

    Parameters
    ----------
    store : path or pyoxigraph.Store
        A store directory (its live generation is opened read-only) or an open store.
    query : str
        Saved question name (``investors``), path to a ``.rq`` file, or SPARQL text.
    params : dict, optional
        Values for the query's variables, e.g. ``{"company": "蚂蚁金服"}`` (see :func:`param_term`).
        A saved question needs exactly its declared parameters.
    max_rows : int, optional
        Raise :class:`~kg.errors.QueryTooLarge` rather than read more rows or triples than this.

    Raises
    ------
    QueryError
        Unknown saved question, missing or unknown parameter, malformed SPARQL (the parser's message).
    QueryRefused
        UPDATE, LOAD or SERVICE.
    """
    name, text, saved = _resolve(query)
    params = dict(params or {})
    if saved is not None:
        unknown = sorted(set(params) - set(saved.params))
        if unknown:
            takes = ", ".join(saved.params) or "no parameters"
            raise QueryError(f"{name}: unknown parameter {unknown[0]!r}; it takes {takes}")
        missing = [p for p in saved.params if p not in params]
        if missing:
            raise QueryError(f"{name}: missing parameter {missing[0]!r} (for example "
                             f"{missing[0]}={saved.params[missing[0]]})")
    try:
        form = query_form(text)
    except QueryRefused:
        raise
    except QueryError as err:
        raise QueryError(f"{name}: {err}") from None
    if params and form not in (None, "SELECT"):
        raise QueryError(f"{name}: parameters can only be bound in a SELECT query (this is {form})")
    db = _open(store)
    kinds = saved.kinds if saved is not None else {}
    binders = {"entity": resolve_entity, "document": resolve_document}
    substitutions = {ox.Variable(k): binders.get(kinds.get(k), param_term)(db, v) for k, v in params.items()}
    start = time.perf_counter()
    try:
        answer = db.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
        result = _read(name, form, answer, max_rows)
    except SyntaxError as err:
        raise QueryError(f"{name}: {_one_line(err)}") from err
    except RuntimeError as err:  # a substitution of a variable the query does not select, or an evaluation error
        message = _one_line(err)
        if "SELECT projection" in message:
            var = re.search(r"\?(\w+)", message)
            message = f"parameter {var.group(1) if var else ''!r} is not a variable the query selects"
        raise QueryError(f"{name}: {message}") from err
    except OSError as err:
        raise QueryError(f"{name}: the store could not be read ({_one_line(err)})") from err
    result.seconds = time.perf_counter() - start
    return result


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _read(name: str, form: str | None, answer, max_rows: int | None) -> QueryResult:
    def check(n: int) -> None:
        if max_rows is not None and n > max_rows:
            raise QueryTooLarge(f"{name}: the result has more than {max_rows} rows; add a LIMIT")

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(name, "ASK", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples = []
        for triple in answer:
            triples.append(triple)
            check(len(triples))
        return QueryResult(name, form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples)
    variables = tuple(v.value for v in answer.variables)
    rows = []
    for solution in answer:
        rows.append(tuple(solution[i] for i in range(len(variables))))
        check(len(rows))
    return QueryResult(name, "SELECT", variables, rows)


# --------------------------------------------------------------------------- formats

def format_result(result: QueryResult, fmt: str | None = None) -> str:
    """*result* as text in *fmt*.

    SELECT and ASK: ``table`` (the default), ``json``, ``xml``, ``csv`` and
    ``tsv`` (the W3C SPARQL 1.1 Query Results formats). CONSTRUCT and DESCRIBE:
    ``turtle`` (the default), ``nt``, ``jsonld`` or ``table``. Output is
    deterministic: graph results are sorted.
    """
    if result.is_graph:
        fmt = fmt or "turtle"
        if fmt not in _GRAPH_FORMATS:
            raise QueryError(f"{result.name}: a {result.form} result is a graph; "
                             f"use --format {', '.join(_GRAPH_FORMATS)}")
        triples = sorted(result.triples, key=str)
        if fmt == "table":
            return format_rows([{k: _display(t) for k, t in zip(("subject", "predicate", "object"), triple)}
                                for triple in triples], "table", ["subject", "predicate", "object"])
        if fmt == "nt":
            return "".join(f"{t} .\n" for t in triples)
        return ox.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=PREFIXES).decode("utf-8")
    fmt = fmt or "table"
    if fmt not in _ROW_FORMATS:
        raise QueryError(f"{result.name}: a {result.form} result is a table of bindings; "
                         f"use --format {', '.join(_ROW_FORMATS)}")
    return _WRITERS[fmt](result)


def _python(term):
    if isinstance(term, ox.Literal):
        cast = _NUMERIC.get(term.datatype.value)
        if cast:
            try:
                return cast(term.value)
            except ValueError:
                return term.value
        return term.value
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


_SHORT = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _display(term) -> str:
    """A term as a person reads it: ``kge:蚂蚁集团``, ``kg:Bank``, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if iri.startswith(ENTITY):
            return "kge:" + unquote(iri[len(ENTITY):])
        for prefix, ns in _SHORT:
            if iri.startswith(ns) and re.fullmatch(r"[\w.-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _table(result: QueryResult) -> str:
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    rows = [{v: _display(t) for v, t in zip(result.variables, row)} for row in result.rows]
    if not rows:
        return "(no rows)\n"
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n"
    return format_rows(rows, "table", list(result.variables)) + count


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _json(result: QueryResult) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False) + "\n"


_SR = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml_term(parent: ET.Element, term) -> None:
    if isinstance(term, ox.NamedNode):
        ET.SubElement(parent, "uri").text = term.value
    elif isinstance(term, ox.BlankNode):
        ET.SubElement(parent, "bnode").text = term.value
    elif isinstance(term, ox.Literal):
        lit = ET.SubElement(parent, "literal")
        lit.text = term.value
        if term.language:
            lit.set(_XML_LANG, term.language)
        elif term.datatype.value != _XSD + "string":
            lit.set("datatype", term.datatype.value)
    else:
        triple = ET.SubElement(parent, "triple")
        for part in ("subject", "predicate", "object"):
            _xml_term(ET.SubElement(triple, part), getattr(term, part))


def _xml(result: QueryResult) -> str:
    root = ET.Element("sparql", xmlns=_SR)
    head = ET.SubElement(root, "head")
    if result.form == "ASK":
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for v in result.variables:
            ET.SubElement(head, "variable", name=v)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            element = ET.SubElement(results, "result")
            for v, t in zip(result.variables, row):
                if t is not None:
                    _xml_term(ET.SubElement(element, "binding", name=v), t)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _csv(result: QueryResult) -> str:
    # SPARQL 1.1 CSV: lexical forms only (no language or datatype), CRLF line ends.
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\r\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else f"_:{t.value}" if isinstance(t, ox.BlankNode)
                         else t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else str(t) for t in row])
    return buf.getvalue()


def _tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax; a tab inside a literal is escaped.
    if result.form == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row))
    return "\n".join(lines) + "\n"


_WRITERS = {"table": _table, "json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
