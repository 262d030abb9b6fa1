"""Saved questions, safe parameters, the read-only guard and the result formats (kg.query, `kg query`).

The graph is tests/fixtures/query/graph.json: invented firms, already resolved, written with the
real RDF writer (kg.graph.triples) into a real store. Seed-article checks are marked ``seeds``.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import EntityNotFound, QueryError, QueryRefused, QueryTooLarge
from kg.graph.iris import ENTITY, KG, entity_iri
from kg.graph.resolve import Resolution, ResolvedEntity
from kg.graph.store import open_store, write_store
from kg.graph.triples import graph_quads
from kg.model import Attribute, DocumentInfo, Entity, Evidence, Extraction, Relation
from kg.query import format_result, get_query, list_queries, query_form, run_query

FIXTURE = Path(__file__).parent / "fixtures" / "query" / "graph.json"
SR = "{http://www.w3.org/2005/sparql-results#}"


def build_query_store(store_dir) -> Path:
    """Write the fixture graph into a store at *store_dir*."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    entities = {e["name"]: ResolvedEntity(e["name"], e["type"], set(e["names"]), set(e.get("english", ())),
                                          set(e.get("codes", ())), e.get("mentions", 0)) for e in data["entities"]}
    extractions, by_doc = [], {}
    for item in data["documents"]:
        info = DocumentInfo(**item["doc"])

        def evidence(text, start, method):
            return Evidence(text, start, start + len(text), method, 0.9)

        relations = tuple(Relation(s, p, o, evidence(text, start, f"test:{p}"), *status)
                          for s, p, o, text, start, *status in item["relations"])
        attributes = tuple(Attribute(s, name, value, evidence(text, start, f"test:{name}"))
                           for s, name, value, text, start in item.get("attributes", ()))
        names = sorted({x for r in relations for x in (r.subject, r.object)} | {a.subject for a in attributes})
        by_doc.update({(info.id, n): n for n in names})
        extractions.append(Extraction(info, tuple(Entity(n, entities[n].type, (n,)) for n in names),
                                      relations, attributes))
    write_store(store_dir, graph_quads(extractions, Resolution(by_doc, entities)))
    return Path(store_dir)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_query_store(tmp_path_factory.mktemp("query") / "store")


def column(result, name) -> list:
    return [r.get(name) for r in result.records()]


# --------------------------------------------------------------------------- the saved questions

def test_every_saved_question_has_a_header_and_selects_its_parameters():
    names = [q.name for q in list_queries()]
    assert len(names) >= 17 and names == sorted(names)
    for q in list_queries():
        assert q.title and " / " in q.description, q.path
        assert q.text.lstrip().startswith("#") and "\nPREFIX " in q.text
        assert query_form(q.text) == "SELECT"
        for param, example in q.params.items():
            assert example, (q.name, param)
            select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
            assert f"?{param}" in select, (q.name, param)  # Oxigraph substitutes projected variables only


def test_saved_questions_parse_with_a_second_sparql_parser():
    from rdflib.plugins.sparql import prepareQuery

    for q in list_queries():
        prepareQuery(q.text)  # raises on anything not standard SPARQL 1.1


def test_investors_by_canonical_name_alias_and_english_name(store):
    for name in ("云启科技", "云启科技".strip(), "Yunqi Tech", "yunqi tech"):
        result = run_query(store, "investors", {"company": name})
        rows = {(r["investorName"], r["relation"].rsplit("#")[1], r["documents"]) for r in result.records()}
        assert rows == {("远山资本", "investsIn", 2), ("晨光基金", "investsIn", 1), ("海川投资", "shareholderOf", 1)}
        assert column(result, "company") == [entity_iri("云启科技")] * 3


def test_planned_deal_is_not_an_investment(store):
    result = run_query(store, "investors", {"company": "数衡科技"})
    assert sorted(column(result, "investorName")) == ["晨光基金", "远山资本"]  # 海川投资 only plans to


