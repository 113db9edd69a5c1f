#!/usr/bin/env python3
"""pikg — a performance-indicator knowledge graph for Chinese public budgets.

Reads the performance-target tables (绩效目标表) of departmental budget documents (部门预算) and turns
them into records and an RDF graph of project → goal → indicator → target values.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Sequence

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _progress(items, enabled: bool, desc: str, total: int | None = None):
    """Wrap items in a tqdm progress bar on stderr when it is a terminal and there are several items."""
    n = total if total is not None else (len(items) if hasattr(items, "__len__") else None)
    if not enabled or (n is not None and n < 2) or not sys.stderr.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, unit="file", file=sys.stderr, total=n)


class _NothingExtracted(Exception):
    """Every input failed: the output file is not written."""


def cmd_extract(args: argparse.Namespace) -> int:
    """pikg extract FILE... [-o OUT.jsonl]"""
    from extractors.stdin import stdin_as_file

    with stdin_as_file(args.files, sys.stdin.buffer) as paths:
        return _extract(args, paths)


def _extract(args: argparse.Namespace, paths: list[str]) -> int:
    from extractors.batch import extract_files
    from extractors.pool import expand_inputs, skipped_images_message
    from extractors.jsonl import record_json

    if args.output == "-":
        args.output = None  # standard output
    skipped: list[str] = []
    files = expand_inputs(paths, skipped)
    if skipped:
        print(skipped_images_message("pikg extract", skipped), file=sys.stderr)
    if not files:
        print("pikg extract：输入中没有可读的文件", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        from graph.output.outfile import check_output, output_file

        check_output(Path(args.output))
    sink = output_file(Path(args.output)) if args.output else contextlib.nullcontext(sys.stdout)
    failed = damaged_files = 0
    counts = {"project": 0, "goal": 0, "indicator": 0}
    try:
        with sink as fh:
            outcomes = extract_files(files, args.layout, args.jobs, args.ocr, not args.quiet)
            for o in _progress(outcomes, not args.quiet, "extract", total=len(files)):
                if o.error:
                    print(f"错误：{o.error}", file=sys.stderr)
                    failed += 1
                    continue
                for problem in o.problems:
                    if not args.quiet or problem.is_error:
                        print(problem, file=sys.stderr)
                damaged_files += any(problem.is_error for problem in o.problems)
                for r in o.records:
                    counts[r["type"]] = counts.get(r["type"], 0) + 1
                    fh.write(record_json(r) + "\n")
            if args.output and failed == len(files):
                raise _NothingExtracted  # leave an existing output as it was
    except _NothingExtracted:
        pass
    if not args.quiet:
        print(
            f"pikg extract：已抽取 {len(files) - failed}/{len(files)} 个文件，项目 {counts['project']} 个，"
            f"目标 {counts['goal']} 个，指标行 {counts['indicator']} 行"
            + (f"；{failed} 个失败" if failed else "")
            + (f"；{damaged_files} 个已损坏（见上方错误）" if damaged_files else ""),
            file=sys.stderr,
        )
    return EXIT_FAILED if failed or damaged_files else EXIT_OK


def _store_args(p: argparse.ArgumentParser, memory_from: bool = True) -> None:
    g = p.add_argument_group("store (default: the embedded Oxigraph store ./pikg-store)")
    g.add_argument("--store", metavar="PATH|memory", help="an Oxigraph store directory, or 'memory' for rdflib's in-memory store")
    g.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint (e.g. http://127.0.0.1:7878/query)")
    g.add_argument("--update-url", metavar="URL", help="its SPARQL update endpoint (default: URL with /update)")
    g.add_argument("--store-url", metavar="URL", help="its Graph Store Protocol endpoint (default: URL with /store)")
    if memory_from:
        g.add_argument("--from", dest="from_files", nargs="+", metavar="FILE",
                       help="with --store memory: build these documents in memory first")


def _urls(args: argparse.Namespace) -> dict:
    """The explicit update and Graph Store URLs of an endpoint, when given."""
    return {k: v for k, v in (("update_url", args.update_url), ("store_url", args.store_url)) if v}


def _open(args: argparse.Namespace, read_only: bool = True):
    """Open the store the options name; with --store memory, build --from documents into it."""
    from graph.build.builder import build
    from graph.store.registry import open_store

    if getattr(args, "from_files", None) and args.store != "memory":
        raise SystemExit(f"pikg {args.command}：--from 只能把文件构建进内存存储；请加上 --store memory "
                         "（或先用 `pikg build` 把它们构建进存储）")
    st = open_store(args.store, args.endpoint, read_only=read_only and args.store != "memory", **_urls(args))
    if args.store == "memory":
        files = getattr(args, "from_files", None)
        if not files:
            raise SystemExit("pikg：--store memory 在用 --from FILE... 给出文件之前是空的")
        rep = build(files, target=st)
        for e in rep.failed:
            print(f"错误：{e}", file=sys.stderr)
    return st


def cmd_build(args: argparse.Namespace) -> int:
    """pikg build FILE... [--store PATH|memory] [--endpoint URL]"""
    from extractors.stdin import stdin_as_file
    from graph.build.builder import build

    with stdin_as_file(args.files, sys.stdin.buffer) as paths:
        rep = build(paths, args.store, args.endpoint, args.layout,
                    progress=lambda xs: _progress(xs, not args.quiet, "build", total=_count_inputs(paths)),
                    analysis=not args.no_analysis, jobs=args.jobs, scheduler=args.scheduler,
                    validate=not args.no_validate, shard_dir=args.shard_dir, standard_overrides=args.standard_overrides,
                    **_urls(args))
    if rep.skipped:
        from extractors.pool import skipped_images_message

        print(skipped_images_message("pikg build", rep.skipped), file=sys.stderr)
    for e in rep.failed:
        print(f"错误：{e}", file=sys.stderr)
    damaged = [problem for problem in rep.problems if problem.is_error]
    for problem in damaged:
        print(problem, file=sys.stderr)
    for w in rep.violations[:50]:
        print(f"警告：{w}", file=sys.stderr)
    if len(rep.violations) > 50:
        print(f"警告：… 另有 {len(rep.violations) - 50} 条 SHACL 检查结果；`pikg validate` 会全部列出", file=sys.stderr)
    where = args.endpoint or (args.store if args.store else "./pikg-store")
    if not args.quiet:
        if len(rep.documents) <= 50:
            for stem, n in rep.documents:
                print(f"  {stem}：{n} 条三元组", file=sys.stderr)
        if rep.analysis is not None:
            print(f"分析：{rep.analysis.text()}", file=sys.stderr)
        print(f"pikg build：已将 {len(rep.documents)}/{len(rep.documents) + len(rep.failed)} 个文件构建进 {where}；"
              f"存储中共有 {rep.total_triples} 条三元组", file=sys.stderr)
    if args.timings:
        phases = "，".join(f"{k} {v:.2f} 秒" for k, v in rep.phases.items())
        workers = "，".join(f"{k} {v:.2f} 秒" for k, v in rep.worker_seconds.items())
        print(f"用时（本进程，墙钟）：{phases}\n用时（各文件在工作进程中累计）：{workers}", file=sys.stderr)
    return EXIT_FAILED if rep.failed or damaged else EXIT_OK


def _count_inputs(files: list[str]) -> int | None:
    from extractors.pool import expand_inputs

    return len(expand_inputs(files))


def cmd_analyze(args: argparse.Namespace) -> int:
    """pikg analyze [--store PATH] — re-run the analyses and replace the analysis graph."""
    from graph.analysis.analyze import analyze
    from graph.build.builder import modify_on_disk
    from graph.store.base import DEFAULT_STORE
    from graph.store.directory import real_store_path
    from graph.store.registry import open_store

    out = {}
    if args.store == "memory":
        out["r"] = analyze(_open(args, read_only=False), standard_overrides=args.standard_overrides)
    elif args.endpoint:
        out["r"] = analyze(open_store(None, args.endpoint, **_urls(args)), standard_overrides=args.standard_overrides)
    else:
        modify_on_disk(real_store_path(args.store or DEFAULT_STORE),
                       lambda st: out.__setitem__("r", analyze(st, standard_overrides=args.standard_overrides)), create=False)
    print(f"pikg analyze：{out['r'].text()}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """pikg export catalogue|uses --format xlsx|csv|jsonld|ttl [-o FILE]"""
    from pathlib import Path

    from graph.output.export import export

    try:
        text = export(_open(args), args.what, args.format, Path(args.output) if args.output else None, args.encoding)
    except ValueError as e:  # a format the export does not offer, or one the file name contradicts
        print(f"pikg export：{e}", file=sys.stderr)
        return EXIT_USAGE
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"pikg export：已写入 {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """pikg report [-o report.html]"""
    from pathlib import Path

    from graph.output.outfile import check_output, write_output
    from graph.output.report import report_html

    out = Path(args.output)
    check_output(out)  # before the work, not after it
    write_output(out, report_html(_open(args)))
    print(f"pikg report：已写入 {out}", file=sys.stderr)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    """pikg query NAME|FILE.rq [--param k=v] [--format table|csv|json]"""
    from graph.query.named import DEFAULT_PAGE_SIZE, count_pages, load_query, named_queries, run_query
    from graph.output.tables import format_result

    if args.list or not args.query:
        for q in named_queries().values():
            ps = ", ".join(f"{p.name}={p.default}" if p.default is not None else f"{p.name}=…" for p in q.params)
            print(f"{q.name:26s} {q.title_zh or q.title}" + (f"  [{ps}]" if ps else "") + ("  （可分页）" if q.page else ""))
        return EXIT_OK if args.list else EXIT_USAGE
    params = {}
    for kv in args.param or []:
        k, sep, v = kv.partition("=")
        if not sep:
            print(f"pikg query：--param 的写法是 名称=值，而不是 {kv!r}", file=sys.stderr)
            return EXIT_USAGE
        params[k.strip()] = v
    q = load_query(args.query)
    out = Path(args.output) if args.output else None
    fmt = args.format or {".csv": "csv", ".json": "json"}.get(out.suffix.lower() if out else "", "table")
    if out is not None:
        from graph.output.outfile import check_output, write_output

        check_output(out)
    if args.page_size is not None and args.page is None:
        print("pikg query：--page-size 须与 --page N 一起使用", file=sys.stderr)
        return EXIT_USAGE
    size = args.page_size or DEFAULT_PAGE_SIZE
    store = _open(args)
    text = format_result(run_query(store, q, params, page=args.page, page_size=size), fmt)
    if args.page is not None:  # where this page stands, on stderr: the output stays the rows alone
        pages = count_pages(store, q, params, args.page, size)
        print(f"pikg query：第 {pages.page} 页，共 {pages.count} 页（每页 {pages.size} 个文件，共 {pages.units} 个文件）",
              file=sys.stderr)
    if out is None:
        sys.stdout.write(text)
    else:
        write_output(out, text, args.encoding if fmt == "csv" else "utf-8")
        print(f"pikg query：已写入 {out}", file=sys.stderr)
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    """pikg lint FILE [--format table|csv|json|xlsx] [-o OUT] — exit 1 when any target is vague."""
    from extractors.stdin import stdin_as_file

    with stdin_as_file([args.file], sys.stdin.buffer) as (path,):
        return _lint(args, Path(path))


def _lint(args: argparse.Namespace, path: Path) -> int:
    from extractors.errors import InputError
    from graph.output.lint import lint, project_lines, read_targets, render

    out = Path(args.output) if args.output and args.output != "-" else None
    fmt = args.format or ({".csv": "csv", ".json": "json", ".xlsx": "xlsx"}.get(out.suffix.lower(), "table") if out else "table")
    if fmt == "xlsx" and out is None:
        print("pikg lint：xlsx 报告需要输出文件（-o FILE.xlsx）", file=sys.stderr)
        return EXIT_USAGE
    if out is not None:
        from graph.output.outfile import check_output

        check_output(out)
    try:
        notices: list[str] = []
        projects: list = []
        results = lint(read_targets(path, notices, projects))
    except InputError as e:
        print(f"pikg lint：{e}", file=sys.stderr)
        return EXIT_USAGE
    for notice in notices:
        print(f"pikg lint：警告：{notice}", file=sys.stderr)
    data = render(results, fmt, projects)
    if fmt != "table":  # the text table lists them; the other formats hold targets only
        for line in project_lines(projects):
            print(f"pikg lint：扫描识别需核对的项目：{line}", file=sys.stderr)
    if out is None:
        sys.stdout.write(data)
    else:
        from graph.output.outfile import write_output

        write_output(out, data, args.encoding if fmt == "csv" else "utf-8")
        print(f"pikg lint：已写入 {out}", file=sys.stderr)
    vague = sum(r.vague for r in results)
    if fmt != "table" or out is not None:
        print(f"pikg lint：共 {len(results)} 个目标，其中 {vague} 个模糊", file=sys.stderr)
    return EXIT_FAILED if vague else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """pikg validate [--store PATH] — SHACL shapes over the whole graph; exit 1 on violations."""
    from graph.validate.validator import validate_store

    rep = validate_store(_open(args), args.engine, args.jobs)
    sys.stdout.write(rep.text(args.limit))
    return EXIT_OK if rep.conforms else EXIT_FAILED


def cmd_serve(args: argparse.Namespace) -> int:
    """pikg serve [--store PATH] [--port N] — an Oxigraph SPARQL server over the store."""
    from graph.serve.app import serve

    return serve(args.store or "pikg-store", args.host, args.port, args.writable, args.timeout_s, args.allow_federated,
                 args.memory, args.decisions)


def cmd_review(args: argparse.Namespace) -> int:
    """pikg review [DOCUMENT|DEPARTMENT] -o 审核意见.docx|.xlsx — the review opinion from the desk's decisions."""
    from graph.output.outfile import check_output, write_output
    from graph.review.decisions import DecisionError, DecisionStore, review_path
    from graph.review.opinion import ReviewError, review_opinion
    from graph.review.opinion_files import opinion_docx, opinion_xlsx
    from graph.store.base import DEFAULT_STORE

    out = Path(args.output)
    writer = {".docx": opinion_docx, ".xlsx": opinion_xlsx}.get(out.suffix.lower())
    if writer is None:
        print(f"pikg review：审核意见写成 .docx 或 .xlsx 文件，不是 {out.name}", file=sys.stderr)
        return EXIT_USAGE
    if args.review_file is None and (args.endpoint or args.store == "memory"):
        print("pikg review：远程或内存中的知识图谱旁没有审核意见文件：请用 --review-file 指定", file=sys.stderr)
        return EXIT_USAGE
    check_output(out)
    decisions = DecisionStore(args.review_file or review_path(args.store or DEFAULT_STORE))
    say = (lambda m: None) if args.quiet else (lambda m: print(f"pikg review：{m}", file=sys.stderr))
    try:
        ops = review_opinion(_open(args), args.which, decisions, say)
    except (ReviewError, DecisionError) as e:
        print(f"pikg review：{e}", file=sys.stderr)
        return EXIT_FAILED
    write_output(out, writer(ops))
    flags = sum(len(p.lines) for op in ops for p in op.projects)
    decided = sum(op.decisions.get("采纳", 0) + op.decisions.get("不采纳", 0) for op in ops)
    say(f"已写入 {out}：{len(ops)} 个文件，{flags} 个标记，其中 {decided} 个已审核")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """pikg's argument parser, a helper per subcommand adding its own."""
    from extractors.readers import LAYOUTS

    ap = argparse.ArgumentParser(
        prog="pikg",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Quick start: pikg build data/corpus/*.txt && pikg query --list && pikg query department-summary\n"
        "Every command takes --help.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    _add_extract(sub, LAYOUTS)
    _add_build(sub, LAYOUTS)
    _add_analyze(sub)
    _add_query(sub)
    _add_export(sub)
    _add_report(sub)
    _add_lint(sub)
    _add_validate(sub)
    _add_serve(sub)
    _add_review(sub)
    return ap


def _add_extract(sub: argparse._SubParsersAction, layouts: Sequence[str]) -> None:
    """The `pikg extract` subcommand's arguments."""
    ex = sub.add_parser(
        "extract",
        help="extract project, goal and indicator records from budget documents as JSON lines",
        description="Extract the 表11 department table and every 表12 project table (long-term and annual "
        "targets, 前年/上年/当年 values, basis) as JSON lines, one record a line, with the source line of "
        "each record (for PDF and Excel also the page, or the sheet and cell). PDFs (with a text layer) and "
        "Excel workbooks (.xlsx, and the .xls of Excel 97–2003) and Word documents (.docx) are read through "
        "their table structure (an Office file is told by its content, so an HTML table saved as .xls or .doc is "
        "read as HTML); text conversions (plain, pdftotext, "
        "tab- or comma-separated, markdown, HTML; pdftotext with or without -layout) by their layout, detected automatically "
        "(a .csv or .tsv file by its name). "
        "Exit status 1 when any file failed; the others are still extracted.",
    )
    ex.add_argument("files", nargs="+", metavar="FILE",
                    help="budget documents: .pdf, .xlsx, .xls, .docx, .csv, or text conversions (UTF-8 or GB18030); a folder stands for the documents in it; - reads standard input")
    ex.add_argument("-j", "--jobs", type=int, metavar="N",
                    help="worker processes for PDFs and workbooks (default: the number of cores)")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here (atomically) instead of standard output (- is standard output)")
    ex.add_argument("--layout", choices=layouts, help="override the detected converter layout")
    ex.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                    help="read scanned pages and images (.png, .jpg, .tif) by OCR: auto, the PDF pages without a text "
                    "layer (default); always, every page; never (needs the extra: pip install -e '.[ocr]')")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, warnings or summary on stderr")
    ex.set_defaults(func=cmd_extract)


def _add_build(sub: argparse._SubParsersAction, layouts: Sequence[str]) -> None:
    """The `pikg build` subcommand's arguments."""
    b = sub.add_parser(
        "build",
        help="extract documents and load them into the knowledge graph store",
        description="Extract documents and load them as RDF: one named graph per document (re-building a "
        "document replaces its graph), plus the ontology, the indicator framework and the indicator catalogue. "
        "The on-disk store is built in a temporary copy and moved into place, so a failed build never "
        "damages an existing store.",
    )
    b.add_argument("files", nargs="+", metavar="FILE", help="budget documents (.pdf, .xlsx, .xls, .docx, .csv or text conversions); a folder stands for the documents in it; - reads standard input")
    b.add_argument("--layout", choices=layouts, help="override the detected layout")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    b.add_argument("--no-analysis", action="store_true", help="load only; do not re-run the analyses (see `pikg analyze`)")
    b.add_argument("--no-validate", action="store_true", help="skip the SHACL check of each document as it is built")
    b.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="worker processes that extract, convert and check documents (default: the cores for PDFs, "
                   "workbooks or more than 8 files)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="a Dask scheduler (tcp://host:8786): the cluster's workers make the documents' shards "
                   "and this process bulk-loads them; workers must see the input files at the same paths")
    b.add_argument("--shard-dir", metavar="DIR",
                   help="write each document's N-Quads shard here (with --scheduler: shared storage the workers write)")
    b.add_argument("--timings", action="store_true", help="print the time of each phase (extract, load, prune, analyze, optimize)")
    b.add_argument("--standard-overrides", metavar="FILE.csv",
                    help="a bureau's corrections of the standard indicators: csv with columns name, 标准指标 "
                    "(a standard indicator's name, or 不合并 to keep the name apart); shown in the catalogue")
    _store_args(b, memory_from=False)
    b.set_defaults(func=cmd_build)


def _add_analyze(sub: argparse._SubParsersAction) -> None:
    """The `pikg analyze` subcommand's arguments."""
    an = sub.add_parser(
        "analyze",
        help="re-run the analyses (vagueness, reuse, lineage, consistency) over the whole store",
        description="Classify every target and baseline for vagueness (with reasons), count indicator reuse, "
        "link near-duplicate indicators (skos:closeMatch) into clusters, find copied indicator sets, link the same "
        "project and department across years, and check annual vs long-term targets, cost indicators vs budgets, "
        "lowered and flat targets. Results replace the store's analysis graph. `pikg build` runs this itself.",
    )
    an.add_argument("--standard-overrides", metavar="FILE.csv",
                    help="a bureau's corrections of the standard indicators: csv with columns name, 标准指标 "
                    "(a standard indicator's name, or 不合并 to keep the name apart); shown in the catalogue")
    _store_args(an)
    an.set_defaults(func=cmd_analyze)


def _add_query(sub: argparse._SubParsersAction) -> None:
    """The `pikg query` subcommand's arguments."""
    q = sub.add_parser(
        "query",
        help="run a named SPARQL query (queries/*.rq) or a .rq file",
        description="Run a named query or a .rq file against the store; `pikg query --list` shows the named "
        "queries and their parameters. Parameters are bound as RDF terms (one VALUES row, each term escaped), "
        "so a value can never become query syntax.",
    )
    q.add_argument("query", nargs="?", metavar="NAME|FILE.rq")
    q.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="a query parameter (repeatable)")
    q.add_argument("--format", "-f", choices=["table", "csv", "json"],
                   help="table (default), csv or json; with -o, from its suffix (.csv, .json)")
    q.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    q.add_argument("--encoding", default="utf-8-sig",
                   help="text encoding of a csv file written with -o (default utf-8-sig: UTF-8 with a BOM, which Excel "
                   "on a Chinese Windows machine opens correctly)")
    q.add_argument("--page", type=int, metavar="N",
                   help="only page N (from 1) of a long listing, a run of documents in the listing's order; the "
                   "pages one after the other are the whole answer. The listings marked （可分页） in --list page")
    q.add_argument("--page-size", type=int, metavar="DOCS",
                   help="documents per page with --page (default 100)")
    q.add_argument("--list", action="store_true", help="list the named queries")
    _store_args(q)
    q.set_defaults(func=cmd_query)


def _add_export(sub: argparse._SubParsersAction) -> None:
    """The `pikg export` subcommand's arguments."""
    e = sub.add_parser(
        "export",
        help="export the indicator catalogue (指标库) or the row-level uses table",
        description="catalogue: one row per canonical indicator (name, printed variants, near-duplicates, 一级/二级, "
        "uses, projects, departments, years, typical targets and units, basis counts, share of vague targets). "
        "uses: one row per indicator row of every document. xlsx has a frozen bold header, filters and fitted columns.",
    )
    e.add_argument("what", choices=["catalogue", "uses"])
    e.add_argument("--format", "-f", choices=["xlsx", "csv", "jsonld", "ttl"], help="default: from -o's suffix, else csv")
    e.add_argument("-o", "--output", metavar="FILE", help="write here (xlsx needs a file); standard output otherwise")
    e.add_argument("--encoding", default="utf-8-sig",
                   help="text encoding of a csv file (default utf-8-sig: UTF-8 with a BOM, which Excel on a Chinese "
                   "Windows machine opens correctly; gb18030 for older tools)")
    _store_args(e)
    e.set_defaults(func=cmd_export)


def _add_report(sub: argparse._SubParsersAction) -> None:
    """The `pikg report` subcommand's arguments."""
    rp = sub.add_parser(
        "report",
        help="write one static HTML page with the key figures and tables",
        description="Vagueness by department and reason, the worst projects, the project–indicator network, "
        "reused and near-duplicate indicators, copied indicator sets, consistency findings, targets over three "
        "years and a target tree, as one self-contained HTML file.",
    )
    rp.add_argument("-o", "--output", default="report.html", metavar="FILE", help="default report.html")
    _store_args(rp)
    rp.set_defaults(func=cmd_report)


def _add_lint(sub: argparse._SubParsersAction) -> None:
    """The `pikg lint` subcommand's arguments."""
    li = sub.add_parser(
        "lint",
        help="check targets for vagueness before submission: each target's verdict, reasons and advice",
        description="Judge every target of FILE by the rules of docs/vagueness.md (could a reviewer decide at year "
        "end, objectively, whether it was met?) and print each with its verdict, its reasons and a line of advice "
        "in Chinese, then a summary per project. FILE is a budget document (any format `pikg extract` reads) or a "
        "table of targets (csv/tsv/xlsx whose first row names the columns 一级指标, 二级指标, 三级指标, 指标值, "
        "optionally 项目, 前年, 上年, 指标值确定依据; English names level1, level2, name, target … work too). "
        "Exit status 1 when any target is vague (for a submission check), 0 when all are checkable, 2 on bad input.",
    )
    li.add_argument("file", metavar="FILE", help="a budget document or a table of targets; - reads standard input")
    li.add_argument("--format", "-f", choices=["table", "csv", "json", "xlsx"], help="default: from -o's suffix, else table")
    li.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output (xlsx needs a file)")
    li.add_argument("--encoding", default="utf-8-sig", help="text encoding of a csv file written with -o (default: UTF-8 with BOM)")
    li.set_defaults(func=cmd_lint)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    """The `pikg validate` subcommand's arguments."""
    v = sub.add_parser(
        "validate",
        help="check the graph against the SHACL shapes (ontology/shapes.ttl)",
        description="Validate the whole graph against ontology/shapes.ttl and print a readable report (each "
        "violation with its document and line). Exit status 1 when there are violations. The default engine "
        "compiles the shapes to SPARQL that the store answers itself (seconds for millions of triples); "
        "--engine pyshacl loads the graph into rdflib and runs pyshacl (about 90 s per million triples).",
    )
    v.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="sparql: shapes compiled to SPARQL, run by the store (default); pyshacl: the reference engine")
    v.add_argument("--jobs", "-j", type=int, metavar="N", help="processes answering the checks of an on-disk store (default: the cores)")
    v.add_argument("--limit", type=int, default=50, help="violations to list in full (default 50)")
    _store_args(v)
    v.set_defaults(func=cmd_validate)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    """The `pikg serve` subcommand's arguments."""
    sv = sub.add_parser(
        "serve",
        help="serve the store over HTTP: pikg's query page, the reviewer's desk and a SPARQL endpoint",
        description="Serve the store: pikg's query page at / (prefixes, the named queries one click each, results "
        "with Chinese headers), the reviewer's desk (审核台) at /review (each flagged target beside its source, "
        "decisions with --decisions) and the SPARQL endpoint /query, answered by Oxigraph's server (the `oxigraph` "
        "command of the PyPI package oxigraph) running behind it. Read-only unless --writable; federated "
        "queries refused unless --allow-federated; every query has a time limit. When `pikg build` replaces "
        "the store, the next request is answered from the new store. A program runs a named query with POST "
        "/api/run {\"name\": …, \"params\": {…}} and gets SPARQL JSON, or TSV/CSV when its Accept header asks "
        "(text/tab-separated-values, text/csv); `pikg query NAME --endpoint http://HOST:PORT/query` runs one "
        "from the command line.",
    )
    sv.add_argument("--store", metavar="PATH", help="the Oxigraph store directory (default ./pikg-store)")
    sv.add_argument("--port", type=int, default=7878)
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sv.add_argument("--writable", action="store_true", help="accept SPARQL updates and Graph Store writes")
    sv.add_argument("--timeout-s", type=int, default=60, metavar="S",
                    help="stop a query after S seconds (default 60): an abandoned query must not keep the cores busy")
    sv.add_argument("--allow-federated", action="store_true",
                    help="allow SPARQL SERVICE clauses (refused by default: the server would fetch any URL a client names)")
    sv.add_argument("--memory", action="store_true",
                    help="also hold a copy of the store in memory and answer the queries from it once it is made "
                    "(in the background; until then from the store on disk): the named queries answer 2-4x faster "
                    "on a large store, at about 330 bytes of memory a triple (5 GB for 16M triples). Read-only")
    sv.add_argument("--decisions", action="store_true",
                    help="let the reviewer's desk (/review) record decisions (采纳/不采纳 with a comment) in the review "
                    "file beside the store (STORE.review.sqlite); without it the desk is read-only. Not --writable: "
                    "the graph itself stays read-only")
    sv.set_defaults(func=cmd_serve)


def _add_review(sub: argparse._SubParsersAction) -> None:
    """The `pikg review` subcommand's arguments."""
    rv = sub.add_parser(
        "review",
        help="write the review opinion (审核意见) from the reviewer's desk as .docx or .xlsx",
        description="The opinion a finance bureau sends back: a summary per document (targets, share of vague "
        "targets, findings by severity, decisions), then per project the flagged rows with their reason, advice, "
        "the reviewer's decision (采纳/不采纳) and comment, recorded on the desk (`pikg serve --decisions`, /review). "
        "Decisions that match no row after a rebuild are listed at the end. DOCUMENT is a file stem, DEPARTMENT a "
        "department's name (all its years); without it, every document of the store.",
    )
    rv.add_argument("which", nargs="?", metavar="DOCUMENT|DEPARTMENT")
    rv.add_argument("-o", "--output", required=True, metavar="审核意见.docx|.xlsx", help="the file to write (.docx or .xlsx)")
    rv.add_argument("--review-file", metavar="FILE.sqlite",
                    help="the decisions (default: STORE.review.sqlite beside the store, where the desk writes them)")
    rv.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    _store_args(rv)
    rv.set_defaults(func=cmd_review)


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors that are the user's to fix (a store that is not there, a wrong query parameter)."""
    from graph.output.outfile import OutputError
    from graph.query.named import QueryError
    from graph.store.base import StoreError

    return (StoreError, QueryError, OutputError)


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except _user_errors() as e:  # a store or query the user named is wrong: say so in one line
        print(f"pikg {args.command}：{e}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # `pikg … | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:  # a full disk, a read-only mount, a folder one may not write: one line, no traceback
        from extractors.errors import os_error_text

        print(f"pikg {args.command}：{os_error_text(e)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
