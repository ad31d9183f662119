"""The spaCy side of breachfacts: pipeline, patterns and components."""

from .patterns import PatternError, load_patterns
from .pipeline import DEFAULT_MODEL, ModelError, add_components, load

__all__ = ["DEFAULT_MODEL", "ModelError", "PatternError", "add_components", "load", "load_patterns"]
