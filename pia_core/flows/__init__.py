"""Communication flows: their rules and presets, privacy flags and the savings of digital, secure
sending. The inventory itself is part of the scan file (pia_core/scan/flow_model.py)."""
