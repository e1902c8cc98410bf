"""Settings: typed environment overrides, and the tuning constants reaching the parts that use them."""

from pathlib import Path

import pytest

from eaeu_qa.settings import Settings


def test_environment_overrides_are_typed():
    s = Settings.from_env({"EAEU_QA_K": "6", "EAEU_QA_DENSE_WEIGHT": "0.5", "EAEU_QA_INDEX_DIR": "/tmp/x",
                           "EAEU_QA_ANSWERER": "baseline"})
    assert s.k == 6 and s.dense_weight == 0.5 and s.index_dir == Path("/tmp/x") and s.answerer == "baseline"


def test_keyword_overrides_win_over_environment():
    s = Settings.from_env({"EAEU_QA_K": "6"}, k=2)
    assert s.k == 2


def test_empty_sources_variable_means_download():
    assert Settings.from_env({"EAEU_QA_SOURCES": ""}).sources is None


def test_boolean_overrides_read_false_as_false():
    """A bool field's variable is read as a yes/no word, not as a non-empty (always true) string: before, the string
    "false" was kept and the setting stayed on."""
    for word, value in (("false", False), ("0", False), ("off", False), ("No", False), ("true", True), ("1", True)):
        assert Settings.from_env({"EAEU_QA_ABBREVIATION_EXPANSION": word}).abbreviation_expansion is value
    with pytest.raises(ValueError, match="EAEU_QA_ABBREVIATION_EXPANSION"):
        Settings.from_env({"EAEU_QA_ABBREVIATION_EXPANSION": "maybe"})


def test_bad_number_names_the_variable():
    with pytest.raises(ValueError, match="EAEU_QA_RETRIEVE_K"):
        Settings.from_env({"EAEU_QA_RETRIEVE_K": "many"})


def test_a_public_address_without_a_scheme_names_the_variable():
    with pytest.raises(ValueError, match="EAEU_QA_PUBLIC_URL"):
        Settings.from_env({"EAEU_QA_PUBLIC_URL": "qa.example.org"})
    assert Settings.from_env({"EAEU_QA_PUBLIC_URL": "https://qa.example.org"}).public_url == "https://qa.example.org"
    assert Settings().public_url == ""  # no link in the export unless an address is configured


def test_follow_up_constants_are_settings_and_reach_the_condenser_and_the_search():
    from eaeu_qa.condensing.condenser import Condenser
    from eaeu_qa.followup_search import WEIGHTS, FollowUpWeights

    s = Settings.from_env({"EAEU_QA_OWN_TOPIC_MIN_IDF": "2.5", "EAEU_QA_FOLLOWUP_SWITCH_LOCAL": "0.125"})
    assert s.own_topic_min_idf == 2.5
    assert FollowUpWeights.from_settings(s).switch_local == 0.125
    assert FollowUpWeights.from_settings(Settings()) == WEIGHTS  # the defaults are the settings'
    assert Condenser().own_topic_min_idf == Settings().own_topic_min_idf


def test_the_focus_bars_are_settings_and_reach_the_condenser(settings, retriever, qa_chain):
    import dataclasses

    from eaeu_qa.chain import QAChain
    from eaeu_qa.condensing.condenser import Condenser

    defaults = Settings()
    assert (defaults.focus_min_idf, defaults.focus_subject_min_idf, defaults.the_noun_share) == (3.0, 1.5, 0.5)
    s = Settings.from_env({"EAEU_QA_FOCUS_MIN_IDF": "2.5", "EAEU_QA_FOCUS_SUBJECT_MIN_IDF": "1.25",
                           "EAEU_QA_THE_NOUN_SHARE": "0.75"})
    assert (s.focus_min_idf, s.focus_subject_min_idf, s.the_noun_share) == (2.5, 1.25, 0.75)
    condenser = Condenser()
    assert (condenser.focus_min_idf, condenser.focus_subject_min_idf, condenser.the_noun_share) == (3.0, 1.5, 0.5)
    chain = QAChain(dataclasses.replace(settings, focus_min_idf=2.5, focus_subject_min_idf=1.25, the_noun_share=0.75),
                    retriever, qa_chain.answerer)  # QAChain hands the settings to its condenser
    assert (chain.condenser.focus_min_idf, chain.condenser.focus_subject_min_idf,
            chain.condenser.the_noun_share) == (2.5, 1.25, 0.75)


