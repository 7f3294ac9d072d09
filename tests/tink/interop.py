"""Sealed values checked by Python's tink, code no one here wrote.

Run by `.ci/run` after `cargo run --example tink_interop -- write DIR`,
with tink pinned in tests/tink/requirements.txt:

    python tests/tink/interop.py DIR

It reads DIR/crate.json (the crate's Tink JSON keysets of three purposes,
and values sealed under them) and checks that

- tink opens every value with its purpose's keyset and the associated
  data, built here from the documented format rather than taken from the
  crate;
- tink refuses every value under the associated data of any other purpose,
  kind or consent, and under every other purpose's keyset, whatever the
  associated data;
- a keyset with a DESTROYED key and no keyData, as the crate writes it,
  reads in tink;

then seals fresh values with the same keysets into DIR/tink.json, which
`cargo run --example tink_interop -- check DIR` opens with the crate.
"""

import base64
import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import tink
from tink import daead, secret_key_access

PREFIX = "purpose-bound/sealed/v3"
# The account every value here belongs to, and another one.
SUBJECT = "user-42"
OTHER_SUBJECT = "user-43"


def subject_tag(account_id):
    """The subject's tag: the first 16 bytes of SHA-256 of the domain and
    the account id, in hex, as BigQuery builds it in SQL."""
    return hashlib.sha256(f"purpose-bound/subject/v1:{account_id}".encode()).digest()[:16].hex()


def associated_data(kind, purpose, consent, subject=SUBJECT):
    """The documented associated data, built independently of the crate."""
    ad = f"{PREFIX};kind={kind};purpose={purpose};subject={subject_tag(subject)}"
    if consent is not None:
        ad += f";consent={consent}"
    return ad.encode("ascii")


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def refuses(primitive, ciphertext, ad):
    try:
        primitive.decrypt_deterministically(ciphertext, ad)
    except tink.TinkError:
        return True
    return False


def main(directory):
    daead.register()
    ours = json.loads((directory / "crate.json").read_text())
    primitives = {}
    for purpose, keyset in ours["keysets"].items():
        parsed = json.loads(keyset)
        statuses = sorted(key["status"] for key in parsed["key"])
        assert statuses == ["DESTROYED", "ENABLED", "ENABLED"], statuses
        assert all("keyData" not in key for key in parsed["key"] if key["status"] == "DESTROYED")
        handle = tink.json_proto_keyset_format.parse(keyset, secret_key_access.TOKEN)
        primitives[purpose] = handle.primitive(daead.DeterministicAead)

    contexts = [
        (kind, purpose, consent)
        for kind in ("phone", "email")
        for purpose, consent in [
            ("two_factor", None),
            ("account_notice", None),
            ("two_factor+account_notice", None),
            ("advertising", 42),
            ("advertising", 43),
            ("marketing", 7),
            ("marketing", 42),
            ("advertising", None),
        ]
    ]
    checked = refused = 0
    for value in ours["values"]:
        own = (value["kind"], value["purpose"], value["consent"])
        ad = associated_data(*own)
        assert value["associated_data"].encode("ascii") == ad, (value["associated_data"], ad)
        ciphertext = unb64url(value["sealed"])
        assert ciphertext[0] == 1, "TINK output prefix"
        assert int.from_bytes(ciphertext[1:5], "big") == value["key_id"]
        primitive = primitives[value["purpose"]]
        plaintext = primitive.decrypt_deterministically(ciphertext, ad)
        assert plaintext == value["plaintext"].encode(), (value["purpose"], plaintext)
        # Deterministic: tink seals the same bytes (under the primary key).
        if value["key_id"] == json.loads(ours["keysets"][value["purpose"]])["primaryKeyId"]:
            assert primitive.encrypt_deterministically(plaintext, ad) == ciphertext
        checked += 1
        # The same value copied into another account's row does not open.
        assert refuses(primitive, ciphertext, associated_data(*own, subject=OTHER_SUBJECT))
        refused += 1
        for context in contexts:
            if context != own:
                assert refuses(primitive, ciphertext, associated_data(*context)), context
                refused += 1
        for purpose, other in primitives.items():
            if purpose == value["purpose"]:
                continue
            for context in contexts:
                assert refuses(other, ciphertext, associated_data(*context)), (purpose, context)
                refused += 1

    sealed = []
    for purpose, kind, consent, plaintext in [
        ("two_factor", "phone", None, "+14155552671"),
        ("two_factor", "email", None, "lin@example.org"),
        ("advertising", "phone", 42, "+33123456789"),
        ("advertising", "email", 43, "grace@example.com"),
        ("marketing", "email", 7, "ada@example.com"),
    ]:
        ad = associated_data(kind, purpose, consent)
        ciphertext = primitives[purpose].encrypt_deterministically(plaintext.encode(), ad)
        sealed.append(
            {
                "purpose": purpose,
                "kind": kind,
                "consent": consent,
                "sealed": b64url(ciphertext),
                "plaintext": plaintext,
            }
        )
    (directory / "tink.json").write_text(json.dumps({"values": sealed}, indent=2))
    print(
        f"tink {version('tink')}: opened {checked} values, "
        f"refused {refused} wrong purpose, kind, subject, consent or keyset; sealed {len(sealed)}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
