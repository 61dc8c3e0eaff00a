"""Parts of the docs generated from the code's declarations, between
`<!-- NAME:start ... -->` and `<!-- NAME:end -->` markers: read them (the
tests compare them with the declarations) and rewrite them."""

from __future__ import annotations

from pathlib import Path


def _bounds(text: str, name: str) -> tuple[int, int]:
    start = text.index("\n", text.index(f"<!-- {name}:start")) + 1
    return start, text.index(f"<!-- {name}:end -->")


def generated(path: Path, name: str) -> str:
    """The text between the markers named `name`."""
    text = path.read_text(encoding="utf-8")
    start, end = _bounds(text, name)
    return text[start:end]


def regenerate(path: Path, name: str, body: str) -> None:
    """Replace the text between the markers named `name` with `body`."""
    text = path.read_text(encoding="utf-8")
    start, end = _bounds(text, name)
    path.write_text(text[:start] + body + text[end:], encoding="utf-8")
