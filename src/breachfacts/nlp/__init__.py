"""The spaCy side of breachfacts: pipeline, patterns and components."""

from .patterns import PatternError, load_patterns
from .pipeline import DEFAULT_MODEL, ModelError, load

__all__ = ["DEFAULT_MODEL", "ModelError", "PatternError", "load", "load_patterns"]
