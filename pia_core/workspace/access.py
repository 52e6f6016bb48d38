"""Who may sign in to the workspace, and who is its admin: rules read from the environment.

A consultant signs in with the firm's identity provider (OpenID Connect, `st.login`); the
provider says who someone is, these rules say whether that person may use the workspace:

- `PIA_WORKSPACE_ALLOW`: comma-separated e-mail addresses (`anna@adviesbureau.example`) and
  whole domains (`@adviesbureau.example`: every address at exactly that domain, not its
  subdomains);
- `PIA_WORKSPACE_ADMINS`: comma-separated e-mail addresses (never domains) of the admins. An
  admin may always sign in, listed in `PIA_WORKSPACE_ALLOW` or not.

Addresses compare without regard to case. The provider must vouch for the address: a person
without an `email` claim is refused, and so is one whose `email_verified` claim is present and
not true (Google and Keycloak send it). Microsoft Entra ID sends no `email_verified`; where its
optional claim `xms_edov` (the address's domain is verified by its owner) is present, it counts
instead. Nothing configured means nobody gets in: the rules fail closed.

Why the environment and not `secrets.toml`: who may sign in is not a secret but the firm's
operating decision, set where the other server settings are (`PIA_STORE_URL`, a service
manager's unit, a container's environment) and changed without touching the file that holds
the client secret; it is also readable here, in the core, without Streamlit. What is secret
(the provider's client secret, the cookie secret) stays in Streamlit's `[auth]` section.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

ALLOW_ENV = "PIA_WORKSPACE_ALLOW"
ADMINS_ENV = "PIA_WORKSPACE_ADMINS"


class AccessConfigError(ValueError):
    """A setting that is not a list of addresses (and, for the allow-list, domains)."""


class Refusal(StrEnum):
    NO_EMAIL = "no_email"  # the provider sent no usable e-mail address
    UNVERIFIED = "unverified"  # the provider says the address is not verified
    NOT_LISTED = "not_listed"  # neither the address nor its domain is allowed


@dataclass(frozen=True)
class Access:
    """The verdict for one signed-in person."""

    email: str | None  # normalised (lower case), None when the provider sent none
    allowed: bool
    admin: bool
    refusal: Refusal | None  # why not, when not allowed


def normalise_email(value: object) -> str | None:
    """The address in lower case, or None when `value` is not one address (`local@domain`)."""
    if not isinstance(value, str):
        return None
    email = value.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or not _is_domain(domain) or any(c.isspace() for c in email):
        return None
    return email


def _is_domain(text: str) -> bool:
    return bool(text) and "@" not in text and not any(c.isspace() for c in text) and "." in text.strip(".")


def _entries(raw: str) -> list[str]:
    return [entry.strip() for entry in raw.split(",") if entry.strip()]


def _is_verified(value: object) -> bool:
    # JSON true; some providers send the string "true".
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _verification_claim(claims: Mapping[str, object]) -> str:
    """The claim that says whether the address is verified: `email_verified` (OpenID Connect
    Core), else Entra ID's optional `xms_edov` (the e-mail's domain is verified by its owner)."""
    return "email_verified" if "email_verified" in claims or "xms_edov" not in claims else "xms_edov"


@dataclass(frozen=True)
class AccessRules:
    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()  # without the "@"
    admins: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, allow: str, admins: str = "") -> AccessRules:
        """Rules from the two settings' text; AccessConfigError names the entry that is wrong."""
        addresses: set[str] = set()
        domains: set[str] = set()
        for entry in _entries(allow):
            if entry.startswith("@"):
                domain = entry[1:].lower()
                if not _is_domain(domain):
                    raise AccessConfigError(
                        f"{ALLOW_ENV}: '{entry}' is not a domain like @adviesbureau.example"
                    )
                domains.add(domain)
                continue
            email = normalise_email(entry)
            if email is None:
                raise AccessConfigError(f"{ALLOW_ENV}: '{entry}' is not an e-mail address or @domain")
            addresses.add(email)
        admin_set: set[str] = set()
        for entry in _entries(admins):
            email = normalise_email(entry)
            if email is None:
                raise AccessConfigError(
                    f"{ADMINS_ENV}: '{entry}' is not an e-mail address (domains are not allowed)"
                )
            admin_set.add(email)
        return cls(frozenset(addresses), frozenset(domains), frozenset(admin_set))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AccessRules:
        env = os.environ if environ is None else environ
        return cls.parse(env.get(ALLOW_ENV, ""), env.get(ADMINS_ENV, ""))

    @property
    def empty(self) -> bool:
        """Nobody can sign in (the settings are missing or blank)."""
        return not (self.addresses or self.domains or self.admins)

    def decide(self, claims: Mapping[str, object]) -> Access:
        """The verdict for the person the identity provider's claims (`st.user`) describe."""
        email = normalise_email(claims.get("email"))
        if email is None:
            return Access(None, allowed=False, admin=False, refusal=Refusal.NO_EMAIL)
        if not _is_verified(claims.get(_verification_claim(claims), True)):
            return Access(email, allowed=False, admin=False, refusal=Refusal.UNVERIFIED)
        admin = email in self.admins
        domain = email.rpartition("@")[2]
        if admin or email in self.addresses or domain in self.domains:
            return Access(email, allowed=True, admin=admin, refusal=None)
        return Access(email, allowed=False, admin=False, refusal=Refusal.NOT_LISTED)