def test_portfolio(store):
    result = run_query(store, "portfolio", {"investor": "Yuanshan Capital"})
    assert [(r["companyName"], r["documents"]) for r in result.records()] == [("云启科技", 2), ("数衡科技", 1)]


def test_subsidiaries_direct_and_whole_group(store):
    direct = run_query(store, "subsidiaries", {"company": "华川银行"})
    assert column(direct, "subsidiaryName") == ["华川金科"]
    group = run_query(store, "group_members", {"company": "华川"})
    assert {(r["memberName"], r["parentName"]) for r in group.records()} == {("华川金科", "华川银行"),
                                                                             ("华川云服", "华川金科")}


def test_ultimate_parent(store):
    result = run_query(store, "ultimate_parent", {"company": "华川云服"})
    assert [(r["parentName"], r["levels"]) for r in result.records()] == [("华川银行", 2)]
    assert run_query(store, "ultimate_parent", {"company": "华川银行"}).rows == []


def test_bank_fintech_subsidiaries_follow_the_group(store):
    result = run_query(store, "bank_fintech_subsidiaries")
    assert [(r["bankName"], r["subsidiaryName"], r["subsidiaryType"]) for r in result.records()] == [
        ("华川银行", "华川云服", KG + "TechCompany"), ("华川银行", "华川金科", KG + "FintechCompany")]


def test_bank_vendors_and_clients(store):
    vendors = run_query(store, "bank_vendors")
    assert [(r["vendorName"], r["bankName"]) for r in vendors.records()] == [
        ("云启科技", "华川银行"), ("数衡科技", "东岚银行"), ("数衡科技", "华川银行")]
    clients = run_query(store, "clients", {"vendor": "数衡科技"})
    assert sorted(column(clients, "clientName")) == ["东岚银行", "华川银行"]
    most = run_query(store, "most_clients")
    assert [(r["vendorName"], r["clients"]) for r in most.records()] == [("数衡科技", 2), ("云启科技", 1)]


def test_partners_read_both_directions(store):
    result = run_query(store, "partners", {"company": "云启科技"})
    assert sorted(column(result, "partnerName")) == ["东岚银行", "华川金科"]
    assert column(run_query(store, "partners", {"company": "东岚银行"}), "partnerName") == ["云启科技"]


def test_co_investors_with_shared_companies(store):
    result = run_query(store, "co_investors", {"investor": "远山资本"})
    [row] = result.records()
    assert (row["coInvestorName"], row["shared"]) == ("晨光基金", 2)
    assert sorted(row["companies"].split("、")) == ["云启科技", "数衡科技"]


def test_people(store):
    result = run_query(store, "people", {"company": "云启科技"})
    assert {(r["personName"], r["relation"].rsplit("#")[1]) for r in result.records()} == {
        ("林若溪", "executiveOf"), ("周明远", "foundedBy")}


def test_headquarters(store):
    result = run_query(store, "headquarters")
    assert [(r["cityName"], r["organisations"]) for r in result.records()] == [("杭州", 2), ("上海", 1)]


def test_lookup_shows_every_entity_with_the_name(store):
    result = run_query(store, "lookup", {"name": "云启"})
    assert sorted((r["canonicalName"], r["type"].rsplit("#")[1]) for r in result.records()) == [
        ("云启科技", "FintechCompany"), ("云启资本", "InvestmentFirm")]
    [bank] = run_query(store, "lookup", {"name": "Huachuan Bank"}).records()
    assert bank["canonicalName"] == "华川银行" and set(bank["aliases"].split(" | ")) == {"华川", "Huachuan Bank"}
    assert bank["mentions"] == 6


def test_search_by_part_of_a_canonical_name_ignoring_case(store):
    assert column(run_query(store, "search", {"text": "云启"}), "canonicalName") == ["云启科技", "云启资本"]
    [row] = run_query(store, "search", {"text": "NOVA"}).records()
    assert (row["canonicalName"], row["aliases"]) == ("Nova Pay", "诺瓦支付")


