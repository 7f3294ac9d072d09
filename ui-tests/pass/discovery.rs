// Contact discovery: an uploaded address book finds, through keyed lookups,
// only the identifiers whose owners consented to be found; a findable
// identifier may be collected or adopted under that consent.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(dead_code, reason = "the uses are proved by compiling them, never run")]

use std::collections::HashSet;
use std::time::Duration;

use purpose_bound::{
    BeFound, Consent, ContactUpload, Discoverable, DiscoveryKey, EmailAddress, FindContacts,
    Keyring, PhoneNumber, TwoFactor,
};

fn findable(
    keyring: &Keyring,
    consent: &Consent<Discoverable>,
    sign_in: &PhoneNumber<TwoFactor>,
    email: &str,
    now: Duration,
) -> Result<Vec<DiscoveryKey>, Box<dyn std::error::Error>> {
    let phone: PhoneNumber<Discoverable> = consent.adopt(sign_in)?;
    let email: EmailAddress<Discoverable> = consent.parse_email(email)?;
    Ok(vec![
        phone.discovery_key(keyring, consent, now)?,
        BeFound::discovery_key(&email, keyring, consent, now)?,
    ])
}

fn sync(
    keyring: &Keyring,
    table: &HashSet<DiscoveryKey>,
    address_book: &[&str],
) -> Result<usize, Box<dyn std::error::Error>> {
    let mut found = 0;
    for entry in address_book {
        let contact: PhoneNumber<ContactUpload> = entry.parse()?;
        // One key per enabled key of the ring: rows made before a rotation
        // are found too.
        if contact
            .contact_lookup(keyring)
            .keys()
            .iter()
            .any(|key| table.contains(key))
        {
            found += 1;
        }
        let _ = FindContacts::contact_lookup(&contact, keyring);
    }
    Ok(found)
}
