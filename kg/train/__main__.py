"""``python -m kg.train ner``: the same as ``kg train ner``."""

from kg.cli import train

train(prog_name="python -m kg.train")
