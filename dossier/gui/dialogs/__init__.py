"""The window's dialogs. Each is reached through :class:`~dossier.gui.dialogs.prompts.Prompts`,
so tests can answer them without a modal dialog on screen."""
