"""The ``kg`` command line: each command parses options, calls one kg function, prints the result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.output import format_rows, progress_factory


class _Group(click.Group):
    """Turns every KgError into one ``Error: …`` line and exit status 1, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            raise click.ClickException(str(err)) from err
        except BrokenPipeError:
            sys.exit(0)


def store_option(fn):
    return click.option("--store", type=click.Path(file_okay=False, path_type=Path), envvar="KG_STORE",
                        default="kg-store", show_default=True, help="Graph store directory (or $KG_STORE).")(fn)


def quiet_option(fn):
    return click.option("--quiet", "-q", is_flag=True, help="Print only results and errors.")(fn)


def _fmt_option(*choices, default="table"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


def _problems(problems) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fintech-kg")
def cli():
    """Build and query a knowledge graph of the Chinese fintech industry.

    \b
    Example:
        kg build seeds/ --store kg-store
        kg query investors --param company=蚂蚁金服
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--jobs", "-j", type=click.IntRange(1), default=None,
              help="Worker processes for extraction [default: number of cores].")
@click.option("--strict", is_flag=True, help="Fail on the first unreadable file.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds allowed per document.")
@click.option("--prune", is_flag=True,
              help="Remove the documents that are not under PATHS (the store then holds exactly PATHS).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Assert a fact the relation classifier found only at this probability or above; "
                   "below it the evidence is kept as low-confidence [default: the model's, see kg/models/README.md].")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: worker processes here; spark: Apache Spark (needs --out, see docs/spark.md).")
@click.option("--master", default="local[2]", show_default=True, help="Spark master: local[N], spark://…, yarn.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Spark: folder for extractions and sorted N-Quads (load them with `kg load`).")
@click.option("--partitions", type=click.IntRange(1), default=None,
              help="Spark: partitions of the map and reduce [default: map 4 per core, reduce 1 per core].")
@quiet_option
def build(paths, store, jobs, strict, timeout, prune, min_confidence, engine, master, out, partitions, quiet):
    """Read articles, extract facts and add them to the store.

    Documents already in the store stay: a build adds new files and updates changed ones.
    A file deleted from a given folder drops its document, unless that would remove more
    documents than the build keeps; --prune removes everything not under PATHS.
    Re-running on unchanged files changes nothing.

    \b
    Example:
        kg build seeds/ --store kg-store --jobs 2
        kg build today.txt --store kg-store
        kg build archive/ --engine spark --master local[2] --out kg-spark
    """
    import os

    from kg.build import build_store
    from kg.errors import NoDocuments

    if engine == "spark":
        _build_spark(paths, out, master, partitions, strict, timeout, min_confidence, quiet)
        return

    try:
        report = build_store(paths, store, jobs=jobs or os.cpu_count() or 1, strict=strict, timeout=timeout,
                             progress=progress_factory(quiet), prune=prune, min_confidence=min_confidence)
    except NoDocuments as err:
        _problems(err.problems)
        raise
    _problems(report.problems)
    if not quiet:
        _build_summary(report)


def _build_summary(report) -> None:
    rel = ", ".join(f"{p} {n}" for p, n in sorted(report.relations.items(), key=lambda x: -x[1]))
    click.echo(f"{report.documents} documents ({report.added} added, {report.updated} updated, "
               f"{report.removed} removed, {report.kept} kept; {report.extracted} extracted, "
               f"{len(report.problems)} skipped) -> {report.entities} entities, "
               f"{sum(report.relations.values())} facts, {report.evidence} pieces of evidence "
               f"in {report.seconds:.1f} s, peak memory {report.peak_rss_mb:.0f} MB"
               + ("" if report.written else "; store unchanged"), err=True)
    if rel:
        click.echo(f"relations: {rel}", err=True)


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@store_option
@quiet_option
def remove(targets, store, quiet):
    """Remove documents from the store by file path (a folder: every file under it) or document id.

    \b
    Example:
        kg remove archive/2019/ --store kg-store
    """
    from kg.build import remove_documents

    report = remove_documents(targets, store)
    _problems(report.problems)
    if not quiet:
        _build_summary(report)


def _build_spark(paths, out, master, partitions, strict, timeout, min_confidence, quiet) -> None:
    from kg.engines.spark import build_spark
    from kg.errors import NoDocuments

    if out is None:
        raise click.UsageError("--engine spark writes to --out DIR; give it one")
    try:
        report = build_spark(paths, out, master=master, partitions=partitions, strict=strict, timeout=timeout,
                             min_confidence=min_confidence, quiet=quiet)
    except NoDocuments as err:
        _problems(err.problems)
        raise
    _problems(report.problems)
    if not quiet:
        click.echo(f"{report.documents} documents ({report.extracted} extracted, {report.reused} unchanged, "
                   f"{len(report.problems)} skipped) in {report.partitions} partitions -> {report.entities} "
                   f"entities, {report.quads} quads in {report.seconds:.1f} s; {out}/quads", err=True)


@cli.command()
@click.argument("quads", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), help="Load into this store directory.")
@click.option("--endpoint", help="Load into the remote SPARQL store at this URL.")
@click.option("--graph-store", help="Its Graph Store Protocol URL [default: ENDPOINT without /query, + /store].")
@click.option("--user", help="User name for HTTP basic authentication.")
@click.option("--password-env", default="KG_ENDPOINT_PASSWORD", show_default=True,
              help="Environment variable that holds the password (never give it on the command line).")
@click.option("--retries", type=click.IntRange(0), default=4, show_default=True, help="Retries per request.")
@quiet_option
def load(quads, store, endpoint, graph_store, user, password_env, retries, quiet):
    """Load N-Quads files (or folders of them) into a store, one named graph at a time.

    Each named graph in the files replaces the graph of that name; other graphs stay.
    Loading the same files again changes nothing.

    \b
    Example:
        kg load kg-spark/quads --store kg-store
        KG_ENDPOINT_PASSWORD=… kg load kg-spark/quads --endpoint http://host:3030/ds/sparql \\
            --graph-store http://host:3030/ds/data --user loader
    """
    import os

    from kg.load import load_endpoint, load_store

    if (store is None) == (endpoint is None):
        raise click.UsageError("give exactly one of --store DIR and --endpoint URL")
    if store is not None:
        report = load_store(quads, store)
    else:
        password = os.environ.get(password_env) if user else None
        if user and password is None:
            raise click.UsageError(f"--user {user} needs the password in the environment variable {password_env}")
        report = load_endpoint(quads, endpoint, graph_store=graph_store, user=user, password=password,
                               retries=retries, progress=progress_factory(quiet, "loading", unit="files"))
    if not quiet:
        rate = report.quads / report.seconds if report.seconds else 0
        click.echo(f"{report.quads} quads in {report.graphs} graphs from {report.files} files -> {report.target} "
                   f"in {report.seconds:.1f} s ({rate:,.0f} quads/s)", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_fmt_option("table", "jsonl")
@click.option("--strict", is_flag=True, help="Exit non-zero on any unreadable file.")
def ingest(paths, fmt, strict):
    """Show how each article is read: id, encoding, title, date, sentences, tables.

    \b
    Example:
        kg ingest seeds/ --format jsonl
    """
    from kg.ingest import ingest_rows
    from kg.model import Problem

    rows, problems = [], []
    for item in ingest_rows(paths):
        (problems if isinstance(item, Problem) else rows).append(item)
    _problems(problems)
    if rows:
        click.echo(format_rows(rows, fmt), nl=False)
    if not rows or (strict and problems):
        raise click.ClickException("no document could be read" if not rows else f"{len(problems)} file(s) failed")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_fmt_option("table", "jsonl")
def entities(paths, fmt):
    """List the entities found in articles, with type, aliases, mentions and first evidence.

    \b
    Example:
        kg entities seeds/002_b8c15c3f77520a72.txt
    """
    from kg.extract.entities import entity_rows
    from kg.model import Problem

    rows = []
    for item in entity_rows(paths):
        if isinstance(item, Problem):
            _problems([item])
        else:
            rows.append(item)
    click.echo(format_rows(rows, fmt), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--lines", is_flag=True, help="Each input line is a document, numbered from 1.")
@_fmt_option("jsonl", "table", default="jsonl")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
              help="Print a fact the relation classifier found only at this probability or above "
                   "[default: the model's threshold].")
@click.option("--explain", is_flag=True, help="Add the classifier features that drove each fact ('features').")
def extract(files, lines, fmt, min_confidence, explain):
    """Print the relations stated in articles, without touching a store ('-' reads stdin).

    Each row has a 'score' (the classifier's probability, or the cue's confidence) and a
    'method' (cue:…, table:…, or model:… for a fact the classifier found alone).

    \b
    Example:
        kg extract --lines news.txt
        kg extract --explain --min-confidence 0.3 article.txt
    """
    from kg.extract.rows import extract_rows

    # Arguments are files: a missing one is an error, never taken as text (the Python API takes texts).
    rows = extract_rows([f if f == "-" else Path(f) for f in files], lines=lines,
                        min_confidence=min_confidence, explain=explain)
    if fmt == "jsonl":
        for row in rows:  # stream: a large input prints as it goes
            click.echo(format_rows([row], "jsonl"), nl=False)
    else:
        click.echo(format_rows(list(rows), "table",
                               ["doc", "subject", "predicate", "object", "confidence", "evidence"]), nl=False)


RDF_CHOICES = ("nt", "nq", "ttl", "trig", "jsonld", "xml")
NETWORK_CHOICES = ("graphml", "gexf", "json", "csv")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(RDF_CHOICES + NETWORK_CHOICES), default="ttl",
              show_default=True, help="RDF (nt nq ttl trig jsonld xml) or network (graphml gexf json csv).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file (csv: a folder).")
@click.option("--bom", is_flag=True, help="CSV: start files with a UTF-8 BOM so Excel opens them.")
@quiet_option
def export(store, fmt, output, bom, quiet):
    """Export the graph as RDF or for Gephi, Neo4j, d3 and spreadsheets.

    \b
    Example:
        kg export --store kg-store --format nt -o graph.nt
        kg export --store kg-store --format graphml -o graph.graphml
    """
    if fmt in RDF_CHOICES:
        from kg.graph.export import export_rdf

        data = export_rdf(store, fmt, output)
        if data is not None:
            sys.stdout.buffer.write(data)
        elif not quiet:
            click.echo(f"wrote {output}", err=True)
        return
    from kg.analytics import store_to_networkx
    from kg.analytics.exports import export_network

    if output is None:
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    export_network(store_to_networkx(store), fmt, output, bom=bom)
    if not quiet:
        click.echo(f"wrote {output}", err=True)


@cli.command()
@store_option
@_fmt_option("table", "json")
def stats(store, fmt):
    """Count documents, entities by class, relations by predicate and evidence.

    \b
    Example:
        kg stats --store kg-store
    """
    import json

    from kg.graph.stats import store_stats

    result = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    click.echo(f"documents {result['documents']}  entities {result['entities']}  facts {result['facts']}  "
               f"evidence {result['evidence']}")
    click.echo(format_rows([{"class": k, "entities": v} for k, v in result["classes"].items()]), nl=False)
    click.echo(format_rows([{"predicate": k, "facts": v} for k, v in result["relations"].items()]), nl=False)


@cli.command()
@store_option
def validate(store):
    """Check the store against the SHACL shapes in ontology/shapes.ttl.

    \b
    Example:
        kg validate --store kg-store
    """
    from kg.graph.validate import format_report, validate_store

    report = validate_store(store)
    click.echo(format_report(report), nl=False)
    if not report.conforms:
        sys.exit(1)


@cli.command(name="eval")
@click.option("--gold", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Gold folder with entities.jsonl and triples.jsonl.")
@store_option
@click.option("--show", type=int, default=15, show_default=True, help="Misses and false positives to list.")
@_fmt_option("table", "json")
def eval_(gold, store, show, fmt):
    """Score the store against a gold annotation: precision, recall and F1 per predicate.

    Only the documents the gold annotates are scored (by document id or file name, e.g. 002 is
    002_….txt); the first line names them. ?NAME in the lists is a name no gold entity has.

    \b
    Example:
        kg eval --gold ../shared/gold/dev --store kg-store
    """
    import json

    from kg.eval import evaluate, format_evaluation

    result = evaluate(gold, store)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_evaluation(result, show=show), nl=False)


@cli.command()
@click.argument("name")
@store_option
def explain(name, store):
    """Resolve any name or alias and show what the graph knows about that entity, with evidence.

    \b
    Example:
        kg explain 建行 --store kg-store
    """
    from kg.explain import explain_entity, format_explanation

    click.echo(format_explanation(explain_entity(store, name)), nl=False)


@cli.command()
@click.argument("query", required=False)
@store_option
@click.option("--param", "-p", multiple=True, metavar="NAME=VALUE", help="Bind a saved question's parameter.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]),
              default=None, help="Result format [default: table on a terminal, else json; turtle for graphs].")
@click.option("--list", "list_", is_flag=True, help="List the saved questions.")
def query(query, store, param, fmt, list_):
    """Run a saved question (by name), a .rq file or inline SPARQL against the store.

    \b
    Example:
        kg query investors --param company=蚂蚁金服
        kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.query import format_result, list_queries, run_query

    if list_:
        click.echo(format_rows([{"name": q.name, "params": ", ".join(f"{k}={v}" for k, v in q.params.items()),
                                 "title": q.title, "说明": q.description.split(" / ")[0]}
                                for q in list_queries()]), nl=False)
        return
    if not query:
        raise click.UsageError("give a QUERY (saved question name, .rq file or SPARQL) or --list")
    params = {}
    for item in param:
        if "=" not in item:
            raise click.UsageError(f"--param {item!r}: expected NAME=VALUE")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    result = run_query(store, query, params)
    if fmt is None and not result.is_graph and not sys.stdout.isatty():
        fmt = "json"  # piped: the W3C JSON results format, not a table
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost by default).")
@click.option("--port", default=7878, show_default=True, type=int, help="Port (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=float,
              help="Seconds a query may run (a request's timeout= may lower it).")
