"""Web pages and feeds by URL: one careful HTTP GET, bounded in time, size and redirects.

:func:`fetch` is the one place breachfacts talks HTTP (httpx, imported on first use). It
never hangs and never reads without bound:

- connect and read timeouts, and a deadline for the whole download (a server that sends
  one byte a second is cut off too);
- a size cap on the bytes actually read, both as they come off the wire and once
  decompressed: breachfacts undoes gzip and deflate itself, a bounded piece at a time, so a
  gzip bomb stops at the cap without ever being inflated in memory (no other coding is
  asked for, and one the server sends anyway is refused);
- redirects followed by hand, at most :attr:`FetchOptions.max_redirects`, a loop refused,
  and each target checked: http and https only;
- the content type checked before the body is read (HTML, XHTML or plain text for a page;
  XML types for a feed);
- an honest User-Agent, :data:`USER_AGENT`.

Every failure is a :class:`~breachfacts.errors.ReadError` naming the URL and the reason
(``timed out reading (no data for 10 s)``, ``HTTP 404 Not Found``, ``redirect loop``, ...).

Example:
    >>> is_url("https://example.com/a"), is_url("data/a.txt"), is_url("HTTP://X")
    (True, False, True)
    >>> fetch("ftp://example.com/a")
    Traceback (most recent call last):
    ...
    breachfacts.errors.ReadError: ftp://example.com/a: not an http or https URL
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from breachfacts.errors import ReadError

from .limits import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import httpx

PROJECT_URL = "https://github.com/breachfacts/breachfacts"

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
"""Content types read as an article page."""
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
        "application/feed+xml",
        "text/plain",  # servers that do not know better
    }
)
"""Content types read as an RSS or Atom feed."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("breachfacts")
    except PackageNotFoundError:  # a source tree that is not installed
        return "0"


USER_AGENT = f"breachfacts/{_version()} (+{PROJECT_URL})"


