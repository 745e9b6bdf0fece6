"""Dossier's core: pure Python, no Qt. Everything a user can do is callable from here."""
