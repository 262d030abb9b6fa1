"""kg build: incremental, atomic, deterministic; facts carry evidence that slices the original file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build_store
from kg.cli import cli
from kg.graph.export import export_rdf
from kg.graph.iris import DOC, entity_iri
from kg.graph.stats import store_stats
from kg.graph.store import open_store, store_generation


def _graph_lines(store) -> dict[str, set[str]]:
    """N-Quads lines grouped by named graph."""
    graphs: dict[str, set[str]] = {}
    for line in export_rdf(store, "nq").decode().splitlines():
        graph = line.rsplit(" ", 2)[-2]
        graphs.setdefault(graph, set()).add(line)
    return graphs


def test_rebuild_of_unchanged_input_writes_nothing(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 20)
    store = tmp_path / "store"
    first = build_store([articles], store)
    gen = store_generation(store)
    again = build_store([articles], store)
    assert first.written and first.extracted == 20
    assert not again.written and again.extracted == 0 and again.reused == 20
    assert store_generation(store) == gen
    assert again.entities == first.entities and again.relations == first.relations


def test_changing_one_file_replaces_only_its_graph(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 12)
    store = tmp_path / "store"
    build_store([articles], store)
    before = _graph_lines(store)
    target = articles / "000003.txt"
    target.write_text("快讯\n\n蚂蚁金服获得淡马锡的投资。\n", encoding="utf-8")
    report = build_store([articles], store)
    after = _graph_lines(store)
    assert report.extracted == 1 and report.documents == 12
    assert (report.updated, report.added, report.removed, report.kept) == (1, 0, 0, 11)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    doc_graphs = {g for g in changed if g.startswith(f"<{DOC}")}
    assert len(doc_graphs) == 2  # the old version's graph went, the new one came
    new_facts = [line for g in doc_graphs for line in after.get(g, ()) if "#investsIn>" in line]
    assert any(entity_iri("淡马锡") in line for line in new_facts)


def test_removed_file_drops_its_document(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 5)
    store = tmp_path / "store"
    build_store([articles], store)
    (articles / "000004.txt").unlink()
    report = build_store([articles], store)
    assert report.written and store_stats(store)["documents"] == 4


def test_build_summary_counts_what_the_store_holds(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 30)
    # a second file with the same text is one document, extracted once
    (articles / "copy.txt").write_bytes((articles / "000003.txt").read_bytes())
    report = build_store([articles], tmp_path / "store")
    stats = store_stats(tmp_path / "store")
    assert report.extracted == 30 and report.documents == 30
    assert sum(report.relations.values()) > 0
    assert (report.entities, report.evidence, dict(report.relations)) == \
        (stats["entities"], stats["evidence"], stats["relations"])


def test_parallel_build_equals_serial_build(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 200)
    serial = build_store([articles], tmp_path / "s1", jobs=1)
    parallel = build_store([articles], tmp_path / "s2", jobs=2)
    assert serial.relations == parallel.relations and sum(serial.relations.values()) > 50
    for fmt in ("nt", "nq"):
        assert export_rdf(tmp_path / "s1", fmt) == export_rdf(tmp_path / "s2", fmt)


def test_a_pathological_document_is_skipped_not_fatal(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 3)
    import random
    from conftest import make_article

    rng = random.Random(5)
    (articles / "huge.txt").write_text("".join(make_article(rng, i) for i in range(6000)), encoding="utf-8")
    report = build_store([articles], tmp_path / "s", timeout=1.0)
    assert report.documents == 3
    assert [p.path.endswith("huge.txt") for p in report.problems] == [True]
    assert "longer than 1 s" in report.problems[0].message
    # the message says where the time ran out: in extraction, or (on a busy machine) still reading
    assert re.search(r"stopped after \d+\.\d s while (extracting [\d ]+ characters|reading the file)",
                     report.problems[0].message)


def test_a_long_single_line_document_is_extracted_in_parts_with_the_same_facts(tmp_path):
    import random

    from conftest import make_article

    from kg.bounded import document_parts, extract_in_parts
    from kg.extract.pipeline import extract_document
    from kg.ingest import read_document

    rng = random.Random(11)
    path = tmp_path / "dump.txt"
    path.write_text("".join(make_article(rng, i).replace("\n", "") for i in range(150)), encoding="utf-8")
    doc = read_document(path)
    parts = list(document_parts(doc, 2_000))
    assert len(parts) > 3 and sum(len(p.sentences) for p in parts) == len(doc.sentences)
    whole = extract_document(doc)
    split = extract_in_parts(doc, extract_document, 2_000)
    facts = lambda e: sorted((r.subject, r.predicate, r.object, r.evidence.start) for r in e.relations)  # noqa: E731
    assert facts(split) == facts(whole) and len(facts(whole)) > 100
    assert {e.key: e.mentions for e in split.entities} == {e.key: e.mentions for e in whole.entities}


def test_killed_build_leaves_store_usable_and_next_build_completes(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 10)
    store = tmp_path / "store"
    build_store([articles], store)
    before = export_rdf(store, "nq")
    make_archive(articles, 400, seed=1, start=10)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store),
                             "--jobs", "2", "--quiet"], env=env, start_new_session=True)
    # Kill it mid-way: after start-up, while documents are being extracted. Whatever the moment,
    # the store must hold the old graph or the new one, never a mixture.
    time.sleep(4.0)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    middle = export_rdf(store, "nq")
    assert middle == before or middle.count(b"\n") > before.count(b"\n")
    report = build_store([articles], store)
    assert report.documents == 410 and store_stats(store)["documents"] == 410


def test_build_reports_bad_files_and_keeps_good_ones(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("晨光资本投资了极光科技。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "s"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "image.txt" in result.stderr
    assert "Traceback" not in result.output
    assert store_stats(tmp_path / "s")["documents"] == 1


def test_nothing_readable_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: ")
    assert "no document could be read" in result.output


def test_query_commands_refuse_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'nothing'}: no graph store here; "
                             f"run `kg build PATH --store {tmp_path / 'nothing'}` first\n")


@pytest.mark.seeds
def test_evidence_offsets_slice_the_original_file(seed_store, seeds_dir):
    store = open_store(seed_store)
    q = """PREFIX kg: <https://w3id.org/fintech-kg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?text ?start ?end ?src WHERE {
      ?ev a kg:Evidence ; kg:evidenceText ?text ; kg:startOffset ?start ; kg:endOffset ?end ;
          prov:wasDerivedFrom ?d . ?d dcterms:source ?src . FILTER(CONTAINS(STR(?src), "002_")) }"""
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert len(rows) > 50
    raw = (seeds_dir / Path(rows[0]["src"].value).name).read_text(encoding="utf-8")
    prose = 0
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        text, passage = row["text"].value, raw[start:end]
        if passage == text:
            prose += 1
        else:
            # A table row: the file has the same cells with their markup (pipes, <br>) around them.
            assert _in_order(text.replace("\t", "").replace(" / ", ""), passage), (text, passage)
    assert prose > len(rows) / 2


def _in_order(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle if not ch.isspace())


def test_renamed_file_keeps_its_facts_and_records_its_new_path(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 4)
    store = tmp_path / "store"
    build_store([articles], store)
    (articles / "000002.txt").rename(articles / "renamed.txt")
    report = build_store([articles], store)
    assert report.written and report.extracted == 0  # same content: no re-extraction
    sources = export_rdf(store, "nt").decode()
    assert "renamed.txt" in sources and "000002.txt" not in sources


def test_quiet_build_prints_nothing_and_kg_store_names_the_default_store(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 3)
    store = tmp_path / "env-store"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(articles), "--quiet", "--jobs", "1"], env={"KG_STORE": str(store)},
                           catch_exceptions=False)
    assert result.exit_code == 0 and result.output == ""
    stats = runner.invoke(cli, ["stats", "--format", "json"], env={"KG_STORE": str(store)}, catch_exceptions=False)
    assert '"documents": 3' in stats.output


def test_summary_goes_to_stderr_without_a_progress_bar_when_not_a_terminal(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 3)
    result = CliRunner().invoke(cli, ["build", str(articles), "--store", str(tmp_path / "s"), "--jobs", "1"],
                                catch_exceptions=False)
    assert result.stdout == ""
    assert result.stderr.startswith("3 documents (3 added, 0 updated, 0 removed, 0 kept; 3 extracted, 0 skipped)")
    assert "docs/s" not in result.stderr and "━" not in result.stderr


def test_building_one_file_into_a_store_adds_it_and_keeps_the_others(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 4)
    store = tmp_path / "store"
    build_store([articles], store)
    new = make_archive(tmp_path / "today", 1, seed=3, start=100) / "000100.txt"
    report = build_store([new], store)
    assert store_stats(store)["documents"] == 5
    assert (report.added, report.updated, report.removed, report.kept) == (1, 0, 0, 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(empty), "--store", str(store), "--jobs", "1"])
    assert result.exit_code == 1 and "empty.txt: empty file" in result.stderr
    assert "the store is unchanged" in result.stderr
    assert store_stats(store)["documents"] == 5
    result = CliRunner().invoke(cli, ["build", str(articles), "--store", str(store), "--jobs", "1"])
    assert "0 added, 0 updated, 0 removed, 5 kept" in result.stderr


def test_prune_removes_documents_outside_the_given_paths_and_remove_drops_one(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 4)
    store = tmp_path / "store"
    build_store([articles], store)
    report = build_store([articles / "000001.txt", articles / "000002.txt"], store, prune=True)
    assert (report.added, report.removed, report.kept) == (0, 2, 2)
    assert store_stats(store)["documents"] == 2
    result = CliRunner().invoke(cli, ["remove", str(articles / "000001.txt"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 removed" in result.stderr and store_stats(store)["documents"] == 1


def test_a_build_that_would_remove_more_than_it_keeps_refuses_without_prune(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 5)
    store = tmp_path / "store"
    build_store([articles], store)
    for name in ("000000.txt", "000001.txt", "000002.txt"):
        (articles / name).unlink()
    gen = store_generation(store)
    result = CliRunner().invoke(cli, ["build", str(articles), "--store", str(store), "--jobs", "1"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {store}: this build would remove 3 documents and keep 2; "
        "run it again with --prune to remove them")
    assert store_generation(store) == gen and store_stats(store)["documents"] == 5
    assert build_store([articles], store, prune=True).removed == 3


def test_all_bad_inputs_print_every_reason_and_leave_no_half_made_store(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    store = tmp_path / "s"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "empty.txt"), str(tmp_path / "image.txt"),
                                      "--store", str(store)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any("empty.txt" in line and "empty" in line.split("empty.txt")[1] for line in lines)
    assert any("image.txt" in line for line in lines[:-1])
    assert not store.exists()
    existing = tmp_path / "existing"
    existing.mkdir()
    CliRunner().invoke(cli, ["build", str(tmp_path / "empty.txt"), "--store", str(existing)])
    assert list(existing.iterdir()) == []


def test_a_kept_document_whose_file_is_gone_survives_a_pipeline_change(make_archive, tmp_path):
    import sqlite3

    first = make_archive(tmp_path / "old", 2)
    store = tmp_path / "store"
    build_store([first], store)
    before = store_stats(store)["relations"]
    db = sqlite3.connect(store / "cache.sqlite")  # as if an older pipeline had extracted them
    with db:
        db.execute("UPDATE extractions SET fingerprint = 'older-pipeline'")
    db.close()
    for path in first.iterdir():
        path.unlink()
    new = make_archive(tmp_path / "new", 1, seed=4, start=50)
    report = build_store([new], store)
    assert (report.added, report.kept, report.removed) == (1, 2, 0)
    assert store_stats(store)["documents"] == 3
    assert all(store_stats(store)["relations"].get(p, 0) >= n for p, n in before.items())


def test_kept_documents_whose_files_are_unchanged_are_extracted_again_after_a_pipeline_change(
        make_archive, tmp_path):
    import sqlite3

    from kg.build import pipeline_fingerprint

    first = make_archive(tmp_path / "old", 2)
    store = tmp_path / "store"
    build_store([first], store)
    db = sqlite3.connect(store / "cache.sqlite")  # as if an older pipeline had extracted them
    with db:
        db.execute("UPDATE extractions SET fingerprint = 'older-pipeline'")
    db.close()
    new = make_archive(tmp_path / "new", 1, seed=4, start=50)
    report = build_store([new], store)  # the old folder is not given, but its files are still there
    assert (report.extracted, report.added, report.kept, report.removed) == (3, 1, 2, 0)
    assert report.problems == []
    db = sqlite3.connect(store / "cache.sqlite")
    fingerprints = {f for (f,) in db.execute("SELECT fingerprint FROM extractions")}
    db.close()
    assert fingerprints == {pipeline_fingerprint()}  # the older pipeline's rows are pruned


def test_a_kept_document_with_neither_file_nor_cached_extraction_is_dropped_with_a_reason(make_archive, tmp_path):
    import sqlite3

    first = make_archive(tmp_path / "old", 2)
    store = tmp_path / "store"
    build_store([first], store)
    gone = first / "000000.txt"
    db = sqlite3.connect(store / "cache.sqlite")  # as if the cache had lost its row
    with db:
        (doc_id,) = db.execute("SELECT doc_id FROM files WHERE path = ?", (str(gone),)).fetchone()
        db.execute("DELETE FROM extractions WHERE doc_id = ?", (doc_id,))
    db.close()
    for path in first.iterdir():
        path.unlink()
    report = build_store([make_archive(tmp_path / "new", 1, seed=4, start=50)], store)
    assert [(p.path, p.message) for p in report.problems] == [(str(gone), "no cached extraction and no file; dropped")]
    assert report.documents == 2 and store_stats(store)["documents"] == 2
    assert doc_id not in {d["id"] for d in _documents(store)}


def test_kg_remove_by_document_id_and_unknown_target(make_archive, tmp_path):
    articles = make_archive(tmp_path / "a", 3)
    store = tmp_path / "store"
    build_store([articles], store)
    doc_id = next(iter(sorted(d["id"] for d in _documents(store))))
    result = CliRunner().invoke(cli, ["remove", doc_id, "--store", str(store)])
    assert result.exit_code == 0 and "1 removed, 2 kept" in result.stderr
    assert doc_id not in {d["id"] for d in _documents(store)}
    result = CliRunner().invoke(cli, ["remove", "nothing-here", "--store", str(store)])
    assert result.exit_code == 1
    assert result.output == "Error: nothing-here: no document in the store has this path or id\n"


def _documents(store) -> list[dict]:
    from kg.query import run_query

    q = "SELECT ?id WHERE { ?d a <https://w3id.org/fintech-kg/ontology#Document> ; <http://purl.org/dc/terms/identifier> ?id }"
    return [{"id": str(r["id"])} for r in run_query(store, q).records()]


def test_a_given_folder_that_is_missing_keeps_its_documents(make_archive, tmp_path):
    old = make_archive(tmp_path / "old", 3)
    store = tmp_path / "store"
    build_store([old], store)
    old.rename(tmp_path / "moved")
    new = make_archive(tmp_path / "new", 1, seed=2, start=20)
    report = build_store([old, new], store)
    assert [p.path for p in report.problems] == [str(old)]
    assert (report.added, report.removed, report.kept) == (1, 0, 3)
    assert store_stats(store)["documents"] == 4
