//! Audience match keys: each platform's documented normalization, then SHA-256 in lowercase hex.
//!
//! The expected keys were computed outside this crate from the rules alone,
//! e.g. `python3 -c "import hashlib; print(hashlib.sha256(b'14155552671').hexdigest())"`.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use common::NOW;
use purpose_bound::{Advertising, Consent, EmailAddress, MatchKey, PhoneNumber, Platform};

/// The consent every identifier of this file is collected under.
fn consent() -> Consent<Advertising> {
    common::consent(1)
}

fn phone(input: &str) -> PhoneNumber<Advertising> {
    consent().parse_phone(input).unwrap()
}

fn email(input: &str) -> EmailAddress<Advertising> {
    consent().parse_email(input).unwrap()
}

#[test]
fn meta_hashes_phone_digits_with_country_code_and_no_plus() {
    // sha256("14155552671")
    assert_eq!(
        phone("+1 (415) 555-2671")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0"
    );
    // sha256("442079460958")
    assert_eq!(
        phone("+44 20 7946 0958")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "35e206e5dec4c89b9e8b71b8c32724a5bb518483ac5a20c6617d738375b3b823"
    );
}

#[test]
fn google_hashes_phone_in_e164_with_plus() {
    // sha256("+14155552671")
    assert_eq!(
        phone("+1 415 555 2671")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928"
    );
    // sha256("+442079460958")
    assert_eq!(
        phone("+44 (0)20 7946 0958")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d"
    );
}

#[test]
fn both_platforms_hash_email_trimmed_and_lowercased() {
    for platform in [Platform::Meta, Platform::Google] {
        // sha256("ada@example.com")
        assert_eq!(
            email("  Ada@EXAMPLE.com\t")
                .match_key(&consent(), NOW, platform)
                .unwrap()
                .expose_secret(),
            "b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72"
        );
        // sha256("ada.lovelace@example.org")
        assert_eq!(
            email("Ada.Lovelace@Example.Org")
                .match_key(&consent(), NOW, platform)
                .unwrap()
                .expose_secret(),
            "7799473ff091b38137e0698047364e040446fe7cb3209e8321d5a865127853d0"
        );
    }
}

/// `(input, SHA-256 of its trimmed, lowercased form)`, for inputs whose
/// normalized form is 15, 55, 56, 64, 65, 85, 129 and 218 bytes long: one
/// SHA-256 block with and without room for the length, a whole block of
/// input, and inputs spanning two to four blocks. A key computed from only
/// part of the input fails all but the first rows.
///
/// None of these domains is Gmail's, so dots and `+` tags stay and the keys
/// are the same for both platforms. Each hex value is
/// `hashlib.sha256(input.strip().lower().encode()).hexdigest()`.
const WHOLE_INPUT: &[(&str, &str)] = &[
    (
        "Ada@Example.com",
        "b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72",
    ),
    (
        "Ada.LovelaceLovelaceLovelaceLovelaceLovelac@Example.com",
        "60b57a80bc3c0e06b897b5b4f136521c529b53c8e52f7b6b1fb920f5dba15c3f",
    ),
    (
        "Ada.LovelaceLovelaceLovelaceLovelaceLovelace@Example.com",
        "940bc0e8d02d0ee64e7f5f1fec3fe6fdee7543c37a560bde2bacbe9c44b5afd7",
    ),
    (
        "Ada.LovelaceLovelaceLovelaceLovelaceLovelaceLovelace@Example.com",
        "bf43018bf3807a027d09f29f01758f9829234fc0b49edf2b33fece1c2c7ea378",
    ),
    (
        "Ada.LovelaceLovelaceLovelaceLovelaceLovelaceLovelaceL@Example.com",
        "cc5f8bdc5399bc0f20d65fceb213b9110158fe7e805f9b6be80924ee9ce1cd3d",
    ),
    (
        "Ada.Augusta.King+Analytical.Engine@Difference-Engine.Babbage-And-Lovelace.example.org",
        "1db7b1f5b73813a190466bc4596e5abaae44a0fb1d114a08413c5bcc980e1130",
    ),
    (
        "Augusta.Ada.King.Countess.of.Lovelace+Notes.On.The.Engine\
         @Sketch-Of-The-Analytical-Engine.Invented-By-Charles-Babbage.example.org",
        "a8e0e7801d06bf69e4ffc8e718f7d14b91a6f7e59862adea22eaca4e20550350",
    ),
    (
        "Augusta.Ada.King.Countess.of.Lovelace+Notes.On.The.Engine.1843\
         @Translations.Of-Menabreas-Sketch.Of-The-Analytical-Engine\
         .Invented-By-Charles-Babbage.Scientific-Memoirs.Volume-Three\
         .Richard-And-John-E-Taylor.example.org",
        "16f3ee0572fba1cda4a9c0cf4fc3a86cae4bfaca4d074692057a5b2b2e43ba80",
    ),
];

