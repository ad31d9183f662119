"""The ``breachfacts`` command: parse arguments, call the library, choose the exit code."""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
