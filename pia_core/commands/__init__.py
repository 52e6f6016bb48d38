"""Sub-commands of `python -m pia_core`; each module has `register(subparsers)`."""
