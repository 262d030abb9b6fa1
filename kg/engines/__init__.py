"""Build engines beyond the local process pool of :mod:`kg.build` (``kg build --engine ...``)."""