@click.option("--max-rows", default=100_000, show_default=True, type=int, help="Most result rows per query.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1),
              help="Query worker processes; half of them may run queries longer than a second.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (localhost only by default).")
@quiet_option
def serve(store, host, port, timeout, max_rows, workers, allow_hosts, quiet):
    """Serve the store as a read-only SPARQL 1.1 Protocol endpoint at /sparql.

    A query page is at /, the saved questions at /queries/NAME?param=value.

    \b
    Example:
        kg serve --store kg-store --port 7878
    """
    from kg.serve import serve_store

    def ready(server):
        click.echo(f"SPARQL endpoint {server.url}sparql, query page {server.url} (read-only; Ctrl-C stops)",
                   err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"warning: listening on {host}: other machines can read the graph", err=True)

    try:
        serve_store(store, host, port, ready=ready, timeout=timeout, max_rows=max_rows, workers=workers,
                    log=not quiet, allowed_hosts=allow_hosts)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port} ({err.strerror or err})") from err


@cli.group()
def analyze():
    """Network analysis of the graph (ranks, communities, paths, ownership)."""


def _analysis_graph(store, *names):
    """The store's entity graph and *names* resolved through aliases."""
    from kg.analytics import resolve_name, store_to_networkx

    G = store_to_networkx(store)
    return (G, *(resolve_name(G, n) for n in names))


