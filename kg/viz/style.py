"""Colours, shapes and short Chinese labels per ontology class and predicate.

The values live in ``kg/viz/assets/style.toml`` (presentation data, edited
without touching code). Unknown classes and predicates get a neutral grey and
their local name, so a new ontology term still draws.

>>> class_style("Bank")["zh"], predicate_style("subsidiaryOf")["inverse"]
('银行', '旗下')
>>> predicate_style("newPredicate")["zh"]
'newPredicate'
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from kg.errors import KgError

__all__ = ["STYLE_FILE", "class_style", "predicate_style", "class_names", "predicate_names"]

STYLE_FILE = "assets/style.toml"
_GREY = "#BBBBBB"


@lru_cache(maxsize=1)
def _style() -> dict:
    path = resources.files("kg.viz").joinpath(STYLE_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise KgError(f"{path}: cannot read the style file ({err})") from err
    return {"classes": data.get("classes", {}), "predicates": data.get("predicates", {})}


def class_style(name: str) -> dict:
    """``zh`` (legend name), ``color`` and ``shape`` of an ontology class; a class without its own
    entry is drawn like its nearest super-class in the ontology.

    >>> class_style("University")["shape"] == class_style("Organization")["shape"]
    True
    """
    classes = _style()["classes"]
    found = classes.get(name)
    if found is None:
        from kg.graph.labels import ancestors  # lazy: parses the ontology once

        found = next((classes[a] for a in ancestors(name) if a in classes), {})
        found = {**found, "zh": _class_zh(name) or found.get("zh", name)}
    return {"zh": found.get("zh", name), "color": found.get("color", _GREY), "shape": found.get("shape", "dot")}


def _class_zh(name: str) -> str:
    from kg.graph.labels import class_labels

    return class_labels().get(name, {}).get("zh", "")


def predicate_style(name: str) -> dict:
    """``zh`` (label read subject → object), ``inverse`` (read object → subject, may be "") and ``color``."""
    found = _style()["predicates"].get(name, {})
    return {"zh": found.get("zh", name), "inverse": found.get("inverse", ""), "color": found.get("color", _GREY)}


def class_names() -> tuple[str, ...]:
    """Classes the style file knows, in legend order.

    >>> class_names()[0]
    'Bank'
    """
    return tuple(_style()["classes"])


def predicate_names() -> tuple[str, ...]:
    """Predicates the style file knows, in legend order."""
    return tuple(_style()["predicates"])
