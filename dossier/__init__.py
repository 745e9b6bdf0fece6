"""Dossier: turn a pile of news articles into a short, cited briefing."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("dossier")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"

APP_NAME = "Dossier"
