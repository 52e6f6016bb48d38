"""The scan and its file format: the state model (its flows too), the dossier, migrations, reading and
writing files. Checking an upload against what this version knows is pia_core/importing.py, above."""
