"""Bytes to text: the encodings articles come in, and files that are not text at all.

UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM when every other
byte is NUL, then charset-normalizer's guess (as cp1252 when it reads as Latin script).
PDFs, images, archives and other binary files are refused with one line saying what they are.

Example:
    >>> decode_bytes(b"%PDF-1.7 ...", "x.pdf")
    Traceback (most recent call last):
    ...
    breachfacts.errors.ReadError: x.pdf: binary file, not text (PDF document)
"""

from __future__ import annotations

import codecs
import re

from breachfacts.errors import ReadError, not_utf8

# Magic numbers of the binary formats people most often pass by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Unicode blocks of text that cp1252 can carry: a guess in these is decoded as cp1252.
_LATIN_BLOCKS = frozenset(
    {
        "Basic Latin",
        "Latin-1 Supplement",
        "Latin Extended-A",
        "Latin Extended-B",
        "Latin Extended Additional",
        "General Punctuation",
        "Currency Symbols",
        "Letterlike Symbols",
        "Spacing Modifier Letters",
        "Control character",  # charset-normalizer's name for C0/C1 controls
    }
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.1
# Above this share of bytes >= 0x80, text is not in a Latin code page unless the detector says so.
_MAX_LATIN_HIGH_BYTES = 0.3


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a file's bytes to text, or say in one line why it is not text.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM when
    every other byte is NUL, then charset-normalizer's guess; when any of its readings
    is in Latin script, cp1252 (so curly quotes survive), falling back to Latin-1.

    Example:
        >>> decode_bytes("caf\\u00e9 \\u201cquoted\\u201d".encode("cp1252"), "x.txt")
        'café “quoted”'
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReadError(source, f"binary file, not text ({kind})")
    text = _decode_unicode(data, source)
    if text is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ReadError(source, f"binary file, not text (NUL byte at offset {nul})")
        text = _decode_guess(data, source)
    _check_not_binary(text, source)
    return text


def _decode_unicode(data: bytes, source: str) -> str | None:
    """Decode data that says it is Unicode (BOM, NUL pattern) or is valid UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                name = encoding.replace("-sig", "").upper()
                raise ReadError(
                    source, f"not {name} despite its byte order mark (offset {err.start})"
                ) from None
    if b"\x00" in data:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has NUL as every other byte."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(odd)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.5 * n and other.count(0) == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_guess(data: bytes, source: str) -> str:
    """Not UTF-8: take charset-normalizer's guess, as cp1252 when it is Latin text."""
    from charset_normalizer import from_bytes

    err = _utf8_error(data)
    if _is_broken_utf8(data):
        raise ReadError(source, f"{err} and no other text encoding fits")
    # Without a BOM or NULs (handled before), a UTF-16/32 reading is a false CJK one.
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        raise ReadError(source, f"{err} and no other text encoding fits")
    best = matches[0]
    # Short texts fool the detector (a cp1252 'café “quoted”' reads as Cyrillic), so any
    # plausible Latin-script reading, or mostly ASCII with some high bytes, means cp1252.
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    latin = any(set(m.alphabets) <= _LATIN_BLOCKS for m in matches)
    if latin or non_ascii <= _MAX_LATIN_HIGH_BYTES * len(data):
        for encoding in ("cp1252", "latin-1"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ReadError(source, f"{err} and no other text encoding fits") from None


def _is_broken_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes: any code page would turn its ’ into â€™ mojibake.

    In cp1252/Latin-1 text, bytes that happen to form UTF-8 sequences are rare, and
    far fewer than the accented letters that do not; here they are the majority.
    """
    sequences = len(_UTF8_MULTIBYTE.findall(data))
    if not sequences:
        return False
    invalid = data.decode("utf-8", "replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return sequences >= invalid


def _utf8_error(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return not_utf8(data, err)
    return "not UTF-8"  # pragma: no cover - only called after UTF-8 failed


def _check_not_binary(text: str, source: str) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(source, f"binary file, not text (NUL character at offset {nul})")
    controls = len(_CONTROL_CHARS.findall(text))
    if text and controls > _MAX_CONTROL_RATIO * len(text):
        share = round(100 * controls / len(text))
        raise ReadError(source, f"binary file, not text ({share}% control characters)")
