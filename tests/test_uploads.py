"""Uploads: content-checked .txt/.md/.pdf files go into a separate Chroma collection and are cited like the rest."""

from __future__ import annotations

import dataclasses

import pytest

from eaeu_qa.chain import QAChain
from eaeu_qa.retrieval import HybridRetriever
from eaeu_qa.uploads import UploadError, UserLibrary, extract_text, reflow
from eaeu_qa.workspaces import InvalidWorkspace, new_workspace_id
from pdf_factory import make_pdf  # tests/ is on sys.path (rootdir conftest, no package)

NOTE = ("Field notes from Osh\n\n"
        "The Zorblat Commission met in Osh on 3 March 2031 to review unpaid insurance claims of returning "
        "migrant families.\n\nIt recorded 412 unpaid claims and asked the ministry to settle them "
        "within ninety days.\n")


WORKSPACE = new_workspace_id()


@pytest.fixture
def user_settings(settings, tmp_path):
    return dataclasses.replace(settings, data_dir=tmp_path / "data")


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "is empty"),
    ("junk.txt", bytes(range(256)) * 40, "binary"),
    ("junk.md", b"\x00\x01\x02\x03 abc \x00\x00\x00\x00" * 50, "binary"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage", "could not be read"),
    ("fake.pdf", b"just some text pretending to be a pdf", "not a PDF"),
    ("disguised.txt", make_pdf(["Hello"]), "is a PDF"),
    ("report.docx", b"PK\x03\x04 whatever", "only .txt, .md and .pdf"),
    ("blank.txt", b"   \n\n \t \n", "no readable text"),
])
def test_bad_files_get_a_clear_message(user_settings, name, data, message):
    with pytest.raises(UploadError, match=message):
        extract_text(name, data, user_settings)
    with pytest.raises(UploadError):
        UserLibrary(user_settings, WORKSPACE).add(name, data)
    assert UserLibrary(user_settings, WORKSPACE).documents() == []


TEXT = "Café Zürich: the Straße to Osh, «quoted» - 3 März 2031."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "latin-1", "cp1252"])
def test_text_in_common_encodings_is_decoded(user_settings, encoding):
    data = (TEXT + "\n\nA second paragraph with ‘curly’ quotes.\n" if encoding not in ("latin-1",)
            else TEXT + "\n").encode(encoding)
    text = extract_text("notes.txt", data, user_settings)
    assert text.startswith(TEXT)


def test_binary_files_name_the_accepted_encodings(user_settings):
    with pytest.raises(UploadError, match="accepted encodings: UTF-8, UTF-16"):
        extract_text("junk.txt", bytes(range(256)) * 40, user_settings)


def test_too_large_files_are_refused(user_settings):
    small = dataclasses.replace(user_settings, max_upload_bytes=1000)
    with pytest.raises(UploadError, match="limit is"):
        extract_text("big.txt", b"word " * 1000, small)


def test_pdf_text_is_extracted():
    from eaeu_qa.settings import Settings

    text = extract_text("notes.pdf", make_pdf(["The Zorblat Commission met in Osh", "on 3 March 2031."]),
                        Settings())
    assert "Zorblat Commission met in Osh" in text and "3 March 2031" in text


def test_reflow_joins_hard_wrapped_lines_but_keeps_headings():
    assert reflow("# Title\nline one\nline two\n\nnext para\n- item a\n- item b\n") == (
        "# Title\nline one line two\nnext para\n- item a\n- item b\n")


MEMO = ("The clinic's lawyer is Aida Bekova.\n"
        "She advises migrant families every Tuesday at the embassy in Moscow.\n"
        "Bring your passport and the worker's labour contract.\n"
        "The consultation is free of charge.\n")


def test_a_memo_with_one_sentence_a_line_is_one_passage_a_line(user_settings):
    """Audit N8: four sentences on four lines (no blank line) became one passage, so every answer quoted all four."""
    assert reflow(MEMO) == MEMO
    document = UserLibrary(user_settings, WORKSPACE).add("memo.txt", MEMO.encode())
    chunks = UserLibrary(user_settings, WORKSPACE).chunks()
    assert document.chunk_count == 4
    assert [c.text for c in chunks] == MEMO.splitlines()