def _analysis_rows(rows, fmt, columns=None) -> None:
    click.echo(format_rows(rows, fmt, columns), nl=False)


@analyze.command(name="rank")
@store_option
@click.option("--by", type=click.Choice(["degree", "pagerank", "betweenness"]), default="degree",
              show_default=True, help="Centrality measure.")
@click.option("--type", "types", help="Only these classes, comma-separated, e.g. Bank,FintechCompany.")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True)
@click.option("--sample", type=click.IntRange(1), default=None,
              help="Estimate betweenness from K source nodes (large graphs).")
@_fmt_option("table", "json", "csv")
def analyze_rank(store, by, types, top, sample, fmt):
    """Rank entities by degree, PageRank or betweenness.

    \b
    Example:
        kg analyze rank --by pagerank --type Bank --top 10
    """
    from kg.analytics import UnknownClass, rank

    (G,) = _analysis_graph(store)
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        rows = rank(G, by, types=wanted, top=top, sample=sample)
    except UnknownClass as err:
        raise click.BadParameter(str(err), param_hint="--type") from err
    for row in rows:
        row["score"] = round(row["score"], 6)
    _analysis_rows(rows, fmt, ["rank", "name", "type", "score", "degree"])


@analyze.command(name="communities")
@store_option
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Louvain resolution: above 1 gives smaller communities.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--min-size", type=click.IntRange(1), default=2, show_default=True)
@click.option("--top", type=click.IntRange(1), default=5, show_default=True, help="Members shown per community.")
@_fmt_option("table", "json", "csv")
def analyze_communities(store, resolution, seed, min_size, top, fmt):
    """Louvain communities with their main members and the relations inside them.

    \b
    Example:
        kg analyze communities --resolution 1.2
    """
    from kg.analytics import communities, describe_communities

    (G,) = _analysis_graph(store)
    rows = describe_communities(G, communities(G, resolution=resolution, seed=seed, min_size=min_size), top=top)
    if fmt != "json":
        for row in rows:
            row["types"] = ", ".join(f"{k}×{v}" for k, v in row["types"].items())
            row["predicates"] = ", ".join(f"{k}×{v}" for k, v in row["predicates"].items())
    _analysis_rows(rows, fmt)


