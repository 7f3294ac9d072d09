// Identifiers are not `AsRef<str>`: they cannot be passed where any string
// is accepted.

use purpose_bound::{AccountRecovery, EmailAddress};

fn write_line(line: impl AsRef<str>) {
    let _ = line.as_ref();
}

fn leak(email: EmailAddress<AccountRecovery>) {
    write_line(email);
}

fn main() {}
