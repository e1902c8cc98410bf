"""scripts/followup_fusion.py: recorded follow-up fusions scored offline as the chain fuses them (model-free)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def _record(make_chunk, search=None):
    from eaeu_qa.followup_search import FollowUpWeights, cited_keys
    from eaeu_qa.records import CitedLocator, RetrievedPassage

    chunks = [make_chunk(f"passage {name} text", article=article, paragraph="1", start=start)
              for name, article, start in (("alpha", "8", 1), ("beta", "12", 2), ("gamma", "19", 3), ("delta", "20", 4))]
    main = [RetrievedPassage(rank=n, chunk=c, score=1.0 / n) for n, c in enumerate(chunks, 1)]
    cited = cited_keys([CitedLocator("Art. 20(1)", "eaeu_treaty")])
    inputs = {"main": main, "own": [], "cited": cited, "chunks_by_key": {("eaeu_treaty", "Art. 20(1)"): [chunks[3]]},
              "shift": False, "k": 8, "rrf_k": 60,
              "weights": FollowUpWeights(own=0, local=0, repeat=1, switch_local=0, aspect=0.25)}
    record = {"part": "tuneX", "id": "x1", "answerable": True, "gold": ["passage delta text"], "hit4": 0.0,
              "search": search or {"switch": False, "other_aspect": False}, "inputs": inputs}
    return record, chunks


def test_the_cited_weight_is_scored_as_the_chain_applies_it(make_chunk):
    import followup_fusion

    record, chunks = _record(make_chunk)
    assert followup_fusion.gold_ids(record, chunks) == {chunks[3].chunk_id}
    assert followup_fusion.top4_hits([record], chunks, cited=0.0) == {"tuneX": [1.0]}  # 4 passages: all in the top 4
    assert followup_fusion.fused(record, chunks, 3, cited=0.0)[-1] != chunks[3].chunk_id
    assert followup_fusion.fused(record, chunks, 3, cited=1.0)[0] == chunks[3].chunk_id  # the cited passage first
    switched, _ = _record(make_chunk, {"switch": True, "other_aspect": False})
    other, _ = _record(make_chunk, {"switch": False, "other_aspect": True})
    assert followup_fusion.as_searched(switched, {"cited": 1.0}) == {"cited": 0.0}
    assert followup_fusion.as_searched(other, {"cited": 1.0}) == {"cited": 0.25}
    assert followup_fusion.fused(switched, chunks, 3, **followup_fusion.as_searched(switched, {"cited": 1.0})) == \
        followup_fusion.fused(record, chunks, 3, cited=0.0)


def test_recording_refuses_a_held_out_set():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "followup_fusion.py"), "--record", "--sets",
                          "blind.jsonl"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 1 and "blind" in run.stderr and "Traceback" not in run.stderr
