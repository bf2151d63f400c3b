"""An OpenAI-compatible chat server on loopback for tests: POST /v1/chat/completions, programmable replies.

Each request is recorded (its JSON body); `reply` decides the answer: a string (the assistant's
message), or a `Reply` with a status code, a delay or a raw body.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0
    body: str | None = None  # sent as it is instead of a chat completion


class ChatServer:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply: Callable[[dict], str | Reply] = lambda request: "OK [1]"
        self._release = threading.Event()
        self.answered = 0  # requests the server finished answering
        self.hung_up = 0  # requests the client gave up on (closed the connection) while waiting
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, json.dumps({"error": {"message": "not found"}}))
                request = json.loads(raw)
                server.requests.append(request)
                answer = server.reply(request)
                answer = answer if isinstance(answer, Reply) else Reply(content=answer)
                if answer.delay and self._wait(answer.delay):
                    server.hung_up += 1
                    return
                if answer.body is not None:
                    return self._send(answer.status, answer.body)
                if answer.status != 200:
                    return self._send(answer.status, json.dumps({"error": {"message": "server error", "type": "server_error"}}))
                completion = {
                    "id": f"chatcmpl-{len(server.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": request.get("model", "test"),
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": answer.content}, "finish_reason": "stop"}
                    ],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                }
                self._send(200, json.dumps(completion))

            def _wait(self, delay: float) -> bool:
                """Wait ``delay`` seconds (or until released); True if the client hung up meanwhile."""
                deadline = time.monotonic() + delay
                while not server._release.is_set() and time.monotonic() < deadline:
                    readable, _, _ = select.select([self.connection], [], [], 0.05)
                    if readable and not self.connection.recv(1, socket.MSG_PEEK):
                        self.close_connection = True
                        return True
                return False

            def _send(self, status: int, body: str) -> None:
                server.answered += 1
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "ChatServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # What the model was sent, per message role, for the last request.
    def last(self, role: str) -> str:
        messages = self.requests[-1]["messages"]
        return "\n".join(m["content"] if isinstance(m["content"], str) else json.dumps(m["content"]) for m in messages
                         if m["role"] == role)
