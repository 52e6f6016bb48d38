"""Issue 22: who may sign in to the workspace (pia_core/workspace/access.py)."""

from __future__ import annotations

import pytest

from pia_core.workspace.access import (
    ADMINS_ENV,
    ALLOW_ENV,
    Access,
    AccessConfigError,
    AccessRules,
    Refusal,
    normalise_email,
)

FIRM = AccessRules.parse(
    "@adviesbureau.example, carla@zzp.example", admins="anna@adviesbureau.example, dirk@extern.example"
)


def verified(email: str) -> dict[str, object]:
    return {"email": email, "email_verified": True, "name": "X", "is_logged_in": True}


def test_an_address_at_an_allowed_domain_gets_in() -> None:
    assert FIRM.decide(verified("joost@adviesbureau.example")) == Access(
        "joost@adviesbureau.example", allowed=True, admin=False, refusal=None
    )


def test_a_listed_address_gets_in() -> None:
    assert FIRM.decide(verified("carla@zzp.example")).allowed


def test_someone_elsewhere_is_refused_as_not_listed() -> None:
    access = FIRM.decide(verified("bram@elders.example"))
    assert access == Access("bram@elders.example", allowed=False, admin=False, refusal=Refusal.NOT_LISTED)


def test_a_domain_does_not_cover_its_subdomains_or_lookalikes() -> None:
    for email in (
        "x@sub.adviesbureau.example",
        "x@adviesbureau.example.evil.example",
        "x@evil-adviesbureau.example",
        "adviesbureau.example@evil.example",
    ):
        assert not FIRM.decide(verified(email)).allowed, email


def test_case_and_spaces_do_not_matter() -> None:
    rules = AccessRules.parse(
        " @AdviesBureau.Example , Carla@ZZP.example ", admins=" ANNA@adviesbureau.example"
    )
    assert rules.decide(verified("Joost@ADVIESBUREAU.example")).allowed
    assert rules.decide(verified("carla@zzp.EXAMPLE")).allowed
    access = rules.decide(verified(" Anna@AdviesBureau.example "))
    assert access.allowed and access.admin and access.email == "anna@adviesbureau.example"


def test_an_admin_is_an_admin_and_always_gets_in() -> None:
    assert FIRM.decide(verified("anna@adviesbureau.example")).admin
    outside = FIRM.decide(verified("dirk@extern.example"))  # not on the allow-list
    assert outside.allowed and outside.admin
    assert not FIRM.decide(verified("joost@adviesbureau.example")).admin


def test_an_unverified_address_is_refused_even_when_listed_or_admin() -> None:
    for value in (False, "false", None, 0, "yes"):
        claims = {"email": "anna@adviesbureau.example", "email_verified": value}
        access = FIRM.decide(claims)
        assert (access.allowed, access.admin, access.refusal) == (False, False, Refusal.UNVERIFIED), value


def test_verified_may_be_the_string_true_and_may_be_absent() -> None:
    assert FIRM.decide({"email": "joost@adviesbureau.example", "email_verified": "True"}).allowed
    # Microsoft Entra ID sends no email_verified claim.
    assert FIRM.decide({"email": "joost@adviesbureau.example"}).allowed


def test_entra_ids_domain_verification_counts_when_email_verified_is_absent() -> None:
    joost = "joost@adviesbureau.example"
    assert FIRM.decide({"email": joost, "xms_edov": True}).allowed
    assert FIRM.decide({"email": joost, "xms_edov": False}).refusal == Refusal.UNVERIFIED
    # email_verified, when sent, is the one that counts.
    assert FIRM.decide({"email": joost, "email_verified": True, "xms_edov": False}).allowed
    assert not FIRM.decide({"email": joost, "email_verified": False, "xms_edov": True}).allowed


def test_no_usable_email_is_refused() -> None:
    for claims in (
        {},
        {"email": None},
        {"email": ""},
        {"email": 42},
        {"email": "not an address"},
        {"email": "two@at@adviesbureau.example"},
        {"email": "@adviesbureau.example"},
        {"name": "Anna", "preferred_username": "anna@adviesbureau.example"},
    ):
        access = FIRM.decide(claims)
        assert (access.allowed, access.refusal) == (False, Refusal.NO_EMAIL), claims


def test_nothing_configured_lets_nobody_in() -> None:
    rules = AccessRules.from_env({})
    assert rules.empty
    assert rules.decide(verified("anna@adviesbureau.example")).refusal == Refusal.NOT_LISTED
    assert AccessRules.parse(" , ,").empty
    assert not FIRM.empty


def test_from_env_reads_both_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ENV, "@adviesbureau.example")
    monkeypatch.setenv(ADMINS_ENV, "anna@adviesbureau.example")
    rules = AccessRules.from_env()
    assert rules.domains == {"adviesbureau.example"}
    assert rules.admins == {"anna@adviesbureau.example"}
    monkeypatch.delenv(ALLOW_ENV)
    monkeypatch.delenv(ADMINS_ENV)
    assert AccessRules.from_env().empty


@pytest.mark.parametrize(
    ("allow", "admins", "named"),
    [
        ("adviesbureau.example", "", ALLOW_ENV),  # a domain needs its "@"
        ("@", "", ALLOW_ENV),
        ("@localhost", "", ALLOW_ENV),
        ("anna@", "", ALLOW_ENV),
        ("anna bram@adviesbureau.example", "", ALLOW_ENV),
        ("", "@adviesbureau.example", ADMINS_ENV),  # a whole domain of admins: refused
        ("", "anna", ADMINS_ENV),
    ],
)
def test_a_wrong_entry_is_named(allow: str, admins: str, named: str) -> None:
    with pytest.raises(AccessConfigError, match=named):
        AccessRules.parse(allow, admins)


def test_normalise_email() -> None:
    assert normalise_email("  Anna@AdviesBureau.Example ") == "anna@adviesbureau.example"
    assert normalise_email("anna@adviesbureau") is None  # no dot: not a domain on the internet
    assert normalise_email(["anna@adviesbureau.example"]) is None
