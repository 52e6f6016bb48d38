"""Privacy Impact Analyse: the product's core, free of any UI framework."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
CONTENT_DIR = REPO_DIR / "content"
