"""Qt item models over core objects: they translate core events, they hold no data."""
