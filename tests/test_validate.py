"""kg.graph.validate: small stores written for the tests, each broken in one way, must be
reported with the right focus, shape and message; a well-formed store conforms; the
fast Oxigraph engine and the pyshacl reference agree."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import ShapeViolation, StoreError
from kg.graph.iris import ENTITIES_GRAPH, KG, PREFIXES, document_iri, entity_iri, evidence_iri
from kg.graph.store import write_store
from kg.graph.validate import (
    ValidationReport,
    Violation,
    format_report,
    relation_allowed,
    validate_store,
)

RDF, RDFS, SKOS, DCT, PROV, XSD = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "dcterms", "prov", "xsd"))
N, L = ox.NamedNode, ox.Literal
DOC = "doc1"


def entity(name: str, cls: str, *, label: str | None = None, lang: str = "zh") -> list[ox.Quad]:
    """An entity node as the entities graph holds it; *label*/*lang* override its names."""
    s, g = N(entity_iri(name)), N(ENTITIES_GRAPH)
    text = L(label or name, language=lang)
    return [
        ox.Quad(s, N(RDF + "type"), N(KG + cls), g),
        ox.Quad(s, N(RDFS + "label"), text, g),
        ox.Quad(s, N(SKOS + "prefLabel"), text, g),
        ox.Quad(s, N(KG + "mentionCount"), L("2", datatype=N(XSD + "integer")), g),
    ]


def document(doc_id: str = DOC) -> list[ox.Quad]:
    d = N(document_iri(doc_id))
    return [
        ox.Quad(d, N(RDF + "type"), N(KG + "Document"), d),
        ox.Quad(d, N(DCT + "identifier"), L(doc_id), d),
        ox.Quad(d, N(DCT + "source"), L(f"{doc_id}.txt"), d),
        ox.Quad(d, N(KG + "encoding"), L("utf-8"), d),
    ]


def evidence(s: str, p: str, o: str, *, status: str = "asserted", start: int = 0, end: int = 12,
             doc_id: str = DOC) -> list[ox.Quad]:
    d, e = N(document_iri(doc_id)), N(evidence_iri(doc_id, s, p, o, status))
    values = [
        (RDF + "type", N(KG + "Evidence")), (RDF + "subject", N(entity_iri(s))), (RDF + "predicate", N(KG + p)),
        (RDF + "object", N(entity_iri(o))), (KG + "evidenceText", L("一句陈述该事实的原文。")),
        (KG + "startOffset", L(str(start), datatype=N(XSD + "integer"))),
        (KG + "endOffset", L(str(end), datatype=N(XSD + "integer"))),
        (KG + "extractionMethod", L("cue:test")), (KG + "confidence", L("0.90", datatype=N(XSD + "decimal"))),
        (KG + "status", L(status)), (PROV + "wasDerivedFrom", d),
    ]
    return [ox.Quad(e, N(p_), o_, d) for p_, o_ in values]


def fact(s: str, p: str, o: str, *, with_evidence: bool = True, doc_id: str = DOC) -> list[ox.Quad]:
    d = N(document_iri(doc_id))
    quads = [ox.Quad(N(entity_iri(s)), N(KG + p), N(entity_iri(o)), d)]
    return quads + (evidence(s, p, o, doc_id=doc_id) if with_evidence else [])


def good_quads() -> list[ox.Quad]:
    """Invented firms: a bank, its fintech subsidiary in a city, an investor, a partner."""
    return [
        *entity("青禾银行", "Bank"), *entity("青禾数科", "FintechCompany"), *entity("远山资本", "InvestmentFirm"),
        *entity("云启科技", "TechCompany"), *entity("南港市", "Place"), *document(),
        *fact("青禾数科", "subsidiaryOf", "青禾银行"), *fact("青禾数科", "headquarteredIn", "南港市"),
        *fact("远山资本", "investsIn", "青禾数科"), *fact("云启科技", "partnersWith", "青禾数科"),
    ]


def report_for(tmp_path, quads, **kwargs) -> ValidationReport:
    write_store(tmp_path / "store", quads)
    return validate_store(tmp_path / "store", **kwargs)


def shapes_of(report: ValidationReport) -> set[tuple[str, str]]:
    return {(v.focus, v.shape) for v in report.violations}


def test_a_well_formed_store_conforms(tmp_path):
    report = report_for(tmp_path, good_quads())
    assert report.conforms and report.violations == []
    assert report.triples == len({(q.subject, q.predicate, q.object) for q in good_quads()})
    assert format_report(report) == f"OK: {report.triples} triples in {tmp_path / 'store'} conform to ontology/shapes.ttl\n"


def test_a_self_relation_is_reported(tmp_path):
    report = report_for(tmp_path, good_quads() + fact("青禾银行", "partnersWith", "青禾银行"))
    assert report.violations == [Violation("青禾银行", "no self-relation", "is related to itself by kg:partnersWith")]


def test_every_member_of_a_subsidiary_cycle_is_reported(tmp_path):
    cycle = fact("青禾银行", "subsidiaryOf", "远山资本") + fact("远山资本", "subsidiaryOf", "青禾数科")
    report = report_for(tmp_path, good_quads() + cycle)
    assert shapes_of(report) == {(name, "no subsidiaryOf cycle") for name in ("青禾银行", "远山资本", "青禾数科")}
    assert report.violations[0].message == "is its own parent through a cycle of kg:subsidiaryOf"


def test_a_relation_without_evidence_is_reported(tmp_path):
    report = report_for(tmp_path, good_quads() + fact("远山资本", "investsIn", "云启科技", with_evidence=False))
    assert report.violations == [
        Violation("远山资本", "relation has evidence",
                  'kg:investsIn 云启科技 has no kg:Evidence with kg:status "asserted"'),
    ]


def test_planned_evidence_does_not_support_a_fact(tmp_path):
    quads = good_quads() + fact("远山资本", "investsIn", "云启科技", with_evidence=False)
    quads += evidence("远山资本", "investsIn", "云启科技", status="planned")
    assert shapes_of(report_for(tmp_path, quads)) == {("远山资本", "relation has evidence")}


def test_symmetric_evidence_may_state_the_pair_the_other_way_round(tmp_path):
    quads = good_quads() + fact("青禾银行", "partnersWith", "云启科技", with_evidence=False)
    quads += evidence("云启科技", "partnersWith", "青禾银行")
    assert report_for(tmp_path, quads).conforms


def test_an_entity_without_a_chinese_label_is_reported(tmp_path):
    report = report_for(tmp_path, good_quads() + entity("晨光资本", "InvestmentFirm", label="Dawn Capital", lang="en"))
    assert report.violations == [
        Violation("晨光资本", "Chinese label", "needs exactly one Chinese rdfs:label (@zh)"),
        Violation("晨光资本", "Chinese preferred label", "needs exactly one Chinese skos:prefLabel (@zh)"),
    ]


def test_two_chinese_preferred_labels_are_reported(tmp_path):
    extra = ox.Quad(N(entity_iri("青禾银行")), N(SKOS + "prefLabel"), L("青禾", language="zh"), N(ENTITIES_GRAPH))
    assert shapes_of(report_for(tmp_path, good_quads() + [extra])) == {("青禾", "Chinese preferred label")}


def test_an_undeclared_class_or_property_is_reported(tmp_path):
    g = N(ENTITIES_GRAPH)
    typo = [
        ox.Quad(N(entity_iri("南港市")), N(KG + "foundingYear"), L("2015"), g),
        ox.Quad(N(entity_iri("青禾银行")), N(RDF + "type"), N(KG + "Bnak"), g),
    ]
    report = report_for(tmp_path, good_quads() + typo)
    assert Violation("南港市", "declared property", "uses kg:foundingYear, which the ontology does not declare") \
        in report.violations
    assert Violation("青禾银行", "declared class", "has type kg:Bnak, which the ontology does not declare") \
        in report.violations
    assert ("青禾银行", "one ontology class") in shapes_of(report)


def test_domain_and_range_follow_the_class_tree(tmp_path):
    """A Bank is an Organization (accepted); a Place investing and a Bank as headquarters are not."""
    quads = good_quads() + fact("南港市", "investsIn", "青禾银行") + fact("云启科技", "headquarteredIn", "青禾银行")
    report = report_for(tmp_path, quads)
    assert report.violations == [
        Violation("云启科技", "headquarteredIn range", "the object of headquarteredIn must be a Place (value: 青禾银行)"),
        Violation("南港市", "investsIn domain", "the subject of investsIn must be an Organization or a Person"),
    ]


def test_malformed_evidence_is_reported(tmp_path):
    quads = good_quads() + fact("远山资本", "investsIn", "云启科技", with_evidence=False)
    quads += evidence("远山资本", "investsIn", "云启科技", start=30, end=10)
    quads += evidence("远山资本", "investsIn", "云启科技", status="maybe")
    found = {(v.shape, v.message) for v in report_for(tmp_path, quads).violations}
    assert ("evidence offsets",
            "kg:Evidence needs one kg:startOffset, a non-negative integer not after kg:endOffset (value: '30')") in found
    assert ("statement status", "kg:status must be one of asserted, planned, ended, denied, rumoured, low-confidence (value: 'maybe')") in found


def test_the_oxigraph_engine_agrees_with_pyshacl(tmp_path):
    quads = good_quads() + fact("青禾银行", "partnersWith", "青禾银行") + fact("青禾银行", "subsidiaryOf", "青禾数科")
    quads += fact("南港市", "investsIn", "云启科技", with_evidence=False)
    quads += entity("晨光资本", "Bnak", label="Dawn Capital", lang="en")
    quads += evidence("远山资本", "acquired", "云启科技", status="maybe", start=9, end=3)
    fast = report_for(tmp_path, quads)
    reference = validate_store(tmp_path / "store", engine="pyshacl")
    assert len(fast.violations) >= 10
    assert fast.violations == reference.violations


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no graph store here; run `kg build PATH --store"):
        validate_store(tmp_path / "nowhere")


def test_raise_for_violations_is_one_line(tmp_path):
    report = report_for(tmp_path, good_quads() + fact("青禾银行", "partnersWith", "青禾银行"))
    with pytest.raises(ShapeViolation) as err:
        report.raise_for_violations()
    assert str(err.value) == (f"{tmp_path / 'store'}: 1 shape violation(s); first: 青禾银行: "
                              "is related to itself by kg:partnersWith; run `kg validate` for all")


@pytest.mark.parametrize("predicate, subject, obj, allowed", [
    ("investsIn", "Person", "FintechCompany", True),
    ("investsIn", "Place", "Bank", False),
    ("subsidiaryOf", "FintechCompany", "Bank", True),
    ("subsidiaryOf", "Product", "Bank", False),
    ("developedBy", "Product", "TechCompany", True),
    ("headquarteredIn", "Bank", "Bank", False),
    ("executiveOf", "Person", "GovernmentBody", True),
    ("noSuchRelation", "Bank", "Bank", False),
])
def test_relation_allowed_reads_domains_and_ranges(predicate, subject, obj, allowed):
    assert relation_allowed(predicate, subject, obj) is allowed


def test_cli_validate_prints_the_report_and_exits_1(tmp_path):
    quads = good_quads() + fact("青禾银行", "partnersWith", "青禾银行")
    write_store(tmp_path / "store", quads)
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    triples = len({(q.subject, q.predicate, q.object) for q in quads})
    assert result.output == (f"1 violation in {tmp_path / 'store'} ({triples} triples checked against "
                             "ontology/shapes.ttl):\n"
                             "  青禾银行  [no self-relation]  is related to itself by kg:partnersWith\n")


def test_cli_validate_exits_0_on_a_conforming_store(tmp_path):
    write_store(tmp_path / "store", good_quads())
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "store")], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("OK: ")


@pytest.mark.seeds
def test_the_seed_store_conforms(seed_store):
    report = validate_store(seed_store)
    assert report.violations == []
    assert report.triples > 1000
