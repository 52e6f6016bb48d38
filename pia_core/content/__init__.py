"""Content: the question catalogue, levels and UI texts, loaded from `content/` and validated."""