def test_evidence_gives_sentences_offsets_and_documents(store):
    result = run_query(store, "evidence", {"subject": "远山资本", "predicate": "investsIn", "object": "云启"})
    rows = result.records()
    assert [(r["text"], r["start"], r["end"], r["title"], r["date"]) for r in rows] == [
        ("云启科技完成B轮融资，由远山资本领投。", 10, 29, "云启科技完成B轮融资", "2021-05-10"),
        ("远山资本再次增持云启科技。", 5, 18, "金融科技合作动态", "2022-01-20")]
    assert {r["status"] for r in rows} == {"asserted"}


def test_evidence_of_a_symmetric_fact_either_way_and_of_a_planned_deal(store):
    either = run_query(store, "evidence", {"subject": "云启科技", "predicate": "partnersWith", "object": "东岚银行"})
    assert column(either, "text") == ["东岚银行与云启科技签约合作。"]
    planned = run_query(store, "evidence", {"subject": "海川投资", "predicate": "investsIn", "object": "数衡科技"})
    assert column(planned, "status") == ["planned"]
    attribute = run_query(store, "evidence", {"subject": "云启科技", "predicate": "foundingDate", "object": "2016-08"})
    assert column(attribute, "text") == ["云启科技成立于2016年8月。"]


def test_document_facts_by_file_name_or_id(store):
    by_name = run_query(store, "document_facts", {"document": "yunqi.txt"})
    by_id = run_query(store, "document_facts", {"document": "d200000000000002"})
    assert by_name.rows == by_id.rows and len(by_name) == 7
    statuses = {(r["subjectName"], r["predicate"].rsplit("#")[1], r["objectName"], r["status"])
                for r in by_name.records()}
    assert ("海川投资", "investsIn", "数衡科技", "planned") in statuses
    assert ("云启科技", "foundingDate", "2016-08", "asserted") in statuses


def test_counts_by_class_and_predicate(store):
    counts = {(r["kind"], r["term"].rsplit("#")[1]): r["count"] for r in run_query(store, "counts").records()}
    assert counts[("class", "Bank")] == 2 and counts[("class", "Person")] == 2
    assert counts[("predicate", "investsIn")] == 4  # 远山资本→云启科技 is stated twice, counted once
    assert counts[("predicate", "partnersWith")] == 2 and ("predicate", "acquired") not in counts


# --------------------------------------------------------------------------- parameters and errors

def test_parameter_values_are_terms_never_query_text(store):
    hostile = '云启科技" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    result = run_query(store, "lookup", {"name": hostile})
    assert result.rows == []
    assert run_query(store, "SELECT ?name WHERE { }", {"name": hostile}).records() == [{"name": hostile}]
    assert len(run_query(store, "counts")) > 0  # the store is untouched


def test_unknown_entity_ambiguous_alias_missing_and_unknown_parameters(store):
    with pytest.raises(EntityNotFound, match="no entity is named '不存在公司'"):
        run_query(store, "investors", {"company": "不存在公司"})
    with pytest.raises(QueryError, match=r"'云启' names 2 entities \(云启科技、云启资本\)"):
        run_query(store, "investors", {"company": "云启"})
    with pytest.raises(QueryError, match="investors: missing parameter 'company' \\(for example company=蚂蚁金服\\)"):
        run_query(store, "investors")
    with pytest.raises(QueryError, match="investors: unknown parameter 'firm'; it takes company"):
        run_query(store, "investors", {"company": "云启科技", "firm": "x"})
    with pytest.raises(QueryError, match="parameter 'x' is not a variable the query selects"):
        run_query(store, "SELECT ?s WHERE { ?s ?p ?x }", {"x": "1"})


def test_updates_and_service_are_refused_and_the_store_is_unchanged(store):
    before = len(list(open_store(store).quads_for_pattern(None, None, None)))
    for text in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX x: <urn:x#>\nDELETE WHERE { ?s ?p ?o }",
                 "DROP ALL", "LOAD <http://example.org/data.ttl>", "CLEAR DEFAULT",
                 "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"):
        with pytest.raises(QueryRefused):
            run_query(store, text)
    assert len(list(open_store(store).quads_for_pattern(None, None, None))) == before
    # words inside strings, IRIs and comments are not keywords
    assert query_form('SELECT ?x WHERE { BIND("DROP SERVICE" AS ?x) } # INSERT') == "SELECT"


