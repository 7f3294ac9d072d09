//! The other half of `tests/tink/interop.py`, which `.ci/run` runs with
//! Python's `tink` from PyPI: proof, from code no one here wrote, that
//! sealed values are Tink's deterministic AEAD.
//!
//! ```sh
//! cargo run --example tink_interop --features seal -- write DIR  # keysets and sealed values
//! python tests/tink/interop.py DIR                                # tink opens them, refuses the rest, seals its own
//! cargo run --example tink_interop --features seal -- check DIR  # the crate opens what tink sealed
//! ```
//!
//! `write` puts into `DIR/crate.json` the Tink JSON keysets of three
//! purposes (two enabled keys, the primary, and a destroyed one) and
//! values sealed under them, each with its documented associated data and
//! plaintext. `check` reads `DIR/tink.json`, values that tink sealed with
//! those keysets, and opens each with the purpose's `Keyset`, imported
//! from the JSON. The keys are fixed test keys; a real keyset is wrapped
//! with a KMS, never written in clear.

#![allow(
    clippy::indexing_slicing,
    reason = "indexing a `serde_json::Value` gives `Null` for what is missing; it never panics"
)]

use std::error::Error;
use std::path::Path;
use std::time::Duration;

use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, Identifier,
    Keyring, Keyset, Marketing, PhoneNumber, Purpose, RequiresConsent, Sealed, Subject, TwoFactor,
};
use serde_json::{Value, json};

/// The test ring: key 1 (old, enabled), key 2 (primary), key 3 (destroyed).
fn keyring() -> Result<Keyring, Box<dyn Error>> {
    let mut keyring = Keyring::new(1, &mut [7; 32]);
    keyring.rotate(2, &mut [9; 32])?;
    keyring.add(3, &mut [11; 32])?;
    keyring.destroy(3)?;
    Ok(keyring)
}

/// The account every value here belongs to.
const SUBJECT: &str = "user-42";

fn subject() -> Result<Subject, Box<dyn Error>> {
    Ok(Subject::new(SUBJECT)?)
}

fn consent<P: RequiresConsent>(id: u64) -> Result<Consent<P>, Box<dyn Error>> {
    let id = ConsentId::new(id).ok_or("a consent id is not zero")?;
    Ok(Consent::new(ConsentRecord::new(
        id,
        &subject()?,
        Duration::from_secs(1_767_225_600),
        "interop-v1",
        ConsentChannel::Web,
    ))?)
}

/// One sealed value as the Python side reads it.
fn entry<I: Identifier>(
    sealed: &Sealed<I>,
    kind: &str,
    consent: Option<u64>,
    plaintext: &str,
) -> Value {
    // Cannot fail: "user-42" is a valid account id.
    let ad = subject().map_or_else(
        |_| Vec::new(),
        |subject| Sealed::<I>::associated_data(&subject, consent.and_then(ConsentId::new)),
    );
    json!({
        "purpose": <I::Purpose as Purpose>::TAG,
        "kind": kind,
        "consent": consent,
        "subject": SUBJECT,
        "associated_data": String::from_utf8_lossy(&ad),
        "sealed": sealed.to_string(),
        "key_id": sealed.key_id(),
        "plaintext": plaintext,
    })
}

fn write(dir: &Path) -> Result<(), Box<dyn Error>> {
    let old = Keyring::new(1, &mut [7; 32]);
    let keyring = keyring()?;
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?.owned_by(&subject()?)?;
    let advertising = consent::<Advertising>(42)?;
    let marketing = consent::<Marketing>(7)?;
    let values = vec![
        entry(&keyring.seal(&phone)?, "phone", None, "+442079460958"),
        // Under the old key, which the keyset still holds.
        entry(&old.seal(&phone)?, "phone", None, "+442079460958"),
        entry(
            &keyring.seal(&advertising.parse_phone("+1 415 555 2671")?)?,
            "phone",
            Some(42),
            "+14155552671",
        ),
        entry(
            &keyring.seal(&advertising.parse_email("Grace@Example.COM")?)?,
            "email",
            Some(42),
            // The domain is lowercased; the local part is kept.
            "Grace@example.com",
        ),
        entry(
            &keyring.seal(&marketing.parse_email("ada@example.com")?)?,
            "email",
            Some(7),
            "ada@example.com",
        ),
    ];
    let keysets = json!({
        TwoFactor::TAG: keyring.expose_tink_keyset::<TwoFactor>(),
        Advertising::TAG: keyring.expose_tink_keyset::<Advertising>(),
        Marketing::TAG: keyring.expose_tink_keyset::<Marketing>(),
    });
    let out = json!({ "keysets": keysets, "values": values });
    std::fs::write(dir.join("crate.json"), serde_json::to_string_pretty(&out)?)?;
    println!("wrote {} values and 3 keysets", values_len(&out));
    Ok(())
}

