"""A real HTTP server on 127.0.0.1 for the URL and feed tests: routes are plain functions.

with serve({"/a": page(b"<html>...</html>")}) as srv:
    srv.url("/a")       # http://127.0.0.1:<port>/a
    srv.hits["/a"]      # how many times it was asked for
    srv.headers["/a"]   # the request headers of the last request
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path


class QuietServer(ThreadingHTTPServer):
    """A server that does not print a traceback when a client hangs up.

    The client under test closes connections on purpose (a read timeout, a refused
    content type); ``socketserver`` would print that reset to ``sys.stderr``, which is
    the stream the CLI's error lines are read from. Any other error is kept in
    ``errors`` and printed as usual.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors: list[BaseException] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionResetError, BrokenPipeError, TimeoutError)):
            return
        if err is not None:
            self.errors.append(err)
        super().handle_error(request, client_address)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """Serve ``routes`` on 127.0.0.1 (port 0) in a thread for the ``with`` block."""
    server: Server

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            server.hits[path] = server.hits.get(path, 0) + 1
            server.headers[path] = {k.lower(): v for k, v in self.headers.items()}
            route = server.routes.get(path)
            try:
                if route is None:
                    send(self, 404, b"not here", "text/plain")
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: Any) -> None:
            pass

    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server = Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    ctype: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    if ctype:
        h.send_header("Content-Type", ctype)
    extra = headers or {}
    if "Content-Length" not in extra:
        h.send_header("Content-Length", str(len(body)))
    for k, v in extra.items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def page(body: bytes, ctype: str | None = "text/html; charset=utf-8", **headers: str) -> Route:
    return lambda h: send(h, 200, body, ctype, {k.replace("_", "-"): v for k, v in headers.items()})


def status(code: int) -> Route:
    return lambda h: send(h, code, b"", "text/plain")


def redirect(location: str, code: int = 302) -> Route:
    return lambda h: send(h, code, b"", "text/plain", {"Location": location})


def slow(delay: float, body: bytes = b"<html><body><p>late</p></body></html>") -> Route:
    """Headers at once, then nothing for ``delay`` seconds (a read timeout)."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.flush()
        time.sleep(delay)
        h.wfile.write(body)

    return route


def dropped(h: BaseHTTPRequestHandler) -> None:
    """Promise 10,000 bytes, send 10, close the connection."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "10000")
    h.end_headers()
    h.wfile.write(b"<html><bod")
    h.wfile.flush()
    h.close_connection = True


def endless(h: BaseHTTPRequestHandler) -> None:
    """No Content-Length: bytes until the client gives up."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b"<p>" + b"x" * 8000 + b"</p>\n"
    for _ in range(10_000):
        h.wfile.write(chunk)
    h.close_connection = True


def lying_length(h: BaseHTTPRequestHandler) -> None:
    """Say 100 bytes, send a great deal more, then close."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100")
    h.send_header("Connection", "close")
    h.end_headers()
    for _ in range(1000):
        h.wfile.write(b"y" * 8000)
    h.close_connection = True


def gzip_bomb(size: int) -> Route:
    """``size`` zero bytes, gzipped (about a thousandth of that on the wire)."""
    body = gzip.compress(b"\0" * size, compresslevel=9)

    def route(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, body, "text/html", {"Content-Encoding": "gzip"})

    return route


def dripping_headers(h: BaseHTTPRequestHandler) -> None:
    """A header line every 0.1 s for 3 s: each wait is short, the whole is not."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for i in range(30):
        h.wfile.write(f"X-Drip-{i}: x\r\n".encode())
        h.wfile.flush()
        time.sleep(0.1)
    h.close_connection = True
