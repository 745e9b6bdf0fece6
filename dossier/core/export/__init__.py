"""Exporting a dossier as a briefing. Only this package imports reportlab; :mod:`.pdf` is the entry point."""