def test_malformed_query_reports_the_parser_message(store):
    with pytest.raises(QueryError, match=r"^query: error at 1:\d+: expected"):
        run_query(store, "SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QueryError, match="no saved question named 'investor'"):
        run_query(store, "investor")


def test_row_limit(store):
    with pytest.raises(QueryTooLarge, match="more than 3 rows; add a LIMIT"):
        run_query(store, "SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    assert len(run_query(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", max_rows=3)) == 3


def test_query_from_a_file_and_construct(store, tmp_path):
    rq = tmp_path / "banks.rq"
    rq.write_text("PREFIX kg: <https://w3id.org/fintech-kg/ontology#>\n"
                  "CONSTRUCT { ?b a kg:Bank } WHERE { ?b a kg:Bank }", encoding="utf-8")
    result = run_query(store, str(rq))
    assert result.form == "CONSTRUCT" and {t.subject.value for t in result.triples} == {
        entity_iri("华川银行"), entity_iri("东岚银行")}
    graph = rdflib.Graph().parse(data=format_result(result), format="turtle")
    assert len(graph) == 2
    with pytest.raises(QueryError, match="a CONSTRUCT result is a graph"):
        format_result(result, "csv")
    # a file's own header declares its parameters, entity names included
    mine = tmp_path / "mine.rq"
    mine.write_text("# param: firm (entity) = x\nPREFIX kg: <https://w3id.org/fintech-kg/ontology#>\n"
                    "SELECT ?firm ?client WHERE { GRAPH ?g { ?firm kg:servesClient ?client } }", encoding="utf-8")
    clients = column(run_query(store, str(mine), {"firm": "数衡科技"}), "client")
    assert sorted(clients) == sorted([entity_iri("华川银行"), entity_iri("东岚银行")])
    with pytest.raises(QueryError, match="mine.rq: missing parameter 'firm'"):
        run_query(store, str(mine))
    with pytest.raises(QueryError, match="nope.rq: no such query file"):
        run_query(store, str(tmp_path / "nope.rq"))


# --------------------------------------------------------------------------- formats, through `kg query`

def _parse(fmt: str, text: str, variables: list[str]) -> list[dict]:
    """Rows of a W3C results document, read with a standard parser for *fmt*."""
    if fmt == "json":
        doc = json.loads(text)
        assert doc["head"]["vars"] == variables
        return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]
    if fmt == "xml":
        root = ET.fromstring(text.encode("utf-8"))
        assert [v.get("name") for v in root.iter(SR + "variable")] == variables
        return [{b.get("name"): next(iter(b)).text for b in r.iter(SR + "binding")} for r in root.iter(SR + "result")]
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        assert reader.fieldnames == variables
        return [{k: v for k, v in row.items() if v != ""} for row in reader]
    if fmt == "tsv":
        results = ox.parse_query_results(text.encode("utf-8"), ox.QueryResultsFormat.TSV)
        assert [v.value for v in results.variables] == variables
        return [{v.value: s[v].value for v in results.variables if s[v] is not None} for s in results]
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "table"])
def test_kg_query_every_saved_question_in_every_format(store, fmt):
    runner = CliRunner()
    for q in list_queries():
        args = ["query", q.name, "--store", str(store), "--format", fmt]
        params = {"company": "云启科技", "investor": "远山资本", "vendor": "数衡科技", "name": "云启",
                  "text": "科技", "subject": "远山资本", "predicate": "investsIn", "object": "云启科技",
                  "document": "yunqi.txt"}
        if q.name in ("subsidiaries", "group_members", "ultimate_parent"):
            params["company"] = "华川云服" if q.name == "ultimate_parent" else "华川银行"
        for key in q.params:
            args += ["--param", f"{key}={params[key]}"]
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, (q.name, result.output)
        expected = run_query(store, q.name, {k: params[k] for k in q.params})
        assert len(expected) > 0, q.name  # every question has an answer on the fixture graph
        if fmt == "table":
            assert result.output.splitlines()[0].split() == list(expected.variables)
            assert result.output.rstrip().endswith(f"{len(expected)} row{'s' if len(expected) > 1 else ''}")
            continue
        rows = _parse(fmt, result.output, list(expected.variables))
        assert len(rows) == len(expected), (q.name, fmt)
        if fmt != "tsv":  # TSV cells are RDF terms, the others lexical forms
            assert rows == [{k: str(v) for k, v in r.items()} for r in expected.records()], (q.name, fmt)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, not ours