def test_the_quote_and_instrument_constants_are_settings_and_reach_the_answerer(settings, retriever, qa_chain,
                                                                                  monkeypatch):
    """Settings.type_lead_share (compose.lead_with_type) and Settings.instrument_window (instruments.instrument_words)
    have env overrides, and the extractive answerer composes and counts with the values it was given."""
    import dataclasses

    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.instruments import instrument_words, title_attributes

    assert (Settings().type_lead_share, Settings().instrument_window) == (0.3, 4)
    s = Settings.from_env({"EAEU_QA_TYPE_LEAD_SHARE": "0.5", "EAEU_QA_INSTRUMENT_WINDOW": "2"})
    assert (s.type_lead_share, s.instrument_window) == (0.5, 2)

    default = qa_chain.answerer
    default.warm()
    narrow = extractive.ExtractiveAnswerer(dataclasses.replace(settings, instrument_window=1), default.corpus_chunks)
    narrow.warm()
    texts = [c.search_text for c in default.corpus_chunks]
    # with the words of the corpus instruments' titles (instruments.title_attributes), whatever the window
    titles, _ = title_attributes({t for c in default.corpus_chunks for t in (c.title, c.short_title)})
    assert narrow._stats.instrument_words == instrument_words(texts, 1) | titles < default._stats.instrument_words
    assert default._stats.instrument_words == instrument_words(texts, 4) | titles

    shares = []
    select = extractive.select

    def observed(*args, **kwargs):  # the real composition, recording the share it was handed
        shares.append(args[5] if len(args) > 5 else kwargs.get("type_share"))
        return select(*args, **kwargs)

    monkeypatch.setattr(extractive, "select", observed)
    question = "Where does the Court of the EAEU sit?"
    passages = retriever.search(question, k=8)
    for share in (0.3, 0.77):
        assert _answer_with(qa_chain, settings, question, passages, type_lead_share=share).answerable
    assert shares == [0.3, 0.77]


def test_the_asked_head_length_is_a_setting_and_reaches_the_question_features(settings, retriever, qa_chain,
                                                                               monkeypatch):
    """Settings.asked_head_words (features.asked_head) has an env override, and the extractive answerer reads the
    asked-for thing with the value it was given."""
    from eaeu_qa.answering import extractive

    assert Settings().asked_head_words == 3
    assert Settings.from_env({"EAEU_QA_ASKED_HEAD_WORDS": "1"}).asked_head_words == 1

    heads = []
    features = extractive.question_features

    def observed(*args, **kwargs):  # the real features, recording the asked-for thing read
        found = features(*args, **kwargs)
        heads.append(found.asked_head)
        return found

    monkeypatch.setattr(extractive, "question_features", observed)
    qa_chain.answerer.warm()
    question = "What social insurance benefits do family members get?"
    passages = retriever.search(question, k=8)
    for words in (3, 1):
        _answer_with(qa_chain, settings, question, passages, asked_head_words=words)
    assert heads[0] == ("social", "insurance", "benefits") and ("social",) in heads[1:]


def _answer_with(qa_chain, settings, question, passages, **changes):
    """The extractive answer to `question` from an answerer built with these Settings changes (it shares the chain's
    warmed handles: model, index, corpus statistics)."""
    import dataclasses

    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.base import AnswerRequest

    answerer = extractive.ExtractiveAnswerer(dataclasses.replace(settings, **changes), qa_chain.answerer.corpus_chunks)
    answerer.attach(qa_chain.answerer._handles)
    return answerer.answer(AnswerRequest(question, question, passages))


