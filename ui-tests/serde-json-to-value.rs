// `serde_json::to_value(&email)` would be an ad-hoc exposure that nothing
// marks. The stored form leaves only through `expose_stored()` or
// `#[serde(with = "purpose_bound::stored")]`.

use purpose_bound::{AccountRecovery, EmailAddress};

fn export(email: &EmailAddress<AccountRecovery>) -> serde_json::Value {
    serde_json::to_value(email).unwrap()
}

fn main() {}
