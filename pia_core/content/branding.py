"""Branding of the firm that runs the app: name, logo, colours, contact, call to action.

Read from a YAML file named by the environment variable PIA_BRANDING_FILE. Without one the app is
neutral and complete; a missing or broken file falls back to that neutral default with a warning,
so a typo in a config file never takes the app down in front of a client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from pia_core.content.loader import ContentError, read_yaml
from pia_core.content.schema import Strict
from pia_core.vocabulary import Language

ENV_VAR = "PIA_BRANDING_FILE"
LOGO_MAX_BYTES = 2_000_000
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG: what fpdf2 and browsers show
HEX = r"^#[0-9A-Fa-f]{6}$"


class Colours(Strict):
    primary: str = Field(default="#1F4E79", pattern=HEX)
    accent: str = Field(default="#E69F00", pattern=HEX)


class Contact(Strict):
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    website: str = Field(default="", max_length=200)

    def lines(self) -> list[str]:
        return [value for value in (self.website, self.email, self.phone) if value]


class CallToAction(Strict):
    text: dict[Language, str]
    url: str = Field(default="", max_length=500)

    @field_validator("url")
    @classmethod
    def _https_or_mailto(cls, url: str) -> str:
        if url and not url.startswith(("https://", "mailto:", "tel:")):
            raise ValueError("use an https://, mailto: or tel: link")
        return url


class BrandingFile(Strict):
    name: str = Field(default="", max_length=120)
    logo: str | None = None  # path relative to the branding file
    colours: Colours = Field(default_factory=Colours)
    contact: Contact = Field(default_factory=Contact)
    call_to_action: CallToAction | None = None


@dataclass(frozen=True)
class Branding:
    settings: BrandingFile
    logo_bytes: bytes | None = None
    warning: str | None = None  # why the configured file was not used, if it was not

    @property
    def name(self) -> str:
        return self.settings.name


NEUTRAL = Branding(settings=BrandingFile())


def _read_logo(base: Path, relative: str) -> bytes:
    path = (base / relative).resolve()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"logo {relative}: cannot read ({exc.strerror})") from None
    if len(data) > LOGO_MAX_BYTES:
        raise ContentError(f"logo {relative}: larger than {LOGO_MAX_BYTES:,} bytes")
    if not data.startswith(_IMAGE_MAGIC):
        raise ContentError(f"logo {relative}: not a PNG or JPEG image")
    return data


def load_branding(path: Path | None) -> Branding:
    """The branding in `path`, or the neutral default (with a warning if `path` was unusable)."""
    if path is None:
        return NEUTRAL
    try:
        data = read_yaml(path)
        settings = BrandingFile.model_validate(data if data is not None else {})
        logo = _read_logo(path.parent, settings.logo) if settings.logo else None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        return Branding(settings=BrandingFile(), warning=f"{path.name}: field '{where}': {first['msg']}")
    except ContentError as exc:
        return Branding(settings=BrandingFile(), warning=str(exc).replace(str(path.parent) + "/", ""))
    return Branding(settings=settings, logo_bytes=logo)


def configured_branding_file() -> Path | None:
    """The branding file this deployment names in PIA_BRANDING_FILE, if any."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else None
