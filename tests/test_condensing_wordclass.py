"""The lexicon's word classes (condensing.wordclass): read at the chain's start, kept in each caller's folder."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from eaeu_qa.answering import language
from eaeu_qa.condensing import wordclass
from eaeu_qa.condensing.condenser import Condenser
from eaeu_qa.settings import PROJECT_ROOT


def test_the_lexicon_reads_word_classes_of_the_installed_package():
    assert "n" in wordclass.classes("work") and "v" in wordclass.classes("work")
    assert wordclass.verb_only("happen") and wordclass.can_be_noun("Kyrgyzstan")


def test_the_chains_warm_reads_the_lexicon_into_its_condensers_folder(qa_chain, tmp_path, monkeypatch):
    """A follow-up must not be the first to read the lexicon: warm() reads it, into the caller's own folder."""
    monkeypatch.setattr(qa_chain.condenser, "derived_dir", tmp_path)
    qa_chain.warm()
    assert list(tmp_path.glob("word-classes-*.pickle"))
    assert tmp_path in wordclass._TABLES.values


def test_a_missing_lexicon_package_fails_at_warm_not_mid_chat(tmp_path, monkeypatch):
    monkeypatch.setattr(wordclass._TABLES, "values", {})
    monkeypatch.setitem(sys.modules, "lemminflect", None)  # as if the package were not installed
    with pytest.raises(ImportError):
        Condenser(derived_dir=tmp_path).warm()


_LOADED = ("import lemminflect; print(int('lemma_dict' in vars(lemminflect.Lemmatizer())), "
           "int('infl_dict' in vars(lemminflect.Inflections())))")


def test_warm_followups_reads_lemminflects_tables_and_warm_does_not(tmp_path):
    """lemminflect reads its lemma and inflection tables at their first lookup (clause.py's getLemma, getInflection;
    0.9 s of CPU under load): in a fresh interpreter, Condenser.warm (every chain's start, a cold `eaeu-qa ask` too)
    leaves them unread, Condenser.warm_followups (where a follow-up can come: QAService.warm) reads them (the lexicon's
    word classes read from the folder's kept table first, as in the app, where building it would read the lemma table
    anyway)."""
    Condenser(derived_dir=tmp_path).warm()  # keeps the word-class table in tmp_path for the fresh interpreter
    condenser = f"Condenser(derived_dir=Path({str(tmp_path)!r}))"
    code = ("from pathlib import Path; from eaeu_qa.condensing.condenser import Condenser; "
            f"from eaeu_qa.condensing.wordclass import lexicon; lexicon(Path({str(tmp_path)!r})); {_LOADED}; "
            f"{condenser}.warm(); {_LOADED}; {condenser}.warm_followups(); {_LOADED}")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "0", "0", "1", "1"]  # neither table before warm_followups, both after


def test_each_folder_gets_its_own_cache_and_threads_read_one_table(tmp_path):
    """Two callers with two Settings folders (Streamlit sessions in threads): each folder gets the kept table, the
    same one, read once per folder."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    tables: list = []
    threads = [threading.Thread(target=lambda f=f: tables.append(wordclass.lexicon(f))) for f in (first, second) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(first.glob("word-classes-*.pickle")) and list(second.glob("word-classes-*.pickle"))
    assert len(tables) == 8 and all(t == tables[0] for t in tables)
    assert wordclass._TABLES.values[first] is wordclass.lexicon(first)


def test_english_stems_are_kept_in_each_callers_folder(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    stems = language.english_stems(first)
    assert language.english_stems(second) == stems and language.english_stems() in (stems,)
    assert list(first.glob("english-stems-*.pickle")) and list(second.glob("english-stems-*.pickle"))
