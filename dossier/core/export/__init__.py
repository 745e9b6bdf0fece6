"""Exporting a dossier as a briefing. :mod:`dossier.core.export.pdf` is the only module that imports reportlab."""
