// Binding an identifier as an SQL parameter writes its raw value; it is
// written only where the code says so: `phone.expose_stored()`, or sealed.

use purpose_bound::{PhoneNumber, TwoFactor};
use rusqlite::{Connection, params};

fn save(db: &Connection, phone: &PhoneNumber<TwoFactor>) -> rusqlite::Result<usize> {
    db.execute("INSERT INTO users (two_factor_phone) VALUES (?1)", params![phone])
}

fn main() {}
