"""One hierarchy of errors. The library raises these; only the CLI turns them into exit codes."""


class DipgraphError(Exception):
    """Base class of every error dipgraph raises on purpose."""


class ReadError(DipgraphError):
    """An input could not be read as a release (empty, binary, undecodable, too large, unreachable)."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractError(DipgraphError):
    """Extraction failed on a release that could be read."""


class StoreError(DipgraphError):
    """The store could not be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store for writing."""


class LoadError(DipgraphError):
    """An RDF file could not be read into the store (unknown format, syntax error); nothing was written."""


class QueryError(DipgraphError):
    """A query could not be found, parsed, bound or run."""


class EndpointError(DipgraphError):
    """A remote SPARQL endpoint failed or refused a request."""


class ExportError(DipgraphError):
    """A graph could not be exported."""


class ConfigError(DipgraphError):
    """A configuration file (the feeds `dipgraph watch` follows) is missing or wrong."""
