"""Records: what Sofia keeps about people: the SQLite database, preferences, turns, answers and votes,
the staff insight figures, and masking of personal data. The bottom layer: it may use only the
shared modules (config, models)."""
