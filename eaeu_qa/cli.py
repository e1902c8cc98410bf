"""The `eaeu-qa` command line: a thin shell over corpus, index, chain and evaluation functions."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from pathlib import Path

from .corpus import CorpusError, fetch_sources, load_manifest, source_status
from .settings import Settings, get_settings

log = logging.getLogger("eaeu_qa.cli")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    from .index import IndexUnavailable

    try:
        settings = get_settings()
        return args.handler(args, settings)
    except (CorpusError, IndexUnavailable, ValueError, OSError) as exc:
        log.error("error: %s", exc)
        return 2
    finally:
        if argv is None:  # run as the `eaeu-qa` program, which exits next (not a caller passing arguments)
            _before_exit()


def _before_exit() -> None:
    """The process ends next: the garbage collector's last pass at shutdown went over every object LangChain,
    pydantic and onnxruntime created (0.25 s of CPU after a one-shot `ask`, docs/benchmarks.md); frozen
    objects are skipped. Python does not promise to finalise objects still alive at exit in any case."""
    import gc

    sys.stdout.flush()
    gc.freeze()


def configure_logging() -> None:
    """Progress and problems go to stderr through logging; stdout carries only the command's result."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    package = logging.getLogger("eaeu_qa")
    if not package.handlers:
        package.addHandler(handler)
        package.setLevel(logging.INFO)
        package.propagate = False
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eaeu-qa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    corpus = commands.add_parser("corpus", help="fetch and check the source documents")
    corpus_cmds = corpus.add_subparsers(dest="corpus_command", required=True)
    corpus_cmds.add_parser("fetch", help="put the treaty sources in the cache (checksum-verified)"
                           ).set_defaults(handler=cmd_corpus_fetch)
    corpus_cmds.add_parser("status", help="list each source with its checksum state and chunk count"
                           ).set_defaults(handler=cmd_corpus_status)

    index = commands.add_parser("index", help="build the Chroma index (if missing or stale)")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is current")
    index.set_defaults(handler=cmd_index)

    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print exactly one JSON object")
    ask.add_argument("-k", type=int, default=None, help="number of passages to retrieve")
    ask.add_argument("--history", type=Path, default=None,
                     help="JSON file: earlier turns, oldest first: question strings, or objects "
                          "{question, answer?, citations?} (turns without an answer are asked again first)")
    ask.add_argument("--answerer", default=None, help="extractive (default) or llm (needs EAEU_QA_LLM_BASE_URL "
                     "or EAEU_QA_OLLAMA_MODEL; see docs/llm.md)")
    ask.add_argument("--stream", action="store_true", help="print the answer's text to stderr as it is produced "
                     "(the LLM's draft token by token), then the verified answer as usual")
    ask.set_defaults(handler=cmd_ask)

    from .evaluation import register_cli

    register_cli(commands)  # `eaeu-qa eval`, defined beside the evaluation it runs
    return parser


def cmd_corpus_fetch(args, settings: Settings) -> int:
    for status in fetch_sources(settings):
        print(f"{status.spec.id:18} {status.state:8} {status.path}")
    return 0


def cmd_corpus_status(args, settings: Settings) -> int:
    """Exit status 0 only when every source is present and intact (1 otherwise, with the fix on stderr)."""
    from .index import current_info

    try:
        info = current_info(settings)
    except Exception as exc:  # e.g. a Chroma server that cannot be reached: the sources are still listed
        log.warning("The index description cannot be read: %s", exc)
        info = None
    counts = info.chunks_per_source if info else {}
    problems = []
    for spec in load_manifest(settings):
        status = source_status(spec, settings)
        print(f"{spec.id:18} {status.state:18} chunks={counts.get(spec.id, '-'):>4}  {spec.licence}\n"
              f"{'':18} {spec.title}")
        if status.state != "ok":
            problems.append(f"{spec.short_title}: {status.state} ({status.path})")
    for problem in problems:
        log.error("error: %s", problem)
    if problems:
        log.error("Run `eaeu-qa corpus fetch` to put the treaty sources in place (shipped files: restore from git).")
    return 1 if problems else 0


