"""Every exception kg raises, under one root.

``str(error)`` is always one line naming the file or thing, the problem and,
where possible, the fix. The CLI turns any :class:`KgError` into ``Error: …``
and exit status 1; library code never prints or exits.
"""

__all__ = [
    "KgError",
    "InputError",
    "NoDocuments",
    "LexiconError",
    "StoreError",
    "QueryError",
    "QueryRefused",
    "QueryTooLarge",
    "ShapeViolation",
    "EntityNotFound",
]


class KgError(Exception):
    """Root of every error kg raises on purpose."""


class InputError(KgError):
    """An input file or path cannot be read as an article."""

    def __init__(self, path, problem):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class LexiconError(KgError):
    """A language-data file under kg/lexicon/ is malformed."""


class StoreError(KgError):
    """The graph store is missing, locked or damaged."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown or not allowed."""


class QueryRefused(QueryError):
    """A query asks for what the read-only graph does not allow (UPDATE, LOAD, SERVICE)."""


class QueryTooLarge(QueryError):
    """A query's result has more rows than the caller allows."""


class ShapeViolation(KgError):
    """The graph does not conform to ontology/shapes.ttl."""


class EntityNotFound(KgError):
    """No entity has the given name or alias."""


class NoDocuments(InputError):
    """None of the given files could be read; ``problems`` says why, file by file."""

    def __init__(self, path, problem, problems=()):
        super().__init__(path, problem)
        self.problems = list(problems)