def test_kg_query_json_by_default_when_piped_and_turtle_for_graphs(store):
    runner = CliRunner()
    out = runner.invoke(cli, ["query", "counts", "--store", str(store)], catch_exceptions=False).output
    assert json.loads(out)["head"]["vars"] == ["kind", "term", "count"]
    ask = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "--store", str(store), "--format", "xml"],
                        catch_exceptions=False).output
    assert ET.fromstring(ask).find(SR + "boolean").text == "true"
    construct = "PREFIX kg: <https://w3id.org/fintech-kg/ontology#> CONSTRUCT WHERE { ?s kg:partnersWith ?o }"
    for fmt, parser in ((None, "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        args = ["query", construct, "--store", str(store)] + (["--format", fmt] if fmt else [])
        out = runner.invoke(cli, args, catch_exceptions=False).output
        graph = rdflib.Graph().parse(data=out, format=parser)
        assert (rdflib.URIRef(entity_iri("东岚银行")), rdflib.URIRef(KG + "partnersWith"),
                rdflib.URIRef(entity_iri("云启科技"))) in graph


def test_kg_query_errors_are_one_line(store):
    runner = CliRunner()
    result = runner.invoke(cli, ["query", "DROP ALL", "--store", str(store)])
    assert result.exit_code == 1
    assert result.output == ("Error: SPARQL UPDATE (DROP) is not allowed: the graph is read-only; "
                             "rebuild it with `kg build`\n")
    result = runner.invoke(cli, ["query", "investors", "--store", str(store), "--param", "company=不存在公司"])
    assert result.exit_code == 1 and result.output.startswith("Error: no entity is named '不存在公司'")


def test_kg_query_list_shows_names_params_and_descriptions():
    out = CliRunner().invoke(cli, ["query", "--list"], catch_exceptions=False).output
    for q in list_queries():
        assert q.name in out
    assert "company=蚂蚁金服" in out and "Investors of a company" in out and "投资或持股某公司的机构和个人" in out


def test_table_shows_entity_names():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(ENTITY + "%E5%BB%BA%E8%A1%8C"), ox.NamedNode(KG + "investsIn"),
                      ox.NamedNode(entity_iri("华川银行"))))
    text = format_result(run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"), "table")
    assert text.splitlines()[2].split() == ["kge:建行", "kg:investsIn", "kge:华川银行"]


def test_saved_question_lookup():
    assert get_query("investors").kinds == {"company": "entity"}
    assert get_query("document_facts").kinds == {"document": "document"}


@pytest.mark.seeds
def test_seed_store_investors_of_ant(seed_store):
    result = run_query(seed_store, "investors", {"company": "蚂蚁金服"})
    names = set(column(result, "investorName"))
    assert {"淡马锡", "全国社保基金"} <= names, names
    assert set(column(result, "company")) == {entity_iri("蚂蚁集团")}  # 蚂蚁金服 is an alias


@pytest.mark.seeds
def test_seed_store_answers_every_saved_question_with_its_example(seed_store):
    for q in list_queries():
        assert len(run_query(seed_store, q.name, q.params)) > 0, q.name
    [row] = run_query(seed_store, "ultimate_parent", {"company": "兴业数金"}).records()
    assert row["parentName"] == "兴业银行"
    pairs = {(r["bankName"], r["subsidiaryName"]) for r in run_query(seed_store, "bank_fintech_subsidiaries").records()}
    assert ("兴业银行", "兴业数金") in pairs