def cmd_index(args, settings: Settings) -> int:
    from .index import build_index, index_problem

    fetch_sources(settings)
    from .service import get_service

    problem = index_problem(settings)
    if problem is None and not args.rebuild:
        print(f"Index is current: {settings.index_dir}")
    else:
        print(f"Building the index ({'--rebuild' if args.rebuild else problem}).")
        with _progress_bar("Embedding chunks, sentences and words") as update:
            build_index(settings, progress=update, reuse=not args.rebuild)  # --rebuild: from nothing
    print("Checking that the chain opens (the answerer reads the unit vectors stored in the index).")
    get_service(settings).chain()
    _export_query_encoder(settings)
    return 0


def _export_query_encoder(settings: Settings) -> None:
    """Questions are embedded through an ONNX copy of the model, exported here once per model checksum."""
    from .embeddings import ensure_onnx

    try:
        ensure_onnx(settings.model_name, settings.embedding_cache_dir)
    except Exception as exc:  # questions then use sentence-transformers: slower to start, same vectors
        print(f"warning: could not export the query encoder to ONNX ({type(exc).__name__}: {exc})", file=sys.stderr)


def cmd_ask(args, settings: Settings) -> int:
    from .chain import InvalidQuestion
    from .service import get_service

    from .history import read_history_file

    history = read_history_file(args.history, settings) if args.history else []
    if args.answerer:
        settings = _with_answerer(settings, args.answerer)
    # Whatever a library prints while the index is opened or rebuilt must not mix with the answer.
    with contextlib.redirect_stdout(sys.stderr):
        fetch_sources(settings, log=log.info)
        try:
            if args.stream:
                answer = _ask_streaming(get_service(settings), args, history)
            else:
                answer = get_service(settings).ask(args.question, history=history, k=args.k)
        except InvalidQuestion as exc:
            log.error("error: %s", exc)
            return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer))
    return 0


def _ask_streaming(service, args, history):
    """The service's stream: text pieces to stderr as they arrive (a draft, not yet verified), then the Answer."""
    answer = None
    for piece in service.stream(args.question, history=history, k=args.k):
        if isinstance(piece, str):
            sys.__stderr__.write(piece)
            sys.__stderr__.flush()
        else:
            answer = piece
    sys.__stderr__.write("\n\n")
    return answer


def _with_answerer(settings: Settings, name: str) -> Settings:
    from dataclasses import replace

    from .answering.registry import known_answerer

    return replace(settings, answerer=known_answerer(name))


def format_answer(answer) -> str:
    """Plain-text rendering: the answer, then each numbered source with its locator and exact quote."""
    from .answering.render import plain_text
    from .textrepair import fold_whitespace

    lines = []
    if answer.standalone_question != answer.question:
        lines += [f"Understood as: {plain_text(answer.standalone_question)}", ""]
    lines += [answer.answer or "(no answer composed)", ""]
    if answer.note and answer.note.strip() not in answer.answer:
        lines += [f"Note: {answer.note}", ""]
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.locator} \u2014 {c.title}")
            lines.append(f"    \u201c{fold_whitespace(c.quote)}\u201d")
            lines.append(f"    (characters {c.start}\u2013{c.end} of the source text)")
            if c.licence and c.source_id != "article":
                lines.append(f"    {c.attribution}")
    return "\n".join(lines).rstrip() + "\n"


class _progress_bar:
    """tqdm bar fed by (done, total) callbacks."""

    def __init__(self, description: str):
        self.description = description
        self.bar = None

    def __enter__(self):
        return self.update

    def update(self, done: int, total: int) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.description, unit="text", file=sys.stderr)
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False


if __name__ == "__main__":
    sys.exit(main())