def test_hard_wrapped_paragraphs_are_joined_and_parted_where_the_writer_ended_them():
    import textwrap

    first = " ".join(["The Zorblat Commission reviewed the insurance claims of returning migrant families."] * 4)
    second = "A second paragraph follows at once, with no blank line, and it is long enough to wrap twice here."
    wrapped = textwrap.fill(first, 72) + "\n" + textwrap.fill(second, 72) + "\r\nShort last line.\n"
    assert reflow(wrapped) == f"{first}\n{second}\nShort last line.\n"
    # A line that ends a sentence but was full (the next word did not fit) does not end its paragraph.
    assert reflow("one two three four five.\nsix seven eight nine ten\neleven.\n") == (
        "one two three four five. six seven eight nine ten eleven.\n")


def test_upload_is_searchable_cited_and_removable(user_settings, index_handle):
    library = UserLibrary(user_settings, WORKSPACE)
    document = library.add("osh-notes.txt", NOTE.encode())
    assert document.spec.kind == "upload" and document.chunk_count == 2
    assert library.add("osh-notes.txt", NOTE.encode()) == document  # same bytes: no duplicate
    assert (user_settings.user_index_dir / WORKSPACE / "chroma").is_dir()

    user = UserLibrary(user_settings, WORKSPACE).handle()  # reopened from disk
    assert user is not None and len(user.chunks) == 2
    retriever = HybridRetriever(handles=[index_handle, user], settings=user_settings)
    top = retriever.search("When did the Zorblat Commission meet in Osh?", k=3)
    assert top[0].chunk.source_id == document.spec.id

    answer = QAChain(user_settings, retriever).ask("When did the Zorblat Commission meet in Osh?")
    assert answer.answerable
    cited = [c for c in answer.citations if c.source_id == document.spec.id]
    assert cited, answer.citations
    chunk = user.chunk(cited[0].chunk_id)
    assert chunk.text[cited[0].start - chunk.start:cited[0].end - chunk.start] == cited[0].quote

    # A question about the upload in words the corpus also uses ("insurance claims", "migrant families") quotes the
    # upload: no corpus passage answers it (compose: arrange.about_upload).
    why = QAChain(user_settings, retriever).ask("Why did the Zorblat Commission review insurance claims of returning "
                                                "migrant families?")
    assert why.answerable and why.citations
    assert {c.source_id for c in why.citations} == {document.spec.id}, why.citations

    assert library.remove(document.spec.id) is True
    assert library.handle() is None and library.documents() == []
    assert library.remove(document.spec.id) is False


def test_each_workspace_has_its_own_documents(user_settings, index_handle):
    mine, theirs = UserLibrary(user_settings, new_workspace_id()), UserLibrary(user_settings, new_workspace_id())
    document = mine.add("osh-notes.txt", NOTE.encode())
    assert theirs.documents() == [] and theirs.handle() is None and theirs.chunks() == []
    assert theirs.remove(document.spec.id) is False
    assert mine.collection != theirs.collection
    # Their own copy of the same file is theirs: removing it leaves mine in place.
    assert theirs.add("osh-notes.txt", NOTE.encode()).spec.id == document.spec.id
    assert theirs.remove(document.spec.id) is True
    assert [d.spec.id for d in mine.documents()] == [document.spec.id]
    assert len(mine.handle().store.similarity_search("Zorblat Commission", k=5)) == 2


@pytest.mark.parametrize("bad", ["", "../../etc", "x" * 32])
def test_workspace_ids_cannot_name_other_folders(user_settings, bad):
    with pytest.raises(InvalidWorkspace):
        UserLibrary(user_settings, bad)