@analyze.command(name="path")
@click.argument("source")
@click.argument("target")
@store_option
@click.option("--max", "max_paths", type=click.IntRange(1), default=3, show_default=True, help="Paths to show.")
@click.option("--max-hops", type=click.IntRange(1), default=6, show_default=True)
@click.option("--evidence", is_flag=True, help="Show the sentence behind each hop.")
@_fmt_option("table", "json", "csv")
def analyze_path(source, target, store, max_paths, max_hops, evidence, fmt):
    """Shortest relation paths between two entities (any of their names).

    \b
    Example:
        kg analyze path 兴业银行 兴业数金 --evidence
    """
    from kg.analytics import format_path, paths

    G, a, b = _analysis_graph(store, source, target)
    found = paths(G, a, b, max_paths=max_paths, max_hops=max_hops)
    if fmt == "table":
        if not found:
            click.echo(f"no path from {a} to {b} within {max_hops} hops")
        for path in found:
            click.echo(format_path(path, evidence=evidence))
        return
    if fmt == "json":
        import json

        click.echo(json.dumps([{"text": format_path(p), "hops": p} for p in found], ensure_ascii=False, indent=1))
        return
    rows = [{"path": i, "hop": j, "source": h["source"], "predicate": r["predicate"],
             "direction": "forward" if r["forward"] else "backward", "target": h["target"],
             "evidence": "；".join(s["text"] for s in r["sentences"])}
            for i, p in enumerate(found, 1) for j, h in enumerate(p, 1) for r in h["relations"]]
    _analysis_rows(rows, fmt, ["path", "hop", "source", "predicate", "direction", "target", "evidence"])