#[test]
fn keys_hash_the_whole_normalized_address() {
    for &(input, expected) in WHOLE_INPUT {
        for platform in [Platform::Meta, Platform::Google] {
            assert_eq!(
                email(input)
                    .match_key(&consent(), NOW, platform)
                    .unwrap()
                    .expose_secret(),
                expected,
                "{platform:?} key of {} bytes",
                input.len()
            );
        }
    }
}

/// The examples Meta publishes with their expected SHA-256, in the
/// Conversions API's "Customer Information Parameters"
/// (<https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters>).
/// Both hashes agree with the page's own normalized forms.
#[test]
fn meta_published_examples() {
    // em: "John_Smith@gmail.com", normalized "john_smith@gmail.com".
    assert_eq!(
        email("John_Smith@gmail.com")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
    );
    // ph: US number "(650)555-1212", normalized "16505551212".
    assert_eq!(
        phone("+1 (650)555-1212")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"
    );
}

/// Google's "Format user data" (Data Manager API) gives normalized forms but
/// no hashes: the US number "(800)555-0100" becomes "+18005550100". The hash
/// is `hashlib.sha256(b"+18005550100").hexdigest()`.
#[test]
fn google_published_phone_normalization() {
    assert_eq!(
        phone("+1 (800)555-0100")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30"
    );
}