def test_a_large_upload_collection_is_prepared_when_added_so_the_first_question_builds_no_graph(
        settings, index_handle, fresh_embedding_cache, tmp_path, monkeypatch):
    """Above Settings.hnsw_exact_limit (lowered so the two-passage upload counts as large) the service builds the upload
    collection's HNSW graph (and the other stores' vectors and graphs, and BM25) when the file is added: the first
    question builds nothing and cites the upload; after a removal the remaining set's chain is prepared too."""
    import faiss

    from eaeu_qa.service import QAService

    built = []
    real_index = faiss.IndexHNSWFlat
    monkeypatch.setattr(faiss, "IndexHNSWFlat", lambda *args: built.append(args) or real_index(*args))
    service = QAService(dataclasses.replace(settings, data_dir=tmp_path / "data", hnsw_exact_limit=1,
                                            embedding_cache_dir=fresh_embedding_cache))
    workspace = new_workspace_id()
    document = service.add_upload(workspace, "osh-notes.txt", NOTE.encode())
    upload = service.chain(workspace).retriever.handles[-1]
    assert upload.chunks[0].source_id == document.spec.id and upload.store._eaeu_hnsw[1].index.ntotal == 2
    assert len(list((fresh_embedding_cache / "hnsw").glob("*.faiss"))) >= 1
    prepared = len(built)
    answer = service.ask("When did the Zorblat Commission meet in Osh?", workspace=workspace)
    assert len(built) == prepared  # the first question built no graph
    assert any(c.source_id == document.spec.id for c in answer.citations), answer.citations

    other = service.add_upload(workspace, "more.txt", b"The Quorvex Council met in Naryn on 4 April 2032.\n")
    assert len(built) > prepared  # the new set of documents: its graph built when added
    assert service.remove_upload(workspace, document.spec.id) is True
    prepared = len(built)
    answer = service.ask("When did the Quorvex Council meet in Naryn?", workspace=workspace)
    assert len(built) == prepared and any(c.source_id == other.spec.id for c in answer.citations)
    assert service.remove_upload(workspace, document.spec.id) is False


HOTLINE = ("Hotline notes, week 14\n\n"
           "This week the hotline received 212 calls. Most callers asked how to insure a spouse or children who do not "
           "work in Russia. Many said clinics refused to see their children without a CHI policy.\n\n"
           "Next week we will add two volunteers to the evening shift.\n")


def test_a_how_many_question_about_an_upload_quotes_the_sentence_with_the_number(user_settings, index_handle):
    """The browser audit's note: "This week ..." read as pointing back to nothing before it, so the sentence with the
    number, the best candidate, was left out (paragraphs.without_dangling) and "Most callers asked ..." answered."""
    workspace = new_workspace_id()
    library = UserLibrary(user_settings, workspace)
    document = library.add("hotline.txt", HOTLINE.encode())
    retriever = HybridRetriever(handles=[index_handle, library.handle()], settings=user_settings)
    answer = QAChain(user_settings, retriever).ask("How many calls did the hotline get?")
    quoted = [c.quote for c in answer.citations if c.source_id == document.spec.id]
    assert any("received 212 calls" in q for q in quoted), answer.citations
    library.remove(document.spec.id)


def test_a_leading_quote_holding_the_number_is_kept_though_it_points_back(user_settings, index_handle):
    """"It received 212 calls this week." opens its paragraph pointing back to nothing quoted (the note's title is a
    passage of its own): without_dangling started the quote at "Most callers asked ...", and the number was lost."""
    workspace = new_workspace_id()
    library = UserLibrary(user_settings, workspace)
    document = library.add("hotline.txt", HOTLINE.replace("This week the hotline received 212 calls.",
                                                          "It received 212 calls this week.").encode())
    retriever = HybridRetriever(handles=[index_handle, library.handle()], settings=user_settings)
    answer = QAChain(user_settings, retriever).ask("How many calls did the hotline get?")
    assert any("received 212 calls" in c.quote for c in answer.citations if c.source_id == document.spec.id), (
        answer.citations)
    library.remove(document.spec.id)
