// An audience job that reads a column straight into advertising numbers:
// with a re-tagged column (`'advertising:' || substr(two_factor_phone, 12)`)
// this was the Twitter path. Consent purposes come back only through their
// consent.

use purpose_bound::{Advertising, PhoneNumber};
use rusqlite::Connection;

fn audience(db: &Connection) -> rusqlite::Result<PhoneNumber<Advertising>> {
    db.query_row("SELECT advertising_phone FROM users", [], |row| {
        row.get::<_, PhoneNumber<Advertising>>(0)
    })
}

fn main() {}
