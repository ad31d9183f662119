"""The bounds every reader shares.

Example:
    >>> DEFAULT_MAX_BYTES
    20971520
"""

from __future__ import annotations

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Largest input read, a file or a page by URL (``--max-bytes``)."""
