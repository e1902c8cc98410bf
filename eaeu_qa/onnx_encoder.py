"""The embedding model as ONNX: exported once from the packaged weights, run with onnxruntime (no torch)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path

import numpy as np

from .files import atomic_write_bytes

# sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (sentence_bert_config.json); the packaged
# tokenizer.json says 128 and pads to a fixed 128, which would not match the torch path.
MAX_TOKENS = 256
BATCH_SIZE = 32
OPSET = 17
# Bump when the exported graph changes (inputs, pooling): it is part of the file name.
EXPORT_VERSION = "1"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# The saved optimised model: a folder holding the graph and, beside it, its weights (memory-mapped on load).
OPTIMIZED_GRAPH = "model.onnx"
OPTIMIZED_WEIGHTS = "model.onnx.data"


def weights_file(model_dir: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).is_file():
            return model_dir / name
    raise FileNotFoundError(f"No model weights (model.safetensors) in {model_dir}")


def model_checksum(model_dir: Path, cache_dir: Path) -> str:
    """SHA-256 of the model weights; remembered per (path, size, mtime) so it is hashed once."""
    weights = weights_file(model_dir)
    stat = weights.stat()
    memo_key = f"{weights}|{stat.st_size}|{stat.st_mtime_ns}"
    memo_file = cache_dir / "checksums.json"
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    if isinstance(memo, dict) and isinstance(memo.get(memo_key), str):
        return memo[memo_key]
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    checksum = digest.hexdigest()
    memo = memo if isinstance(memo, dict) else {}
    memo[memo_key] = checksum
    try:  # best effort: a read-only cache folder only costs recomputation next time
        atomic_write_bytes(memo_file, json.dumps(memo, indent=1).encode())
    except OSError:
        pass
    return checksum


def onnx_file(cache_dir: Path, model_name: str, checksum: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in model_name)[-60:]
    return cache_dir / "onnx" / f"{safe}-{checksum[:16]}-v{EXPORT_VERSION}.onnx"


def export(model_dir: Path, target: Path) -> Path:
    """Export transformer + mean pooling + L2 normalisation to one ONNX graph (needs torch and onnx)."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids)[0]
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            summed = (tokens * mask).sum(1)
            mean = summed / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    # Eager attention traces to plain MatMul/Softmax; SDPA's shape checks would be frozen into the graph.
    model = Pooled(AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")).eval()
    example = torch.ones((2, 8), dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    axes = {"batch": 0, "tokens": 1}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shape checks that hold for every input here
        torch.onnx.export(model, (example, example, torch.zeros_like(example)), str(partial),
                          input_names=list(_INPUTS), output_names=["sentence_embedding"],
                          dynamic_axes={**{name: dict(map(reversed, axes.items())) for name in _INPUTS},
                                        "sentence_embedding": {0: "batch"}},
                          opset_version=OPSET, dynamo=False)
    os.replace(partial, target)
    return target


class OnnxEncoder:
    """Tokenizes with the model's tokenizer.json and runs the exported graph; unit-length vectors out."""

    engine = "onnx"

    def __init__(self, model_dir: Path, onnx_path: Path, threads: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        pad_id = self.tokenizer.token_to_id("[PAD]") or 0
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token="[PAD]")  # to the longest in the batch
        self.session = _session(ort, onnx_path, threads)
        self.input_names = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Length-sorted batches pad least (sentence-transformers sorts the same way).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for begin in range(0, len(order), batch_size):
            batch = order[begin:begin + batch_size]
            out[batch] = self._run([texts[i] for i in batch])
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return self.session.run(None, {k: v for k, v in feeds.items() if k in self.input_names})[0]

    @property
    def dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1] or 384)


def _session(ort, onnx_path: Path, threads: int):
    """An onnxruntime session; the graph optimisations (0.3 s of a cold start) are done once and saved, with
    the weights in a separate file that onnxruntime memory-maps instead of reading and copying 90 MB (the
    session's start: 0.27 -> 0.06 s of CPU, 87 MB less memory; the same vectors bit for bit)."""
    saved = onnx_path.with_name(f"{onnx_path.stem}.ort-{ort.__version__}.optimized")  # a folder: graph + weights
    options = _options(ort, threads)
    if (saved / OPTIMIZED_GRAPH).is_file():
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return ort.InferenceSession(str(saved / OPTIMIZED_GRAPH), sess_options=options,
                                        providers=["CPUExecutionProvider"])
        except Exception:  # a damaged copy: optimise the export again below
            shutil.rmtree(saved, ignore_errors=True)
    # EXTENDED, not ALL: the saved graph then holds no layout choices specific to this CPU.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    partial = saved.with_name(f"{saved.name}.{os.getpid()}.partial")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        options.optimized_model_filepath = str(partial / OPTIMIZED_GRAPH)
        # onnxruntime's own options for saving the optimised graph with its weights in a file beside it.
        options.add_session_config_entry("session.optimized_model_external_initializers_file_name",
                                         OPTIMIZED_WEIGHTS)
        options.add_session_config_entry("session.optimized_model_external_initializers_min_size_in_bytes",
                                         "1024")
        session = ort.InferenceSession(str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"])
        try:
            os.rename(partial, saved)  # the folder appears complete, or not at all
        except OSError:  # another process saved it first
            shutil.rmtree(partial, ignore_errors=True)
        # The single-file form earlier versions saved (90 MB); those versions recreate it if they run again.
        saved.with_name(f"{saved.name}.onnx").unlink(missing_ok=True)
        return session
    except Exception:  # a read-only cache folder: optimise in memory every time
        shutil.rmtree(partial, ignore_errors=True)
        options = _options(ort, threads)
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        return ort.InferenceSession(str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"])


def _options(ort, threads: int):
    """Session options: warnings off, `threads` intra-op threads (0: onnxruntime's choice), and idle worker threads
    sleep instead of spinning: on a shared 2-core machine spinning took the core the main thread needed (one
    question: p50 31-42 ms with spinning, 18-19 ms without; docs/benchmarks.md)."""
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads:
        options.intra_op_num_threads = threads
    return options
