"""Training commands: rebuild the models shipped under ``kg/models/`` from licence-clean data.

Each module rebuilds one model (``ner``: the name tagger, ``relations``: the relation
classifier) from files in ``../shared/datasets/`` and the repository, deterministically for a
seed; ``kg/models/README.md`` is their model card. Training code lives here, apart from
inference (:mod:`kg.extract.tagger`, :mod:`kg.extract.classifier`), so that a run of the
pipeline never imports a teacher model or a trainer.
"""
