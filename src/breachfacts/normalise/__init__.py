"""Pure normalisers: text in, value out. Nothing here imports spaCy."""
