"""Training commands: rebuild the models shipped under ``kg/models/`` from licence-clean data.

Training code lives here, apart from inference (:mod:`kg.extract.tagger`), so that a run
of the pipeline never imports a teacher model or a trainer.
"""
