"""Settings: every path, model and tuning knob in one object, overridable by EAEU_QA_* variables."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from .followup_settings import FollowUpSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "EAEU_QA_"


def _default_sources_mirror() -> Path | None:
    """The shared corpus folder beside the checkout, when it exists (CI and developer machines)."""
    candidate = PROJECT_ROOT.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


@dataclass(frozen=True)
class Settings(FollowUpSettings):
    """Every setting: the follow-ups' (FollowUpSettings, eaeu_qa/followup_settings.py) and the rest below."""

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    manifest_file: Path = PROJECT_ROOT / "corpus" / "sources.toml"
    cache_dir: Path = PROJECT_ROOT / ".cache" / "sources"
    index_dir: Path = PROJECT_ROOT / "index"
    data_dir: Path = PROJECT_ROOT / "data"
    # The evaluation reports: `eaeu-qa eval` writes a folder per run under it by default (reports_dir/latest links to
    # the newest) and the Evaluation page's history reads every report.json below it (runlog.read).
    reports_dir: Path = PROJECT_ROOT / "eval" / "runs"
    # Local mirror of the non-shipped sources (ToTA XML); None means: fetch from the pinned URL.
    sources: Path | None = field(default_factory=_default_sources_mirror)
    model_name: str = "all-MiniLM-L6-v2"
    # The exported ONNX model and the per-text vector cache (content-addressed: safe to share).
    embedding_cache_dir: Path = PROJECT_ROOT / ".cache" / "embeddings"
    embedding_engine: str = "onnx"  # or "torch" (sentence-transformers); both give the same vectors
    # A Chroma server for the index, uploads and baseline ("" = embedded stores in index_dir and data_dir)
    chroma_host: str = ""
    chroma_port: int = 8000
    # Retrieval
    k: int = 4
    retrieve_k: int = 8
    fetch_k: int = 30
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    unit_weight: float = 0.25  # RRF weight of the multi-vector (sentence) ranking; fitted by scripts/calibrate.py
    part_weight: float = 1.0  # RRF weight of each part's ranking of a multi-part question (0 = off); fitted likewise
    # A question word the corpus never uses adds its nearest corpus word (word vectors) to the keyword query when
    # their cosine reaches this (0 = off); fitted likewise (vocabulary.WordNeighbours)
    neighbour_cosine: float = 0.5
    # A short form the documents define in brackets ("Eurasian Economic Union (hereinafter - the EAEU)") adds its long
    # form to the keyword query, and a long form its short forms (eaeu_qa/abbreviations.py; False = off)
    abbreviation_expansion: bool = True
    # Share of the question's vector taken from the question with its short forms spelled out ("the EAEU" -> "the
    # Eurasian Economic Union (EAEU)"; Abbreviations.expanded; needs abbreviation_expansion): the vector is the
    # normalised mix (0 = as written, 1 = spelled out only); scripts/abbreviation_fit.py --dense
    abbreviation_dense: float = 0.0
    # RRF weight of the learnt document-family preference (eaeu_qa/source_prior.py; 0 = off); fitted by
    # scripts/retrieval_fit.py --fit on tuning data only
    source_prior_weight: float = 0.25
    # Share of the dense fusion weight given to the rankings of the question's vector moved by the learnt query adapter
    # (eaeu_qa/query_adapter.py; 0 = off, 1 = the moved vector only); fitted by scripts/adapter_fit.py
    query_adapter_share: float = 1.0
    # How many of the fused candidates (after the named articles) the learnt reranker reorders (eaeu_qa/rerank.py;
    # 0 = off); fitted by scripts/rerank_fit.py on tuning data only
    rerank_depth: int = 20
    # The first this many of each dense ranking (the adapter's chunk and unit rankings) join the reranker's candidates
    # when fusion placed them below rerank_depth (0 = off; scripts/rerank_fit.py --set rerank_dense_lift=N measures it)
    rerank_dense_lift: int = 0
    # A named article (no paragraph) lifts only its best chunk when a candidate outside it matches the question better
    # by more than this cosine (retrieval._route_yields; 2 = off: a cosine gap never exceeds 2); fitted by
    # scripts/route_fit.py on tuning data only
    route_yield_margin: float = 2.0
    # references.article_pairs keeps the (treaty, article) pairs of at most pairs_kept chunk lists (the retriever's,
    # the answerer's, an upload's); a memory bound, no effect on any answer.
    pairs_kept: int = 4
    # Above hnsw_exact_limit vectors a collection is searched through an HNSW graph instead of exactly
    # (vector_search.is_large): an exact scan costs time in proportion to the collection (at 53,500 vectors ~10 ms a
    # question, 8-16x the corpus's whole fused search), HNSW does not. The corpus's own collections (hundreds to a few
    # thousand vectors) stay exact and repeatable; a collection this large trades that for speed (docs/benchmarks.md,
    # 100x). Hand-set. The graph is faiss's, of these parameters (Chroma's defaults for a collection: max_neighbors,
    # ef_construction, ef_search; docs/benchmarks.md), kept on disk under embedding_cache_dir/hnsw, the hnsw_cache_keep
    # most recently used graphs (one per large collection; a graph's file is marked used when a store takes it and at
    # most every hnsw_touch_seconds while it is searched). hnsw_ef_search applies to each search: no rebuild needed.
    hnsw_exact_limit: int = 20_000
    hnsw_neighbours: int = 16
    hnsw_ef_construction: int = 100
    hnsw_ef_search: int = 100
    hnsw_cache_keep: int = 4
    hnsw_touch_seconds: float = 60.0
    # Answering
    answerer: str = "extractive"
    max_answer_sentences: int = 4  # units an extractive answer quotes; fitted by scripts/calibrate.py
    answer_passages: int = 8  # the extractive answer's units are drawn from this many top passages
    # "What does Article N say?" (a whole article, no topic): the opening sentence of each of its first this many
    # paragraphs, in the treaty's order (answering/overview.py); hand-set: what a reader takes in at a glance
    overview_paragraphs: int = 6
    evidence_passages: int = 6  # answerability reads the evidence of this many top passages
    # The evidence's asked-for answer type is looked for in this many most relevant units (answering/evidence.py's
    # type_found). Set by hand
    type_units: int = 3
    # retrieval_agreement (answering/evidence.py): the share of the dense ranking's first agreement_depth passages that
    # are also among the keyword ranking's first agreement_depth (2, 3, 4, 5 and the average overlap at 3 to 6
    # measured; docs/evaluation.md, Answers, seventh session)
    agreement_depth: int = 3
    # A question with less than this share of Latin letters is not in the corpus's language (answering/answerability
    # .not_english: refused as such). Set by hand
    min_latin_share: float = 0.5
    # A Latin-script question with less than this share of English words (answering/language.py: a general English
    # word list and the corpus's words) and at least foreign_words_least other words is not in the corpus's language
    # either. Fitted by scripts/language_fit.py: the lowest share over every tuning question (history turns too)
    # less a margin of 0.15 fixed in advance, rounded down to a multiple of 0.05
    min_english_share: float = 0.6
    # ... and this many words that are not English (a lone loan word, "propiska?", is never a language). Set by hand
    foreign_words_least: int = 2
    # A word of at least this many letters one edit away from an English or corpus word is read as its typo
    # (answering/language.foreign_words; shorter words have too many neighbours). Set by hand
    typo_least_letters: int = 4
    # A word shorter than this that is English only by the general word list (neither the corpus's nor an English
    # function word: "und", "ist", "den", "les") counts neither way in the English share (answering/language
    # .listed_only): the list holds many short words of other languages. Set by hand (the same length as the typos')
    list_least_letters: int = 4
    # A turn of at most this many words without a question mark asks nothing ("thanks!", "ok, great"): refused as
    # off-topic, it gets wording.ACKNOWLEDGED (answerability.asks_nothing). Set by hand
    acknowledgement_words: int = 3
    # A second unit of a paragraph already quoted joins when its relevance reaches this share of the best unit's
    # (answering/compose.py; negative = never); fitted by scripts/calibrate.py on the tuning data
    second_unit_share: float = 0.3
    # The answer stops before a unit whose marginal relevance (MMR score: relevance relative to the best unit's less its
    # word overlap with the quoted units) is below this (compose._diverse; -1 = never early). Fitted with
    # second_unit_share by the flat-optimum rule within a recall budget that binds on tuning and on the sets outside the
    # unit model's data (scripts/composition_fit.py; the ninth session's final refit chose 0.3 / 0.01 again:
    # docs/evaluation.md, Answers (ninth session))
    least_marginal: float = 0.01
    # A unit of a treaty's frame (preamble, signature block, final provisions: answering/frame.py) that holds nothing the
    # question asks about is quoted only when its relevance reaches this share of the best candidate's
    # (answering/arrange.quotable; 0 = always, 1 = only as the best). Fitted by scripts/composition.py --fit-frame
    frame_share: float = 0.1
    # A unit the fitted unit model gives at least this probability of holding the answer answers the question: the
    # refusal's closest passage (answering/extractive._refuse), the leading quote after which answered_share applies
    # (compose.answers) and the corpus quotes beside a user's upload (arrange.about_upload). Set by hand (a probability)
    answering_relevance: float = 0.5
    # A refusal shows the closest passage (answering/extractive._refuse) only when its cosine to the question reaches
    # this. Set by hand (since the first extractive answerer)
    nearby_similarity: float = 0.45
    # A question none of whose candidate units (the top Settings.answer_passages passages') comes closer than this cosine
    # is outside what the documents are about ("How do I bake bread?") and is refused plainly, before the evidence model
    # (answerability.off_topic; 0 = off). Fitted by scripts/offtopic_fit.py on the answerable tuning turns only (history
    # turns too since the seventeenth session): their lowest best cosine minus a margin of 0.05, fixed before any look
    # (docs/sessions/session-16.md, offtopic)
    off_topic_similarity: float = 0.155
    # ... and a question outside a conversation with no passage related enough to show (under nearby_similarity) is
    # outside them too when its vector comes no nearer than this cosine to the questions the documents answer (the
    # centroids of answering/domain_model.json: "Who won the 2026 football world cup?" shares "world" with the treaty's
    # passages but no tuning question's topic; 0 = off). Fitted by scripts/offtopic_fit.py: the lowest value over the answerable
    # tuning questions outside a conversation, each scored by centroids fitted without its set, minus a margin of
    # 0.05 fixed in advance (docs/sessions/session-17.md, answers)
    off_topic_domain: float = 0.319
    # ... the domain level for a turn of a conversation judged on its own words (answerability.judged_text: one that does
    # not point back): the lowest domain similarity of the answerable tuning follow-ups' such turns (tuning.FOLLOWUP_SETS,
    # history turns included) under nearby_similarity, minus the same 0.05 (scripts/offtopic_turns.py --fit)
    off_topic_chat_domain: float = 0.118
    # ... such a turn is held to off_topic_domain instead when it also comes no nearer than this cosine to the previous
    # turn and its answer (domain.conversation_similarity: "ok. how do i convert a pdf to word for free" after an answer
    # about Article 97; 0 = off). Fitted by scripts/offtopic_refit.py --conversation: the lowest such similarity of the
    # answerable tuning turns judged on their own words in a conversation whose decision it governs (domain under
    # off_topic_domain + 0.05, similarity under nearby_similarity + 0.05), minus the same 0.05
    off_topic_conversation: float = 0.099
    # The gate never refuses a text at least this share of whose informative words the corpus writes (IDF-weighted:
    # domain.corpus_share; "What is CHI?" 1.0; 0 = off). Fitted by scripts/offtopic_refit.py --lexical: the smallest
    # multiple of 0.05 at least 0.05 above the highest share among the off-topic tuning items the gate refuses
    off_topic_lexical: float = 0.7
    # A conversation's turn judged on its own words, none of them pointing back, is held to off_topic_domain, not
    # off_topic_chat_domain, when the corpus writes under this share of them (domain.corpus_share: "Who won the world
    # cup?" mid-chat; 0 = off). Fitted by scripts/offtopic_lexical_fit.py: the lowest share of the answerable tuning
    # turns it governs, minus 0.05
    off_topic_chat_lexical: float = 0.417
    # A first turn (not in a conversation) the corpus writes under this share of (domain.corpus_share) is held to
    # off_topic_first_lexical_domain instead of off_topic_domain, whatever its passage similarity ("Tell me a joke about
    # lawyers": share 0, domain 0.368; either 0 = off). Fitted by scripts/offtopic_first_lexical_fit.py: the domain
    # level is the lowest (leave-one-set-out centroids) of the answerable tuning first turns under this share + 0.05,
    # minus 0.05; this share the one refusing most off-topic tuning items, held out by off-topic set
    off_topic_first_lexical: float = 0.15
    off_topic_first_lexical_domain: float = 0.477
    # ... and a first turn under off_topic_first_lexical_domain carrying place names (names_apart.place_names: "Bishkek",
    # "Russia") is held to the same condition on its words apart from them (names_apart.asked_apart): refused when the
    # corpus writes under this share of its other words and its text without the names comes no nearer than the domain
    # level to the documents' questions ("who won the football match Russia vs Armenia"; either 0 = off). Fitted by
    # scripts/offtopic_names_fit.py (--names places --centroids shipped): the domain level as for
    # off_topic_first_lexical_domain, the share held out by off-topic set
    off_topic_names_lexical: float = 0.05
    off_topic_names_domain: float = 0.351
    # When the leading quote answers fully (compose.answers: the unit model's relevance at least
    # answering_relevance and, for a question asking for a date, place, quantity or person, that type near the
    # question's words), a further quote needs at least this share of its relevance (compose._floor; 0 = no floor).
    # Fitted by scripts/composition.py --fit-answered (no fall in gold cited or key facts allowed)
    answered_share: float = 0.01
    # A question whose own turn asks one corpus document ("and how does the article describe the same rule?") while the
    # answer quotes only others gets that document's unit most like the leading quote (cosine of their stored unit
    # vectors) first when the cosine reaches this (answering/asked.restatement); else the absent-document note.
    # Set by hand between the two cases seen: the analysis's restatement of Art. 98(3) at 0.67, the accession treaty's
    # closest unit to it at 0.37 (docs/sessions/session-15.md, compose)
    restated_similarity: float = 0.5
    # A name of the question and a word of a treaty's signature block are the same name when they share this many first
    # letters (or the whole of a shorter one): "Kyrgyzstan" is the block's "Kyrgyz Republic", "Russia" its "Russian
    # Federation" (answering/frame.py). Shorter names than name_least_letters ("EU", "UN") are no State's name there.
    # Set by hand (the corpus's party names share 6 letters with their countries' short names).
    name_prefix: int = 6
    name_least_letters: int = 3
    # A question word is a plural the scenario paragraphs name in the singular only when it has at least this many
    # letters (answering/outcome.asks_several: "outcomes" -> "outcome"; shorter -s words are "is", "was", "has", "its").
    # Set by hand.
    plural_least_letters: int = 5
    # Two paragraphs are consecutive (the first's chunk ends where the second's starts) when at most this many characters
    # (the white space and line breaks between them) lie between their chunks (answering/paragraphs.precedes: a quote
    # pointing back to the paragraph right before it is not dangling when that paragraph is quoted). Set by hand
    paragraph_gap_chars: int = 3
    # A quote that holds the asked-for answer type leads in place of one that holds none when its relevance reaches this
    # share of the leading quote's (answering/compose.lead_with_type); fitted by scripts/quotes.py --fit on the tuning
    # sets
    type_lead_share: float = 0.3
    # A question naming two or more documents gets a quote of each named document none of whose units is quoted, its
    # most relevant candidate when that reaches this share of the best candidate's relevance (answering/arrange
    # .cover_documents; 0 = whatever its relevance, negative = never). Fitted by scripts/document_cover_fit.py (leave
    # one set out over the tuning sets: 0 on every set; docs/sessions/session-21.md, compose)
    document_cover_share: float = 0.0
    # A token of the asked-for answer type within type_near_words words of a question word scores that word's weight,
    # at least type_far_credit; one elsewhere in the text type_far_credit (answering/answertype.type_support); a quote
    # holds the type near the question's words when its type_match is above type_far_credit (compose.answers,
    # leads.lead_with_type). Set by hand
    type_far_credit: float = 0.5
    type_near_words: int = 12
    # The composition's maximal marginal relevance: relevance against novelty (answering/compose._diverse; LangChain's
    # maximal_marginal_relevance uses 0.5 on vectors), and the content-word Jaccard above which a unit repeats a chosen
    # one. Set by hand
    mmr_lambda: float = 0.7
    redundant_overlap: float = 0.6
    # A further unit needs this share of the best unit's relevance when the unit model file holds no follow_share
    # (compose.UnitModel; the shipped file's own value, fitted by scripts/calibrate.py, is used otherwise)
    follow_share: float = 0.6
    # A question about an annex the corpus lacks is refused as such (answering/answerability.py's annex rule) unless the
    # evidence holds what it asks: an evidence unit that does not itself refer to the annex holds at least this share
    # of its informative words (answerability.annex_coverage); then the evidence model decides. Set by hand above
    # every annex question of the tuning data (all unanswerable; their best share is printed by scripts/calibrate.py)
    annex_answer_coverage: float = 0.75
    # ... read in this many of the evidence's most relevant units (answerability.annex_coverage). Set by hand
    annex_units: int = 3
    # A corpus word names an instrument when it stands within this many words of a document noun ("international
    # treaties", "legislation of the member State"; answering/instruments.instrument_words; 3 to 6 measured:
    # docs/evaluation.md, Answers, ninth session)
    instrument_window: int = 4
    # A year or an owner dates or names a document noun when it stands at most this many words before it ("the 2014
    # founding treaty", "Kyrgyzstan's accession treaty"; answering/instruments._years/_owners). Set by hand.
    instrument_phrase_words: int = 3
    # A question's instrument is the corpus's own when its modifier is this close (word-vector cosine) to a word of
    # what one of the corpus's instruments says it does: the name of its first article beyond its title's words
    # (EAEU Treaty Art. 1 "Establishment of the Eurasian Economic Union": "the founding treaty", 0.56). Set between
    # the outside instruments' modifiers (at most 0.37, "CIS") and "founding" on the tuning rows (docs/sessions/
    # session-14.md, Answers)
    instrument_object_similarity: float = 0.45
    # Question words outside the index's word table, once encoded, are kept in a bounded, locked LRU shared by the
    # sessions' threads (lru.LRUCache): at most this many (a vector is 1.5 KB; set by hand)
    word_cache_size: int = 4096
    # Likewise the units of the chunks answered from (ExtractiveAnswerer.units_of) and the encoded vectors of units no
    # index stores (uploads' units: answering/vectors.UnitVectors): at most this many chunks and vectors (the corpus
    # has 535 chunks; the index's own unit vectors are kept whole; set by hand)
    unit_cache_size: int = 4096
    # The asked-for thing of a "what/which <noun>" question (answering/features.asked_head, the unsupported_ask
    # evidence feature) keeps at most this many words after the wh-determiner (set by hand: "what professional
    # qualifications" needs 2; a phrase of 3 covers a modifier pair)
    asked_head_words: int = 3
    # The question-kind prior (answerability_kind: question_kind, question_form) scores the asked clause of a turn
    # (features.asked_clause: without the user's story before it) instead of the whole condensed question; the fitted
    # directions are fitted on the same text (scripts/calibrate.py reads QuestionFeatures.kind_text). False = the whole
    # question. Off since the eighteenth session's end: on with its refit, the held-out sets' end run refused four more
    # answerable questions (two story-led migrant ones among them) and one fewer unanswerable (docs/sessions/session-18.md).
    kind_asked_clause: bool = False
    # The answerability threshold's false-refusal cap (scripts/answerability_cv.choose_cap): the smallest cap whose
    # summed per-set shortfall from issue 8's refusal targets (leave one set out) is within this many standard errors
    # of the least (0: the least itself). 0 by the rules' nested leave-one-set-out comparison on tuning data (one and a
    # half standard errors, quantile and count rules all did worse: docs/evaluation.md, Issue 8, tenth session); read
    # by scripts/calibrate.py only (the fitted threshold is in the model file).
    cap_standard_errors: float = 0.0
    max_question_chars: int = 2000
    # Generative answerer (eaeu_qa/llm/, docs/llm.md): an OpenAI-compatible endpoint, or else Ollama.
    llm_base_url: str = ""  # e.g. http://127.0.0.1:8080/v1 (llama.cpp server, vLLM, LM Studio, hosted)
    llm_model: str = ""
    llm_api_key: str = ""
    ollama_model: str = ""
    ollama_url: str = "http://127.0.0.1:11434"
    llm_timeout_s: float = 60.0  # whole answer; a connect or read stall fails sooner
    llm_max_tokens: int = 320
    llm_history_turns: int = 3  # earlier turns of the conversation shown in the LLM prompt (0: none)
    llm_prompts: Path | None = None  # optional TOML file overriding the prompt constants of eaeu_qa/llm/prompts.py
    # Chat history (`ask --history`, QAChain.ask): earlier turns, and characters of their questions + answers
    max_history_turns: int = 20
    max_history_chars: int = 20000
    # The evaluation page's bar chart: width (px) of its metric names, wide enough that none is cut
    metric_label_px: int = 260
    # ... and the newest runs its history table lists (the history chart shows every run)
    history_rows: int = 30
    # A running index rebuild's progress in the sidebar is redrawn every rebuild_poll_s at first, then every quarter of
    # the rebuild's age (doubling steps), at most every rebuild_poll_max_s: a 60 s rebuild took 240 redraws per
    # watching session at a steady 0.25 s, now about 42 (ui/rebuilds.poll_interval). Set by hand.
    rebuild_poll_s: float = 0.25
    rebuild_poll_max_s: float = 2.0
    # The app's public address (e.g. https://qa.example.org): the Markdown export links each source to its paragraph
    # in the reader there. "" = no such link (an address the browser used, http://localhost:8501, is useless once the
    # file leaves the machine); the export always gives the locator, the document and, for treaty text, the ToTA
    # attribution and the source file's pinned URL.
    public_url: str = ""
    # Uploads
    max_upload_bytes: int = 5 * 1024 * 1024
    download_timeout_s: float = 60.0

    def __post_init__(self) -> None:
        if self.public_url and not self.public_url.startswith(("https://", "http://")):
            raise ValueError(f"{ENV_PREFIX}PUBLIC_URL={self.public_url!r} is not an address: it must start with "
                             "https:// (or http://)")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then EAEU_QA_<FIELD> variables, then keyword overrides."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update(overrides)
        return cls(**values)

    @property
    def user_index_dir(self) -> Path:
        return self.data_dir / "user_index"

    @property
    def embedding(self):
        """This instance's embedding model, engine and cache folder (records.EmbeddingModel), for eaeu_qa.embeddings."""
        from .records import EmbeddingModel

        return EmbeddingModel(self.model_name, self.embedding_engine, self.embedding_cache_dir)

    @property
    def derived_dir(self) -> Path:
        """Where eaeu_qa.derived_cache keeps the structures derived from the chunks (under the embedding cache)."""
        return self.embedding_cache_dir / "derived"


_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True,
             "false": False, "0": False, "no": False, "off": False}


def _coerce(name: str, type_name: str, raw: str):
    type_name = str(type_name)
    try:
        if "Path" in type_name:
            return Path(raw).expanduser() if raw.strip() else None
        if type_name == "int":
            return int(raw)
        if type_name == "float":
            return float(raw)
        if type_name == "bool":
            return _BOOLEANS[raw.strip().lower()]
    except KeyError as exc:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid bool (true/false, 1/0, yes/no, on/off)") \
            from exc
    except ValueError as exc:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {type_name}") from exc
    return raw


def get_settings() -> Settings:
    return Settings.from_env()