@dataclass(frozen=True)
class FetchOptions:
    """How a URL is fetched.

    Attributes:
        connect_timeout: Seconds to wait for the connection (``--timeout``).
        read_timeout: Seconds to wait for each piece of the response (``--timeout``).
        deadline: Seconds the whole download may take, however steadily it trickles.
        max_bytes: Largest body read, counted both as received and once decompressed
            (``--max-bytes``, as for files).
        max_redirects: Redirects followed before giving up.
        user_agent: The ``User-Agent`` header.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 120.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    user_agent: str = field(default=USER_AGENT)


@dataclass(frozen=True)
class Fetched:
    """What a GET brought back.

    Attributes:
        url: The URL asked for.
        final_url: Where the body came from, after redirects.
        status: The HTTP status (200, or 304 for ``not_modified``).
        content_type: The media type, lower case, without parameters ("" if none was sent).
        charset: The ``charset`` parameter of the content type, if any.
        body: The (decompressed) body; empty when not modified.
        etag: The ``ETag`` header, if any.
        last_modified: The ``Last-Modified`` header, if any.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request: nothing new."""
        return self.status == 304


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address (any case), which is fetched."""
    return text[:8].lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    options: FetchOptions | None = None,
    *,
    accept: frozenset[str] = PAGE_TYPES,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url`` within the bounds of ``options``.

    Args:
        accept: The content types wanted; another one is refused before its body is read.
            A response without a content type is read (and judged by its bytes later).
        etag, last_modified: Sent back as ``If-None-Match`` / ``If-Modified-Since``; a 304
            answer is a :class:`Fetched` with ``not_modified`` true and no body.

    Raises:
        ReadError: ``<url>: <reason>`` for anything that is not a usable answer.
    """
    opts = options or FetchOptions()
    _check_scheme(url, url)
    import httpx

    headers = {
        "User-Agent": opts.user_agent,
        "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(
        connect=opts.connect_timeout,
        read=opts.read_timeout,
        write=opts.read_timeout,
        pool=opts.connect_timeout,
    )

    def get() -> Fetched:
        started = time.monotonic()
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            return _follow(client, url, opts, accept, started)

    try:
        return _within(opts.deadline, get, url)
    except ReadError:
        raise
    except httpx.HTTPError as err:
        raise ReadError(url, _why(err, opts)) from None
    except httpx.InvalidURL as err:
        raise ReadError(url, f"not a valid URL ({' '.join(str(err).split())})") from None
    except (OSError, ValueError) as err:  # a bad URL httpx refuses, a socket error
        raise ReadError(
            url, f"cannot fetch ({' '.join(str(err).split()) or type(err).__name__})"
        ) from None


def _within(seconds: float, get: Callable[[], Fetched], url: str) -> Fetched:
    """``get()`` in a worker thread, given up after ``seconds``: the read timeout bounds each
    wait, and this the whole (a server that drips its headers a byte at a time included).
    The body loop checks the deadline too, so a worker given up on soon stops reading."""
    box: list[Fetched | BaseException] = []

    def work() -> None:
        try:
            box.append(get())
        except BaseException as err:  # noqa: BLE001  (handed to the caller's thread)
            box.append(err)

    worker = threading.Thread(target=work, name="breachfacts-fetch", daemon=True)
    worker.start()
    worker.join(seconds)
    if not box:
        raise ReadError(url, f"timed out (the download took more than {seconds:g} s)")
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def _follow(
    client: httpx.Client, url: str, opts: FetchOptions, accept: frozenset[str], started: float
) -> Fetched:
    """Follow redirects by hand: bounded, loops refused, every target http(s)."""
    seen = {url}
    current = url
    for _ in range(opts.max_redirects + 1):
        with client.stream("GET", current) as resp:
            if resp.status_code in _REDIRECTS and "location" in resp.headers:
                target = urljoin(str(resp.url), resp.headers["location"])
                _check_scheme(url, target, redirect=True)
                if target in seen:
                    raise ReadError(url, f"redirect loop (back to {target})")
                seen.add(target)
                current = target
                continue
            return _answer(resp, url, opts, accept, started)
    raise ReadError(url, f"too many redirects (more than {opts.max_redirects})")


def _answer(
    resp: httpx.Response, url: str, opts: FetchOptions, accept: frozenset[str], started: float
) -> Fetched:
    etag = resp.headers.get("etag")
    modified = resp.headers.get("last-modified")
    if resp.status_code == 304:
        return Fetched(url, str(resp.url), 304, "", None, b"", etag, modified)
    if resp.status_code >= 300 or resp.status_code < 200:
        phrase = resp.reason_phrase or ""
        raise ReadError(url, f"HTTP {resp.status_code} {phrase}".rstrip())
    mime, charset = _content_type(resp.headers.get("content-type"))
    if mime and mime not in accept:
        wanted = "HTML or plain text" if accept == PAGE_TYPES else "an RSS or Atom feed"
        raise ReadError(url, f"not {wanted} (content type {mime})")
    length = resp.headers.get("content-length", "")
    if length.isdigit() and int(length) > opts.max_bytes:
        raise ReadError(url, _too_large(f"Content-Length {int(length)} bytes is", opts))
    body = _read_body(resp, url, opts, started)
    return Fetched(url, str(resp.url), resp.status_code, mime, charset, body, etag, modified)


def _read_body(resp: httpx.Response, url: str, opts: FetchOptions, started: float) -> bytes:
    """The body, decompressed a bounded piece at a time; never more than ``max_bytes``."""
    decoder = _decoder(resp.headers.get("content-encoding", ""), url)
    out = bytearray()
    raw = 0
    for chunk in resp.iter_raw(_CHUNK):
        raw += len(chunk)
        if raw > opts.max_bytes:
            raise ReadError(url, _too_large(f"more than {opts.max_bytes} bytes received,", opts))
        if time.monotonic() - started > opts.deadline:
            raise ReadError(url, f"timed out (the download took more than {opts.deadline:g} s)")
        _inflate(decoder, chunk, out, url, opts)
    if decoder is not None:
        _inflate(decoder, b"", out, url, opts)
        if not decoder.eof:
            raise ReadError(url, "compressed body cut short (connection dropped?)")
    return bytes(out)


def _decoder(encoding: str, url: str) -> zlib._Decompress | None:  # type: ignore[name-defined]
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return None
    if codings in (["gzip"], ["x-gzip"]):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if codings == ["deflate"]:
        return zlib.decompressobj()  # zlib-wrapped, as RFC 9110 says
    raise ReadError(url, f"unsupported content encoding ({encoding})")


def _inflate(
    decoder: zlib._Decompress | None,  # type: ignore[name-defined]
    chunk: bytes,
    out: bytearray,
    url: str,
    opts: FetchOptions,
) -> None:
    """Append ``chunk`` (decompressed) to ``out``, never growing it past ``max_bytes + 1``."""
    if decoder is None:
        out += chunk
    else:
        data = chunk
        try:
            while True:
                room = opts.max_bytes + 1 - len(out)
                out += decoder.decompress(data, room)
                data = decoder.unconsumed_tail
                if not data or len(out) > opts.max_bytes:
                    break
        except zlib.error as err:
            raise ReadError(url, f"bad compressed body ({err})") from None
    if len(out) > opts.max_bytes:
        raise ReadError(
            url, _too_large(f"more than {opts.max_bytes} bytes once decompressed,", opts)
        )


def _too_large(what: str, opts: FetchOptions) -> str:
    return f"too large: {what} over the {opts.max_bytes}-byte limit (raise it with --max-bytes)"


def _content_type(value: str | None) -> tuple[str, str | None]:
    """(media type, charset) of a ``Content-Type`` header.

    Example:
        >>> _content_type('text/HTML; charset="ISO-8859-1"')
        ('text/html', 'ISO-8859-1')
    """
    if not value:
        return "", None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    return msg.get_content_type(), charset if isinstance(charset, str) else None


def _check_scheme(url: str, target: str, *, redirect: bool = False) -> None:
    try:
        parts = urlsplit(target)
    except ValueError:
        raise ReadError(url, f"not a valid URL ({target})") from None
    if parts.scheme.lower() not in ("http", "https"):
        if redirect:
            raise ReadError(url, f"redirect to a non-http(s) URL refused ({target})")
        raise ReadError(url, "not an http or https URL")
    if not parts.hostname:
        raise ReadError(url, f"not a valid URL ({target}: no host)")


def _why(err: httpx.HTTPError, opts: FetchOptions) -> str:
    """The reason of an httpx error, in a user's words."""
    import httpx

    text = " ".join(str(err).split())
    low = text.lower()
    if isinstance(err, httpx.ConnectTimeout):
        return f"timed out connecting (after {opts.connect_timeout:g} s)"
    if isinstance(err, (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout)):
        return f"timed out reading (no data for {opts.read_timeout:g} s)"
    if isinstance(err, httpx.ConnectError):
        if "refused" in low:
            return "connection refused"
        dns = ("name or service", "nodename nor servname", "getaddrinfo", "name resolution")
        if any(d in low for d in dns):
            return f"DNS lookup failed ({text})"
        return f"cannot connect ({text})"
    if isinstance(err, (httpx.RemoteProtocolError, httpx.ReadError)):
        return f"connection dropped ({text or 'the server closed it'})"
    if isinstance(err, httpx.UnsupportedProtocol):
        return "not an http or https URL"
    return f"cannot fetch ({text or type(err).__name__})"
