"""A loopback proxy in front of the served app that answers its plotly.js with another file:
how bench/charts.py weighs a smaller bundle before the app serves one."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bench.served import in_a_thread


class _Substitute(BaseHTTPRequestHandler):
    """Forwards GETs to the served app, and swaps the body of its plotly.js for another file's:
    the headers (caching, Vary, ETag) and a 304 stay the app's own."""

    protocol_version = "HTTP/1.1"
    upstream: str
    plotly: tuple[bytes, bytes]  # raw, gzipped
    HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}

    def do_GET(self) -> None:
        upstream = http.client.HTTPConnection(urlsplit(self.upstream).netloc, timeout=60)
        try:
            forwarded = {k: v for k, v in self.headers.items() if k.lower() not in self.HOP_BY_HOP}
            upstream.request("GET", self.path, headers=forwarded)
            response = upstream.getresponse()
            body = response.read()
        finally:
            upstream.close()
        if self.path.startswith("/assets/plotly-") and response.status == 200:
            raw, packed = self.plotly
            body = packed if response.getheader("Content-Encoding") == "gzip" else raw
        self.send_response_only(response.status)
        for name, value in response.getheaders():
            if name.lower() not in self.HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # every request would go to stderr
        pass


@contextmanager
def substituting(upstream: str, plotly_js: Path) -> Iterator[str]:
    """A loopback proxy to ``upstream`` that serves ``plotly_js`` as the app's plotly.js."""
    raw = plotly_js.read_bytes()
    handler = type(
        "Handler",
        (_Substitute,),
        {"upstream": upstream, "plotly": (raw, gzip.compress(raw, compresslevel=9, mtime=0))},
    )
    with in_a_thread(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield url
