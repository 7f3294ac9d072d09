//! Contact discovery: being found, [`BeFound`](crate::BeFound)
//! ([`be_found`]), under a live `Consent<Discoverable>`; finding contacts,
//! [`FindContacts`](crate::FindContacts) ([`find_contacts`]), for the user
//! who uploaded them; and the keys both are keyed by ([`discovery_key`]).
//!
//! Granted in the purposes table: `BeFound` to `Discoverable`,
//! `FindContacts` to `ContactUpload`.

pub(crate) mod be_found;
pub(crate) mod discovery_key;
pub(crate) mod find_contacts;