@analyze.command(name="owners")
@click.argument("name")
@store_option
@click.option("--include-investors", is_flag=True,
              help="Show investors and minority shareholders in the tree too (they are listed apart by default).")
@_fmt_option("table", "json", "csv")
def analyze_owners(name, store, include_investors, fmt):
    """Who owns NAME, up to its ultimate parent(s): parents (subsidiaryOf, acquired) and controlling
    or largest shareholders; investors and minority shareholders are listed apart.

    \b
    Example:
        kg analyze owners 支付宝
    """
    from kg.analytics import format_tree, investors, owners, ultimate_parents

    G, node = _analysis_graph(store, name)
    tree = owners(G, node, include_investors=include_investors)
    apart = {} if include_investors else investors(tree)
    tops = sorted(ultimate_parents(G, node))
    if fmt == "table":
        click.echo(format_tree(tree))
        if apart:
            click.echo("investors, not owners (--include-investors puts them in the tree): "
                       + "; ".join(f"{n} ← {'、'.join(names)}" for n, names in apart.items()))
        click.echo(f"ultimate parent: {'、'.join(tops)}")
    elif fmt == "json":
        import json

        click.echo(json.dumps({"tree": tree, "ultimate_parents": tops, "investors": apart}, ensure_ascii=False,
                              indent=1))
    else:
        rows = []

        def walk(t, depth, below):
            for child in t["owners"]:
                rows.append({"depth": depth, "owner": child["name"], "type": child["type"],
                             "relation": child["via"], "owns": below})
                walk(child, depth + 1, child["name"])
            for investor in t.get("investors", ()):  # listed apart: not owners, but not lost either
                rows.append({"depth": depth, "owner": investor, "type": G.nodes[investor].get("type", ""),
                             "relation": "investor", "owns": below})

        walk(tree, 1, tree["name"])
        _analysis_rows(rows, fmt, ["depth", "owner", "type", "relation", "owns"])


def _neighbour_command(command: str, doc: str, columns: list[str]):
    @analyze.command(name=command, help=doc)
    @click.argument("name")
    @store_option
    @_fmt_option("table", "json", "csv")
    def run(name, store, fmt):
        import kg.analytics

        G, node = _analysis_graph(store, name)
        _analysis_rows(getattr(kg.analytics, command)(G, node), fmt, columns)

    return run


_neighbour_command("portfolio", "What NAME invests in, holds, acquired or owns as subsidiaries.",
                   ["name", "type", "relation", "evidence", "documents"])
_neighbour_command("coinvestors", "Investors that share investees with NAME.", ["name", "type", "shared", "investees"])
_neighbour_command("clients", "Whom NAME serves (servesClient).", ["name", "type", "evidence", "documents"])
_neighbour_command("vendors", "Who serves NAME (servesClient).", ["name", "type", "evidence", "documents"])