def _from_env(settings, monkeypatch, **variables) -> Settings:
    """Settings as the app reads them (Settings.from_env) with these EAEU_QA_* variables set in the environment, in
    the session's folders (the fixture's cache, index, data and sources)."""
    for name, value in variables.items():
        monkeypatch.setenv(f"EAEU_QA_{name.upper()}", value)
    return Settings.from_env(cache_dir=settings.cache_dir, index_dir=settings.index_dir, data_dir=settings.data_dir,
                             sources=settings.sources)


def _answer_from_env(qa_chain, settings, retriever, monkeypatch, question, **variables):
    """The extractive answer to `question` (as a first turn) from an answerer built from the environment with these
    variables set (_from_env); it shares the chain's warmed handles."""
    from eaeu_qa.answering import extractive
    from eaeu_qa.answering.base import AnswerRequest

    answerer = extractive.ExtractiveAnswerer(_from_env(settings, monkeypatch, **variables),
                                             qa_chain.answerer.corpus_chunks)
    answerer.attach(qa_chain.answerer._handles)
    return answerer.answer(AnswerRequest(question, question, retriever.search(question, k=8)))


def test_the_near_window_and_the_pairs_memo_are_settings():
    """Settings.near_words and Settings.pairs_kept have env overrides."""
    assert (Settings().near_words, Settings().pairs_kept) == (3, 4)
    s = Settings.from_env({"EAEU_QA_NEAR_WORDS": "2", "EAEU_QA_PAIRS_KEPT": "1"})
    assert (s.near_words, s.pairs_kept) == (2, 1)


def test_a_chains_near_words_is_its_condensers_window(settings, retriever, qa_chain):
    """A chain built with near_words=2 counts only the words at most two after a word (CorpusTerms.near): every
    count is at most the default window's, and some pair written three words apart is no longer counted."""
    import dataclasses

    from eaeu_qa.chain import QAChain

    narrow = QAChain(dataclasses.replace(settings, near_words=2), retriever, qa_chain.answerer).condenser.terms.near
    wide = qa_chain.condenser.terms.near
    assert settings.near_words == 3
    assert all(n <= wide[first][second] for first, counts in narrow.items() for second, n in counts.items())
    assert sum(map(sum, (c.values() for c in narrow.values()))) < sum(map(sum, (c.values() for c in wide.values())))


def test_the_pairs_memo_keeps_the_callers_number_of_lists_not_the_environments(monkeypatch):
    """references.article_pairs keeps at most the `kept` lists its caller passes (Settings.pairs_kept, handed down by
    the retriever); the environment is not read inside it."""
    from eaeu_qa import references
    from eaeu_qa.records import Chunk

    lists = [[Chunk(chunk_id=f"c{i}", source_id="eaeu_treaty", title="", short_title="", locator="", context="",
                    text="x", search_text="x", start=0, end=1, ordinal=0, article=str(i))] for i in (1, 2, 3)]
    monkeypatch.setattr(references, "_PAIRS", {})
    for chunks in lists:
        assert references.article_pairs(chunks, 1) == {("eaeu_treaty", chunks[0].article)}
    assert len(references._PAIRS) == 1  # one list kept at a time
    monkeypatch.setenv("EAEU_QA_PAIRS_KEPT", "1")
    monkeypatch.setattr(references, "_PAIRS", {})
    for chunks in lists:
        references.article_pairs(chunks)
    assert len(references._PAIRS) == 3  # the default (4), whatever the environment says
    monkeypatch.setattr(references, "_PAIRS", {})
    references.parse_references("Does Article 1 of the accession treaty change Article 98?", lists[0], pairs_kept=1)
    references.parse_references("Does Article 1 of the accession treaty change Article 98?", lists[1], pairs_kept=1)
    assert list(references._PAIRS) == [id(lists[1])]  # parse_references hands its pairs_kept down


