"""The Dossier window: PySide6 views and Qt models over :mod:`dossier.core`."""
