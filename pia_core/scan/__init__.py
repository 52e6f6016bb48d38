"""The scan and its file format: the state model, the dossier, migrations, reading and writing files."""