def test_the_refusals_closest_passage_bar_and_the_instrument_phrase_are_settings(settings, retriever, qa_chain,
                                                                                monkeypatch):
    """Settings.nearby_similarity (extractive._refuse) and Settings.instrument_phrase_words (instruments._years) have env
    overrides that reach the answerer; a refusal shows its closest passage only when that passage reaches the
    answerer's bar. (instrument_phrase_words was read from the class: EAEU_QA_INSTRUMENT_PHRASE_WORDS was parsed and
    ignored, review s16 R1.)"""
    from eaeu_qa.answering.instruments import instrument_mentions

    assert (Settings().nearby_similarity, Settings().instrument_phrase_words) == (0.45, 3)
    s = Settings.from_env({"EAEU_QA_NEARBY_SIMILARITY": "0.6", "EAEU_QA_INSTRUMENT_PHRASE_WORDS": "2"})
    assert (s.nearby_similarity, s.instrument_phrase_words) == (0.6, 2)
    dated = "Under the 2014 founding treaty, who decides?"  # the year two words before the document noun
    assert [m.years for m in instrument_mentions(dated)] == [("2014",)]
    assert [m.years for m in instrument_mentions(dated, 1)] == [()]
    # through the answerer: a founding treaty of 1994 is none of the corpus's (absent_instrument); one word back, the
    # year is not read and "founding" describes the corpus's own treaty
    other = "What does the 1994 founding treaty say about pensions?"
    assert _answer_from_env(qa_chain, settings, retriever, monkeypatch, other).signals["absent_instrument"] == 1.0
    assert _answer_from_env(qa_chain, settings, retriever, monkeypatch, other,
                            instrument_phrase_words="1").signals["absent_instrument"] == 0.0

    # refused by a structural rule (no such article), whatever the fitted models say
    question = "What does Article 250 of the EAEU Treaty say about medical care for workers' families?"
    passages = retriever.search(question, k=8)
    shown = _answer_with(qa_chain, settings, question, passages)
    assert not shown.answerable and shown.citations, shown.answer  # the closest passage, related enough
    above = _answer_with(qa_chain, settings, question, passages, nearby_similarity=1.01)
    assert not above.answerable and not above.citations, above.answer  # no passage reaches a cosine above 1


def test_the_evidence_constants_are_settings_and_read_by_answerability(settings, retriever, qa_chain, monkeypatch):
    """Settings.min_latin_share (answerability.not_english), annex_units, type_units and agreement_depth have env
    overrides that reach the answerer (they were read from the class, or bound at import: review s16 R1)."""
    from eaeu_qa.answering.answerability import not_english
    from eaeu_qa.answering.features import question_features

    assert (Settings().min_latin_share, Settings().annex_units, Settings().type_units,
            Settings().agreement_depth) == (0.5, 3, 3, 3)
    s = Settings.from_env({"EAEU_QA_MIN_LATIN_SHARE": "0.2", "EAEU_QA_ANNEX_UNITS": "2", "EAEU_QA_TYPE_UNITS": "4",
                           "EAEU_QA_AGREEMENT_DEPTH": "5"})
    assert (s.min_latin_share, s.annex_units, s.type_units, s.agreement_depth) == (0.2, 2, 4, 5)
    mixed = "Какие права у членов семьи of workers?"  # under half of its letters Latin
    features = question_features(mixed, mixed, False)
    assert 0 < features.latin_share < 0.5 and not_english(features)
    assert not not_english(features, features.latin_share)
    assert _answer_from_env(qa_chain, settings, retriever, monkeypatch, mixed).signals["reason"] == "not_english"
    assert _answer_from_env(qa_chain, settings, retriever, monkeypatch, mixed,
                            min_latin_share="0.2").signals["reason"] != "not_english"
    asked = "Who appoints the judges of the Court?"  # retrieval_agreement: the share of the top `depth` in both rankings
    shipped = _answer_from_env(qa_chain, settings, retriever, monkeypatch, asked).signals["retrieval_agreement"]
    deeper = _answer_from_env(qa_chain, settings, retriever, monkeypatch, asked,
                              agreement_depth="6").signals["retrieval_agreement"]
    assert shipped != deeper


