"""Every prompt and every user-facing sentence of the LLM answerer, as named constants; a TOML file can override them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..answering.wording import WEAK_EVIDENCE

# The one sentence the model must write when the passages do not answer. Also what the verifier and
# the chain recognise as the model's refusal, so keep it a single short sentence: the extractive answerer's refusal
# (answering/wording.WEAK_EVIDENCE), which history.refused recognises an earlier refused turn by.
REFUSAL_SENTENCE = WEAK_EVIDENCE

SYSTEM_PROMPT = """You answer questions about the documents using ONLY the numbered passages given to you.
Rules:
- Write at most {max_sentences} short sentences in plain English.
- End every sentence with the number of the passage that supports it, in square brackets, like [2].
- Use only facts that are written in the passages. Prefer the passages' own words.
- If the passages do not answer the question, write exactly this one sentence and nothing else:
{refusal}"""

USER_PROMPT = """Passages:
{passages}

Conversation so far:
{history}

Question: {question}

Answer (short sentences, each ending with [n]):"""

PASSAGE_TEMPLATE = "[{n}] {label}: {text}"
HISTORY_EMPTY = "(none)"
HISTORY_QUESTION = "User: {question}"
HISTORY_ANSWER = "Assistant: {answer}"

# Notes shown under an answer (chat caption, `ask` output, `--json` "note").
NOTE_NOT_CONFIGURED = ("No language model is configured (set EAEU_QA_LLM_BASE_URL and EAEU_QA_LLM_MODEL, or "
                       "EAEU_QA_OLLAMA_MODEL); this is the extractive answer.")
NOTE_UNREACHABLE = "The language model {endpoint} could not be reached ({reason}); this is the extractive answer."
NOTE_TIMEOUT = "The language model {endpoint} took longer than {seconds:g} s; this is the extractive answer."
NOTE_FAILED = "The language model {endpoint} returned an error ({reason}); this is the extractive answer."
NOTE_UNSUPPORTED = ("None of the language model's sentences was supported by the passage it cited; this is "
                    "the extractive answer.")
NOTE_REMOVED = ("{removed} of the language model's {total} sentences were removed because the passage they "
                "cited does not support them.")
NOTE_REFUSED = "The language model found no answer in the passages."
FALLBACK_MARK = "this is the extractive answer"  # every note above that ends in the extractive answer says this


def is_fallback_note(note: str) -> bool:
    """True for a note saying the extractive answer stands in for the language model's (failure, nothing supported)."""
    return FALLBACK_MARK in (note or "")


@dataclass(frozen=True)
class Prompts:
    """The prompt texts in force: the constants above, or a user's TOML file (same names, lower case)."""

    system: str = SYSTEM_PROMPT
    user: str = USER_PROMPT
    passage: str = PASSAGE_TEMPLATE
    refusal: str = REFUSAL_SENTENCE


def load_prompts(path: Path | None) -> Prompts:
    """The defaults, with any of `system`, `user`, `passage`, `refusal` replaced from a TOML file."""
    prompts = Prompts()
    if path is None:
        return prompts
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"EAEU_QA_LLM_PROMPTS={path}: cannot read the prompt file ({exc})") from exc
    names = {f.name for f in fields(Prompts)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"EAEU_QA_LLM_PROMPTS={path}: unknown keys {unknown}; use {sorted(names)}")
    if not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise ValueError(f"EAEU_QA_LLM_PROMPTS={path}: every value must be a non-empty string")
    return replace(prompts, **data)
