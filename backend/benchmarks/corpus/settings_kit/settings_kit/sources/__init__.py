"""Settings sources."""

from .base import Source
from .files import FileSource, TomlSource
from .remote import RemoteSource

__all__ = ["FileSource", "RemoteSource", "Source", "TomlSource"]
