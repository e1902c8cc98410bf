"""The project's Markdown docs on the Evaluation page: a file, then one of its sections, with its links made plain."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import streamlit as st

from ..settings import PROJECT_ROOT
from . import wording

# The reference documents first, then the sessions' logs (docs/sessions/session-NN.md), newest first.
REFERENCE_DOCS = ((wording.EVAL_DOC_METRICS, PROJECT_ROOT / "docs" / "evaluation.md"),
                  (wording.EVAL_DOC_QUESTION_SET, PROJECT_ROOT / "eval" / "README.md"))
SESSION_LOGS = PROJECT_ROOT / "docs" / "sessions"
SESSION_LOG = re.compile(r"session-(\d+)\.md")
FILE_KEY = "doc-file"
# A Markdown link or image, [text](target "title"): its text, its target, and whether it is an image.
LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)*?\1")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, ...


def doc_files() -> list[tuple[str, Path]]:
    """(label, path) of every document the page offers: the reference ones, then the session logs, newest first.
    A session log's label is its own "# " title (its first line), read without reading the rest."""
    logs = sorted((p for p in SESSION_LOGS.glob("session-*.md") if SESSION_LOG.fullmatch(p.name)),
                  key=lambda p: int(SESSION_LOG.fullmatch(p.name).group(1)), reverse=True)
    files = list(REFERENCE_DOCS)
    for path in logs:
        try:
            with path.open(encoding="utf-8") as handle:
                title = handle.readline().lstrip("#").strip()
        except (OSError, UnicodeDecodeError):
            title = ""
        files.append((wording.EVAL_DOC_SESSION_LOG.format(title=title) if title else path.stem, path))
    return files


def doc_sections(text: str) -> dict[str, str]:
    """A Markdown document cut at its "## " headings (not inside fenced code): {heading: its text}, in order; the
    text before the first heading is filed under the document's "# " title (or wording.EVAL_DOC_START)."""
    sections: dict[str, list[str]] = {}
    heading, fenced = None, False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            heading = line[3:].strip()
            while heading in sections:  # two sections of one name stay apart
                heading += " "
        elif heading is None and not fenced and line.startswith("# ") and not sections:
            heading = line[2:].strip()
        sections.setdefault(heading or wording.EVAL_DOC_START, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items() if "\n".join(lines).strip()}


def _project_path(target: str, document: Path) -> str:
    """A relative link's target as a path from the project's root (its anchor dropped), e.g. "eval/README.md"."""
    path = target.strip("<>").split("#", 1)[0]
    if not path:
        return ""
    try:
        folder = document.parent.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        folder = ""
    resolved = posixpath.normpath(posixpath.join(folder, path))
    return posixpath.basename(path.rstrip("/")) if resolved.startswith("..") else resolved


def _plain(match: re.Match, document: Path) -> str:
    target = match["target"].strip("<>")
    if EXTERNAL.match(target) and not match["image"]:
        return match[0]  # a web address works from the page as it does on GitHub
    text, path = match["text"].strip(), _project_path(target, document)
    if match["image"]:
        return wording.EVAL_DOC_IMAGE.format(text=text, path=path or target)
    if not path or text.strip("`/") in (path.rstrip("/"), posixpath.basename(path.rstrip("/"))):
        return f"`{path}`" if path else text  # a link to a place in this document, or one named by its file
    return f"{text} (`{path}`)"


def plain_links(markdown: str, document: Path) -> str:
    """`markdown` (a part of `document`) with its relative links and images made plain text that names the file:
    drawn on the Evaluation page, "[session-04.md](sessions/session-04.md)" led to /evaluation/sessions/... (a page
    that does not exist). "[text](../eval/README.md#groups)" becomes "text (`eval/README.md`)", a link to an anchor
    its text. Web addresses stay links; code (fenced or in backticks) is left as it is."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or "](" not in line:
            out.append(line)
            continue
        pieces, last = [], 0
        for code in CODE_SPAN.finditer(line):
            pieces.append(LINK.sub(lambda m: _plain(m, document), line[last:code.start()]))
            pieces.append(code[0])
            last = code.end()
        pieces.append(LINK.sub(lambda m: _plain(m, document), line[last:]))
        out.append("".join(pieces))
    return "\n".join(out)


def render() -> None:
    """A picker of the documents, then one of the chosen document's sections, drawn on request: both reference
    documents in full (over 600 KB of Markdown, in collapsed expanders) were laid out by the browser on every visit,
    and the page's controls showed as grey boxes until that was done (audit A14). Only the chosen file is read."""
    st.header(wording.EVAL_DOCS, anchor="documentation")
    files = doc_files()
    labels = {str(path.relative_to(PROJECT_ROOT)): title for title, path in files}
    paths = {str(path.relative_to(PROJECT_ROOT)): path for _, path in files}
    name = st.selectbox(wording.EVAL_DOC_FILE, list(paths), key=FILE_KEY,
                        format_func=lambda name: f"{name} \u2014 {labels[name]}")  # the file first: a phone cuts the end
    if name is None:
        return
    path = paths[name]
    try:
        sections = doc_sections(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        st.caption(wording.EVAL_UNREADABLE_DOC.format(path=name, problem=exc))
        return
    chosen = st.selectbox(wording.EVAL_DOC_SECTION.format(name=name), list(sections), index=None,
                          key=f"doc-{name}", placeholder=wording.EVAL_DOC_PICK.format(count=len(sections)))
    if chosen is not None:
        with st.container(border=True):
            st.markdown(plain_links(sections[chosen], path))
