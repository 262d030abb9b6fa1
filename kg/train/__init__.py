"""Training code for the shipped models, kept apart from inference (``kg train ...``).

Each module rebuilds one model under ``kg/models/`` from files in ``../shared/datasets/`` and
the repository, deterministically for a seed; ``kg/models/README.md`` is their model card.
"""
