"""Widgets of the main window, each over a session or a model."""
