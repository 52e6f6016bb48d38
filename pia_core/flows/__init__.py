"""Communication flows: inventory, privacy flags and the savings of digital, secure sending."""