def test_the_noun_share_and_the_follow_up_lengths_are_settings(settings, retriever, monkeypatch):
    """Settings.noun_least_share (CorpusTerms.is_noun / rarely_noun), name_capitalised_share (is_name_word),
    elliptical_words and list_item_words (condensing) have env overrides; the chain's word statistics read the
    shares of the settings it is built with (they were read from the class: review s16 R1). The follow-up lengths
    reach the condenser: test_the_follow_up_lengths_and_the_name_and_plural_letters_reach_the_chain."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.entities import CorpusTerms
    from eaeu_qa.retrieval import HybridRetriever

    assert (Settings().noun_least_share, Settings().elliptical_words, Settings().list_item_words) == (0.2, 2, 6)
    s = Settings.from_env({"EAEU_QA_NOUN_LEAST_SHARE": "0.4", "EAEU_QA_ELLIPTICAL_WORDS": "3",
                           "EAEU_QA_LIST_ITEM_WORDS": "5"})
    assert (s.noun_least_share, s.elliptical_words, s.list_item_words) == (0.4, 3, 5)
    terms = CorpusTerms(noun_share={"matter": 0.3})
    assert terms.is_noun("matter") and not terms.rarely_noun("matter")
    assert terms.is_noun("unseen") and terms.rarely_noun("unseen")  # unseen: a noun to is_noun, rare to rarely_noun
    stricter = CorpusTerms(noun_share={"matter": 0.3}, noun_least_share=0.4)
    assert not stricter.is_noun("matter") and stricter.rarely_noun("matter")

    def chain_terms(**variables) -> CorpusTerms:
        local = _from_env(settings, monkeypatch, **variables)
        return QAChain(local, HybridRetriever(handles=retriever.handles, settings=local)).condenser.terms

    shipped = chain_terms()
    nouns = [w for w, share in shipped.noun_share.items() if 0.2 <= share < 0.4]
    names = [w for w, share in shipped.capitalised_share.items() if 0.5 <= share < 0.9]
    assert nouns and names and all(map(shipped.is_noun, nouns)) and all(map(shipped.is_name_word, names))
    stricter = chain_terms(noun_least_share="0.4", name_capitalised_share="0.9")
    assert not any(map(stricter.is_noun, nouns)) and not any(map(stricter.is_name_word, names))


def test_the_type_credit_and_the_composition_constants_are_settings(settings, retriever, qa_chain, monkeypatch):
    """Settings.type_far_credit, type_near_words (answertype.type_support), mmr_lambda, redundant_overlap (compose's
    diversity) and follow_share (the unit model's default) have env overrides that reach the answerer (they were read
    from the class: review s16 R1)."""
    from eaeu_qa.answering.compose import UnitModel
    from eaeu_qa.answering.answertype import type_support
    from eaeu_qa.answering.features import question_features

    assert (Settings().type_far_credit, Settings().type_near_words, Settings().mmr_lambda,
            Settings().redundant_overlap, Settings().follow_share) == (0.5, 12, 0.7, 0.6, 0.6)
    s = Settings.from_env({"EAEU_QA_TYPE_FAR_CREDIT": "0.25", "EAEU_QA_TYPE_NEAR_WORDS": "6",
                           "EAEU_QA_MMR_LAMBDA": "0.5", "EAEU_QA_REDUNDANT_OVERLAP": "0.8",
                           "EAEU_QA_FOLLOW_SHARE": "0.4"})
    assert (s.type_far_credit, s.type_near_words, s.mmr_lambda, s.redundant_overlap, s.follow_share) == (
        0.25, 6, 0.5, 0.8, 0.4)
    asked = question_features("Where is the Court based?", "Where is the Court based?", False)
    far = "Moscow is a city. " + "Nothing else is said here at all. " * 4 + "The Court hears cases."
    assert asked.answer_type and type_support(far, asked.answer_type, asked.stems) == 0.5  # a place far off
    assert type_support(far, asked.answer_type, asked.stems, far_credit=0.25) == 0.25
    where = "Where is the Court based?"  # its best units hold a place near "Court": type_unsupported 0

    def type_unsupported(**variables) -> float:
        return _answer_from_env(qa_chain, settings, retriever, monkeypatch, where, **variables).signals[
            "type_unsupported"]

    assert type_unsupported() == 0.0
    assert type_unsupported(type_near_words="1") == 0.5  # no place within a word of a question word: the far credit
    assert type_unsupported(type_near_words="1", type_far_credit="0.1") == pytest.approx(0.9)

    question = "What obligations do member states have under Article 98?"

    def quotes(**variables) -> int:
        return len(_answer_from_env(qa_chain, settings, retriever, monkeypatch, question, **variables).citations)

    assert quotes() > 1
    assert quotes(redundant_overlap="-1") == 1  # every further quote repeats a chosen one
    assert quotes(mmr_lambda="0") == 1  # marginal relevance is novelty alone: below the stop for every further quote
    # follow_share: the share a fitted model file without one falls back on (the shipped file holds one)
    share = _from_env(settings, monkeypatch, follow_share="0.4").follow_share
    stored = {"features": ["similarity"], "weights": [1.0], "bias": 0.0}
    assert UnitModel.from_dict(stored).follow_share == 0.6
    assert UnitModel.from_dict(stored, share).follow_share == UnitModel.from_dict(None, share).follow_share == 0.4


def test_the_follow_up_lengths_and_the_name_and_plural_letters_reach_the_chain(settings, retriever, qa_chain,
                                                                             monkeypatch):
    """EAEU_QA_ELLIPTICAL_WORDS, LIST_ITEM_WORDS (the condenser: is_follow_up, condensing.ordinal), NAME_PREFIX,
    NAME_LEAST_LETTERS (answering/frame.py) and PLURAL_LEAST_LETTERS (outcome.asks_several) reach the chain and the
    answerer built from the environment (they were parsed and then read from the class: session 17, structure)."""
    from eaeu_qa.chain import QAChain
    from eaeu_qa.records import HistoryTurn
    from eaeu_qa.retrieval import HybridRetriever

    assert (Settings().elliptical_words, Settings().list_item_words, Settings().name_prefix,
            Settings().name_least_letters, Settings().plural_least_letters) == (2, 6, 6, 3, 5)

    def condenser(**variables):
        local = _from_env(settings, monkeypatch, **variables)
        return QAChain(local, HybridRetriever(handles=retriever.handles, settings=local), qa_chain.answerer).condenser

    # two content words of its own, none a name: elliptical at 2, a question of its own at 1
    assert condenser().is_follow_up("pension rights?")
    assert not condenser(elliptical_words="1").is_follow_up("pension rights?")
    # 'the second one' of a list of three-word phrases; with items of at most two words the answer lists nothing
    offers = [HistoryTurn(question="What might Russia offer?", answer="Russia could offer alternatives such as special "
                          "insurance schemes, limited coverage packages, or incremental regulatory adjustments.")]
    assert "limited coverage packages" in condenser().condense("and the second one?", offers).standalone
    assert "limited coverage" not in condenser(list_item_words="2").condense("and the second one?", offers).standalone

    def cited(question, **variables):
        return [(c.source_id, c.locator) for c in
                _answer_from_env(qa_chain, settings, retriever, monkeypatch, question, **variables).citations]

    # the EAEU Treaty was not signed for Kyrgyzstan: its frame is left out, unless the names no longer compare
    # ("kyrgyzs" is no block word's first 7 letters) or "Kyrgyzstan" is too short to be a State's name
    signed = "What did Kyrgyzstan sign to join?"
    assert ("eaeu_treaty", "Signature block") not in cited(signed)
    assert ("eaeu_treaty", "Signature block") in cited(signed, name_prefix="7")
    assert ("eaeu_treaty", "Signature block") in cited(signed, name_least_letters="11")
    # "outcomes" asks for several scenarios: the ones the leading paragraph is set against come before it; when
    # "outcomes" is too short to be read as a plural, that paragraph leads
    outcomes = "What are the possible outcomes of the case?"
    several, one = cited(outcomes), cited(outcomes, plural_least_letters="12")
    assert one[0] in several and several.index(one[0]) > 0
