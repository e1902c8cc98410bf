"""Answer units: verbatim spans, list items and definitions as their own units, word helpers."""

from eaeu_qa.answering.units import (chunk_units, content_stems, cut_off, embedding_text, is_fragment, is_heading,
                                     stem, word_overlap)

DEFINITIONS = ("5. The definitions used in this section mean the following:\n\n  \u201cState of entry\u201d \u2013 the member "
               "State in whose territory a citizen of\n  another member State is going to;\n\n  \u201cFamily member\u201d - a "
               "person married to the member State worker as well\n  as children dependent on them.")


def test_units_are_verbatim_slices_with_absolute_offsets(make_chunk):
    chunk = make_chunk("3. The social welfare is provided on the same terms. Retirement is regulated by the "
                       "legislation of the State of permanent domicile.", start=500)
    units = chunk_units(chunk)
    assert [u.text for u in units] == ["The social welfare is provided on the same terms.",
                                       "Retirement is regulated by the legislation of the State of permanent domicile."]
    for unit in units:
        assert chunk.text[unit.start - chunk.start:unit.end - chunk.start] == unit.text
        assert unit.key == f"{chunk.chunk_id}:{unit.start}:{unit.end}"


def test_each_definition_is_its_own_unit_with_its_term(make_chunk):
    units = chunk_units(make_chunk(DEFINITIONS, paragraph="5"))
    definitions = [u for u in units if u.kind == "definition"]
    assert [u.term for u in definitions] == ["State of entry", "Family member"]
    assert "Definition of Family member:" in embedding_text(definitions[1])


def test_a_lead_in_keeps_its_short_list(make_chunk):
    text = ("2. A member State worker realize the right to:\n\n  1) own, use and dispose their property;\n\n"
            "  2) protect their property ;\n\n  3) freely transfer their funds.")
    units = chunk_units(make_chunk(text, paragraph="2"))
    assert len(units) == 1 and units[0].text.endswith("freely transfer their funds.")


def test_fragments_and_word_helpers():
    assert is_fragment("request the opinion of the Court of the EAEU;")
    assert not is_fragment("Residence of the Court of the EAEU shall be the city of Minsk.")
    assert content_stems("The workers' families") == {stem("workers"), stem("families")} == {"work", "famil"}
    assert {stem("worker"), stem("pension")} <= content_stems("Workers and their pensions")
    assert word_overlap("Court sits in Minsk", "The Court sits in Minsk") == 1.0


def test_a_list_item_reads_with_its_lead_in_and_a_sentence_does_not(make_chunk):
    from dataclasses import replace

    lead = "The Supreme Council shall have the following responsibilities:"
    text = "4) upon suggestion of member States appoint the judges of the Court of\n  the EAEU;\n\n  5) approve the budget;"
    chunk = replace(make_chunk(text, article="12", paragraph="2", start=2000), leads=((1900, 1900 + len(lead), lead),))
    item = chunk_units(chunk)[0]
    assert item.kind == "item" and item.text.startswith("upon suggestion")
    assert item.leads == chunk.leads and item.in_context == f"{lead} {item.text}"
    sentence = chunk_units(replace(make_chunk("3. The Court sits in Minsk."), leads=chunk.leads))[0]
    assert sentence.leads == () and sentence.in_context == sentence.text
    assert "Supreme Council" not in embedding_text(item)  # the stored unit vectors are unchanged


def test_a_list_entry_is_cut_off_only_without_the_lead_in_an_answer_shows_before_it(make_chunk):
    from dataclasses import replace

    lead = "The Supreme Council shall have the following responsibilities:"
    text = "8) at the request of a member State reconsider decisions of the Intergovernmental Council;\n\n  9) approve " \
           "the budget;"
    bare = make_chunk(text, article="12", paragraph="2", start=3000)
    entry = chunk_units(bare)[0]
    assert is_fragment(entry.text) and entry.leads == () and cut_off(entry)  # alone it says nothing
    with_lead = chunk_units(replace(bare, leads=((2900, 2900 + len(lead), lead),)))[0]
    assert is_fragment(with_lead.text) and with_lead.leads and not cut_off(with_lead)  # quoted after its lead-in
    assert not cut_off(chunk_units(make_chunk("3. The Court sits in Minsk."))[0])  # a sentence never is


def test_a_title_line_is_a_heading_and_a_sentence_opening_with_an_acronym_is_not():
    assert is_heading("TREATYon the Accession of the Kyrgyz Republicto the Treaty on Eurasian Economic Unionfrom 29 May "
                      "2014")  # a document's title glued by the source's layout
    assert is_heading("SECOND PART\nCUSTOMS UNION")
    assert not is_heading("EAEU member States shall cooperate in the field of labour migration.")
    assert not is_heading("Kyrgyz Republic - 1.9 percent;")
    assert not is_heading("The Court shall sit in Minsk")  # no capitals word: a sentence cut short, not a title
    assert is_heading("TREATY ON THE EURASIAN ECONOMIC UNION")  # an all-capitals title line


def test_a_sentence_opening_with_an_acronym_is_no_heading_without_its_full_stop():
    # an upload's lines: a claim, not a title, though they open with capitals and end without punctuation
    assert not is_heading("EAEU workers keep their pension rights")
    assert not is_heading("CHI covers the worker but not the family")
    assert not is_heading("OMS policy for family members")
    assert not is_heading("CUSTOMS UNION.")  # closing punctuation: a sentence
