"""A scripted OpenAI-compatible chat server on 127.0.0.1: the test double beside the real llama.cpp server.

Each test sets `server.script` to what the next completion should do; the server records every request.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    """What the next /chat/completions call returns."""

    text: str = ""  # streamed in pieces of `piece` characters
    piece: int = 7
    mode: str = "ok"  # ok | slow | garbage | cut (connection closed mid-stream) | error
    delay_s: float = 0.0  # before the first byte (slow) or between pieces
    finish_reason: str = "stop"


@dataclass
class DoubleServer:
    server: ThreadingHTTPServer
    script: Script = field(default_factory=Script)
    requests: list[dict] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {} if content is None else {"content": content}
    body = {"id": "chatcmpl-double", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": "double", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


def start_double() -> DoubleServer:
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep pytest output clean
            pass

        def do_POST(self):
            double: DoubleServer = holder["double"]
            length = int(self.headers.get("Content-Length") or 0)
            try:
                double.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            except ValueError:
                double.requests.append({})
            script = double.script
            if script.mode == "slow":
                time.sleep(script.delay_s)
            if script.mode == "error":
                body = b'{"error": {"message": "model crashed", "type": "server_error"}}'
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                if script.mode == "garbage":
                    self.wfile.write(b"data: {not json at all\n\n<html>502 Bad Gateway</html>\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(_chunk(""))
                pieces = [script.text[i:i + script.piece] for i in range(0, len(script.text), script.piece)]
                for i, piece in enumerate(pieces):
                    if script.mode == "cut" and i >= len(pieces) // 2:
                        self.wfile.flush()
                        self.connection.shutdown(2)  # the server dies mid-answer
                        return
                    self.wfile.write(_chunk(piece))
                    self.wfile.flush()
                    if script.mode == "ok" and script.delay_s:
                        time.sleep(script.delay_s)
                self.wfile.write(_chunk(None, script.finish_reason))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass  # the client gave up (timeout or stop): nothing to clean up

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    double = DoubleServer(server=server)
    holder["double"] = double
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return double