@cli.command()
@store_option
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("graph.html"), show_default=True)
@click.option("--focus", help="Centre on this entity (any of its names).")
@click.option("--depth", type=int, default=1, show_default=True, help="Hops around --focus.")
@click.option("--relations", help="Comma-separated predicates, e.g. investsIn,subsidiaryOf.")
@click.option("--types", help="Comma-separated classes, e.g. Bank,FintechCompany.")
@click.option("--min-degree", type=int, default=1, show_default=True,
              help="Hide entities with fewer relations (0 shows entities that are only mentioned).")
@click.option("--max-nodes", type=int, default=None, help="Keep the N most central nodes.")
@click.option("--title", default="fintech-kg", show_default=True)
@quiet_option
def viz(store, output, focus, depth, relations, types, min_degree, max_nodes, title, quiet):
    """Write an interactive HTML network of the graph (works offline).

    \b
    Example:
        kg viz --store kg-store -o graph.html --focus 兴业银行 --depth 2
    """
    from kg.analytics import store_to_networkx
    from kg.viz import render_html

    split = (lambda s: [x.strip() for x in s.split(",") if x.strip()] if s else None)
    path = render_html(store_to_networkx(store), output, title=title, focus=focus, depth=depth,
                       relations=split(relations), types=split(types), min_degree=min_degree,
                       max_nodes=max_nodes)
    if not quiet:
        click.echo(f"wrote {path}", err=True)


@cli.group(cls=_Group)
def train():
    """Rebuild the models shipped under kg/models/ from licence-clean data (see kg/models/README.md)."""


_SHARED = Path("..") / "shared"


@train.command("ner")
@click.option("--finre", type=click.Path(dir_okay=False, path_type=Path),
              default=_SHARED / "datasets" / "FinRE" / "train.txt", show_default=True,
              help="FinRE train file (MIT): sentences and their labelled names.")
@click.option("--seeds", "seeds", multiple=True, type=click.Path(path_type=Path),
              default=[Path("seeds"), _SHARED / "seeds"], show_default=True, help="Seed articles (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Model file to write [default: the package's kg/models/ner.crfsuite].")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the held-out split and order.")
@click.option("--teacher", type=click.Choice(["lac", "none"]), default="lac", show_default=True,
              help="Teacher model whose names join the labels (lac: Baidu LAC, Apache-2.0).")
@click.option("--iterations", type=click.IntRange(1), default=150, show_default=True)
@click.option("--augment", type=click.IntRange(0), default=1, show_default=True,
              help="Copies of each FinRE sentence with its labelled names swapped for other FinRE names.")
@quiet_option
def train_ner_command(finre, seeds, output, seed, teacher, iterations, augment, quiet):
    """Train the learned name tagger and print its held-out span scores.

    \b
    Example:
        kg train ner --finre ../shared/datasets/FinRE/train.txt --seeds seeds
    """
    from kg.extract.tagger import model_path
    from kg.train.ner import train_ner

    if finre is not None and not finre.exists():
        raise click.ClickException(f"{finre}: no such FinRE file")
    say = None if quiet else (lambda msg: click.echo(msg, err=True))
    report = train_ner(finre, [p for p in seeds if p.exists()], output or model_path(), seed=seed,
                       teacher=teacher, iterations=iterations, augment=augment, progress=say)
    click.echo(f"wrote {report.model} ({report.size / 1e6:.1f} MB) from {report.sentences} sentences "
               f"in {report.seconds:.0f} s; held out {report.held_out}")
    for kind, (p, r, f, n) in report.scores.items():
        click.echo(f"held-out {kind}: P={p:.3f} R={r:.3f} F1={f:.3f} (n={n})")


@train.command("relations")
@click.option("--finre", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="FinRE folder (train.txt, valid.txt, finre_mapping.json) [default: ../shared/datasets/FinRE].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Model file to write [default: the shipped kg/models/relations.npz].")
@click.option("--limit", type=click.IntRange(1), default=None, help="Use only the first N FinRE sentences of each split.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (training is deterministic for it).")
@quiet_option
def train_relations_command(finre, output, limit, seed, quiet):
    """Train the relation classifier and print its held-out scores.

    \b
    Example:
        kg train relations              # about two minutes on 2 cores
    """
    from kg.extract.classifier import model_path
    from kg.train.relations import train_relations

    report = train_relations(output or model_path(), finre_dir=finre, limit=limit, seed=seed,
                             progress=progress_factory(quiet, "reading FinRE", unit="sentences"))
    for line in report.lines():
        click.echo(line)