fn values_len(out: &Value) -> usize {
    out["values"].as_array().map_or(0, Vec::len)
}

/// Opens a value tink sealed, with the keyset imported from the JSON the
/// crate wrote, and checks it against the plaintext tink was given.
fn check_one<I, P>(
    keysets: &Value,
    value: &Value,
    open: impl Fn(&Keyset<P>, &Sealed<I>) -> Result<I, Box<dyn Error>>,
    expected: impl Fn(&str) -> Result<I, Box<dyn Error>>,
) -> Result<(), Box<dyn Error>>
where
    I: Identifier<Purpose = P> + PartialEq + std::fmt::Debug,
    P: Purpose,
{
    let json = keysets[P::TAG].as_str().ok_or("no keyset")?;
    let keyset = Keyset::<P>::from_tink_json(json)?;
    let sealed: Sealed<I> = value["sealed"].as_str().ok_or("no value")?.parse()?;
    let plaintext = value["plaintext"].as_str().ok_or("no plaintext")?;
    let opened = open(&keyset, &sealed)?;
    if opened != expected(plaintext)? {
        return Err(format!("{} opened as another value", P::TAG).into());
    }
    // The crate seals the very bytes tink did.
    if keyset.seal(&opened)? != sealed {
        return Err(format!("{} seals differently from tink", P::TAG).into());
    }
    Ok(())
}

fn check(dir: &Path) -> Result<(), Box<dyn Error>> {
    let ours: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("crate.json"))?)?;
    let keysets = &ours["keysets"];
    let theirs: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("tink.json"))?)?;
    let values = theirs["values"].as_array().ok_or("no values")?;
    for value in values {
        let consent_id = value["consent"].as_u64();
        match (value["purpose"].as_str(), value["kind"].as_str()) {
            (Some("two_factor"), Some("phone")) => check_one::<PhoneNumber<TwoFactor>, _>(
                keysets,
                value,
                |keys, sealed| Ok(keys.open(sealed, &subject()?)?),
                |text| Ok(PhoneNumber::parse(text)?.owned_by(&subject()?)?),
            )?,
            (Some("two_factor"), Some("email")) => check_one::<EmailAddress<TwoFactor>, _>(
                keysets,
                value,
                |keys, sealed| Ok(keys.open(sealed, &subject()?)?),
                |text| Ok(EmailAddress::parse(text)?.owned_by(&subject()?)?),
            )?,
            (Some("advertising"), Some("phone")) => {
                let consent = consent::<Advertising>(consent_id.ok_or("no consent")?)?;
                check_one::<PhoneNumber<Advertising>, _>(
                    keysets,
                    value,
                    |keys, sealed| Ok(consent.open(keys, sealed)?),
                    |text| Ok(consent.parse_phone(text)?),
                )?;
            }
            (Some("advertising"), Some("email")) => {
                let consent = consent::<Advertising>(consent_id.ok_or("no consent")?)?;
                check_one::<EmailAddress<Advertising>, _>(
                    keysets,
                    value,
                    |keys, sealed| Ok(consent.open(keys, sealed)?),
                    |text| Ok(consent.parse_email(text)?),
                )?;
            }
            (Some("marketing"), Some("email")) => {
                let consent = consent::<Marketing>(consent_id.ok_or("no consent")?)?;
                check_one::<EmailAddress<Marketing>, _>(
                    keysets,
                    value,
                    |keys, sealed| Ok(consent.open(keys, sealed)?),
                    |text| Ok(consent.parse_email(text)?),
                )?;
            }
            other => return Err(format!("unexpected value {other:?}").into()),
        }
    }
    println!("opened {} values that tink sealed", values.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    match (args.next().as_deref(), args.next()) {
        (Some("write"), Some(dir)) => write(Path::new(&dir)),
        (Some("check"), Some(dir)) => check(Path::new(&dir)),
        _ => Err("usage: tink_interop write|check DIR".into()),
    }
}