#[test]
fn keys_differ_by_platform_for_phones_and_gmail_only() {
    let p = phone("+14155552671");
    assert_ne!(
        p.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        p.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
    let e = email("ada@example.com");
    assert_eq!(
        e.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        e.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
    let g = email("ada.lovelace@gmail.com");
    assert_ne!(
        g.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        g.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
}

/// Google removes dots and `+` tags from the local part at `gmail.com` and
/// `googlemail.com` ("Format user data", Data Manager API); Meta does not.
#[test]
fn google_drops_dots_and_plus_tags_at_gmail_only() {
    let tagged = email("Ada.Lovelace+news@GMail.com");
    let plain = email("adalovelace@gmail.com");
    assert_eq!(
        tagged.match_key(&consent(), NOW, Platform::Google).unwrap(),
        plain.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
    assert_ne!(
        tagged.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        plain.match_key(&consent(), NOW, Platform::Meta).unwrap()
    );
    // sha256("adalovelace@gmail.com")
    assert_eq!(
        tagged
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "cd98a25152ad884b29e524ea5d3d8d35615ed0afbbc5ea3a6d4215572b0b2bde"
    );
    // sha256("ada.lovelace+news@gmail.com")
    assert_eq!(
        tagged
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "1ea120351353b93e08701f5cd65ee7bd157f7ecfccb087bfe00ee77f9f8de1c0"
    );
}

#[test]
fn google_keeps_the_googlemail_domain() {
    // The rule covers googlemail.com but does not rewrite it to gmail.com:
    // sha256("adalovelace@googlemail.com").
    let key = email("Ada.Lovelace+news@GoogleMail.com")
        .match_key(&consent(), NOW, Platform::Google)
        .unwrap();
    assert_eq!(
        key.expose_secret(),
        "6be28aa72bbe6cfa132b0ba7d703d754030e24fb45433356be4fd017512c9488"
    );
    assert_ne!(
        key,
        email("adalovelace@gmail.com")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
    );
    // sha256("ada.lovelace+news@googlemail.com")
    assert_eq!(
        email("Ada.Lovelace+news@GoogleMail.com")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "7237a5b917b3367dee6a1771449ea139c662ea7bffef6541bd948fc568f2bdc4"
    );
}

/// Google's own examples in "Format user data" (Data Manager API), which
/// gives normalized forms and no hashes; each hash here is
/// `hashlib.sha256(normalized.encode()).hexdigest()`.
#[test]
fn google_published_email_normalizations() {
    // "cloudy.sanfrancisco+shopping@gmail.com" -> "cloudysanfrancisco@gmail.com"
    assert_eq!(
        email("cloudy.sanfrancisco+shopping@gmail.com")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4"
    );
    // "user.name+NYC@Example.com" -> "user.name+nyc@example.com", the same
    // for Meta.
    for platform in [Platform::Google, Platform::Meta] {
        assert_eq!(
            email("user.name+NYC@Example.com")
                .match_key(&consent(), NOW, platform)
                .unwrap()
                .expose_secret(),
            "f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac"
        );
    }
    // Meta's published address has neither dots nor a tag, so Google's key
    // is Meta's: sha256("john_smith@gmail.com").
    assert_eq!(
        email("John_Smith@gmail.com")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
    );
}

#[test]
fn gmail_rule_covers_long_local_parts_and_no_other_domain() {
    // 67 bytes in, 42 hashed for Google: sha256("augustaadakingcountessoflovelace@gmail.com").
    let long = email("Augusta.Ada.King.Countess.Of.Lovelace+Notes.On.The.Engine@GMail.com");
    assert_eq!(
        long.match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "2d982769e7738daa898154e8edaa385c61678f24d3f07d31e5cc6e1a1910c721"
    );
    // All 67 for Meta:
    // sha256("augusta.ada.king.countess.of.lovelace+notes.on.the.engine@gmail.com").
    assert_eq!(
        long.match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "fd045c2dc613118bee7b12ac9b2eec4a6d92fee009fddea8f75e1bde29ce210f"
    );
    // A subdomain of gmail.com, or a domain that only starts like it, keeps
    // its dots and tag for both platforms.
    for (input, expected) in [
        (
            // sha256("ada.lovelace+news@mail.gmail.com")
            "Ada.Lovelace+news@mail.gmail.com",
            "ac133c63a0ab1b1e0cc2873584df6846c101c8bced3d810b416617642dda6891",
        ),
        (
            // sha256("a.b+c@gmail.co")
            "a.b+c@gmail.co",
            "0a16943fbc02d2d538b180933704930d0e088b0688b7e8aec1efc31acf22b1b0",
        ),
    ] {
        for platform in [Platform::Google, Platform::Meta] {
            assert_eq!(
                email(input)
                    .match_key(&consent(), NOW, platform)
                    .unwrap()
                    .expose_secret(),
                expected,
                "{platform:?} {input}"
            );
        }
    }
}

#[test]
fn keys_are_redacted_and_comparable() {
    let key: MatchKey = phone("+14155552671")
        .match_key(&consent(), NOW, Platform::Meta)
        .unwrap();
    assert_eq!(format!("{key:?}"), "MatchKey([REDACTED])");
    assert_eq!(key.clone(), key);
    let hex = key.expose_secret();
    assert!(
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[test]
fn platforms_are_named_for_messages() {
    assert_eq!(Platform::Meta.name(), "Meta");
    assert_eq!(Platform::Google.name(), "Google");
}

/// Equal keys hash equally, and keys of different identifiers hash apart, so
/// that a set of keys (an upload deduplicated before it is sent) spreads.
#[test]
fn keys_hash_by_their_value() {
    use std::hash::BuildHasher;
    let hasher = std::collections::hash_map::RandomState::new();
    let key = |input| {
        phone(input)
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
    };
    let a = key("+14155552671");
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(a.clone()));
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(key("+1 415 555 2671")));
    assert_ne!(hasher.hash_one(&a), hasher.hash_one(key("+14155552672")));
}

/// Google's Gmail rule drops a `+` tag, but a local part that is nothing
/// a tag has no mailbox name left to keep: `+alice@gmail.com`
/// and `+bob@gmail.com` would both become `@gmail.com`. Such a local part is
/// kept whole, so distinct addresses never share a key.
#[test]
fn google_keeps_a_local_part_that_is_only_a_tag_whole() {
    let google = |input: &str| {
        email(input)
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
    };
    assert_ne!(google("+alice@gmail.com"), google("+bob@gmail.com"));
    // sha256("+alice@gmail.com"): the address as Meta hashes it too.
    assert_eq!(
        google("+Alice@GMail.com").expose_secret(),
        "e85760a3571552d435c5f9cf371db69076b007fe290da01e62d305836b395ca6"
    );
    // A local part with a name before its tag still loses the tag.
    assert_eq!(google("a.da+x@gmail.com"), google("ada@gmail.com"));
}
