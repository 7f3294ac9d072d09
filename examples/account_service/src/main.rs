//! An account service on SQLite: two-factor sign-in, login alerts,
//! marketing by consent (adopted, not retyped), an advertising audience,
//! a withdrawal honoured by every job, and sealed columns that keep their
//! purpose inside the database.
//!
//! ```sh
//! cargo run -p account-service
//! ```
//!
//! `run` is the whole service, writing to any `Write`; `main` runs it on
//! stdout, and the library's `tests/test_audit.rs` runs it under a recording `tracing`
//! subscriber to check the audit trail of every hand-off.
//!
//! The service prints what it does at each step, with identifiers masked
//! (`+44 •••• ••58`). The console gateways stand in for an SMS provider and a
//! mail server: they print the raw recipient, because a gateway is the one
//! place the crate hands it over (`expose_secret`), and showing where it
//! leaves is the point. The numbers and addresses are fictional (Ofcom's
//! drama range, `example.com`); the key would come from a KMS.

use std::cell::RefCell;
use std::error::Error;
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Audience, Consent, ConsentChannel, ConsentId,
    ConsentRecord, ContactUpload, Device, Discoverable, EmailAddress, Keyring, Keyset, Mail,
    Marketing, Message, Notice, OtpCode, PhoneNumber, Platform, Purpose, Recipient,
    RequiresConsent, Sealed, Sms, Subject, SystemClock, Transport, TwoFactor,
};
use rusqlite::{Connection, OptionalExtension, params};

/// Every identifier column is a BLOB holding a sealed value: unreadable
/// without the key, and opened only as the purpose (and consent) it was
/// sealed for. Consents are rows of their own, withdrawals included.
const SCHEMA: &str = "
    CREATE TABLE users (
        id                INTEGER PRIMARY KEY,
        name              TEXT NOT NULL,
        security_phone    BLOB,  -- (TwoFactor, AccountNotice)
        recovery_email    BLOB,  -- AccountRecovery
        marketing_phone   BLOB,  -- Marketing, under a consent
        advertising_phone BLOB   -- Advertising, under a consent
    );
    CREATE TABLE discovery (
        lookup  BLOB PRIMARY KEY,   -- a keyed discovery key, never the number
        user_id INTEGER NOT NULL REFERENCES users (id)
    );
    CREATE TABLE contacts (
        owner   INTEGER NOT NULL REFERENCES users (id),
        contact BLOB NOT NULL       -- ContactUpload, sealed
    );
    CREATE TABLE consents (
        id        INTEGER PRIMARY KEY,
        user_id   INTEGER NOT NULL REFERENCES users (id),
        purpose   TEXT NOT NULL,     -- the purpose's tag
        subject   TEXT NOT NULL,
        given     INTEGER NOT NULL,  -- seconds since the Unix epoch
        wording   TEXT NOT NULL,
        channel   TEXT NOT NULL,
        withdrawn INTEGER            -- seconds since the Unix epoch
    );
";

/// Writes a line to the service's output, which the gateways share.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        writeln!($out.borrow_mut(), $($arg)*)?
    };
}

/// The service's output, shared by the steps and the console gateways.
type Out<'a, W> = &'a RefCell<W>;

/// An SMS provider, on the console.
struct ConsoleSms<'a, W: Write> {
    out: Out<'a, W>,
    /// The last text delivered, standing in for the user's phone.
    last_text: Option<String>,
}

impl<W: Write> Transport<Sms> for ConsoleSms<'_, W> {
    type Error = std::io::Error;

    fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
        let text = message_text(message);
        writeln!(
            self.out.borrow_mut(),
            "    [sms gateway] {to:?} -> {}: {text}",
            to.expose_secret()
        )?;
        self.last_text = Some(text);
        Ok(())
    }
}

/// The text a gateway delivers for `message`, SMS and mail alike.
fn message_text(message: Message<'_>) -> String {
    match message {
        Message::OneTimeCode(code) => format!("Your sign-in code is {}", code.expose_secret()),
        Message::Notice(notice) => notice_text(notice),
        Message::Promotion(text) => text.to_owned(),
        _ => "(a message of a kind this gateway does not know)".to_owned(),
    }
}

/// A mail server, on the console.
struct ConsoleMail<'a, W: Write> {
    out: Out<'a, W>,
}

impl<W: Write> Transport<Mail> for ConsoleMail<'_, W> {
    type Error = std::io::Error;

    fn send(&mut self, to: Recipient<'_, Mail>, message: Message<'_>) -> Result<(), Self::Error> {
        let text = message_text(message);
        writeln!(
            self.out.borrow_mut(),
            "    [mail gateway] {to:?} -> {}: {text}",
            to.expose_secret()
        )
    }
}

/// The gateway's wording of each kind of account notice: the text is the
/// application's, chosen by kind; a notice itself carries no text.
fn notice_text(notice: &Notice) -> String {
    match notice {
        Notice::NewSignIn {
            device,
            place: Some(place),
            ..
        } => format!(
            "New sign-in on a {} in {}. Not you? Change your password.",
            device.name(),
            place.code()
        ),
        Notice::NewSignIn { device, .. } => format!(
            "New sign-in on a {}. Not you? Change your password.",
            device.name()
        ),
        Notice::PasswordChanged { .. } => "Your password was changed.".to_owned(),
        other => format!("Security notice about your account ({}).", other.name()),
    }
}

fn now() -> Result<Duration, Box<dyn Error>> {
    Ok(SystemTime::now().duration_since(UNIX_EPOCH)?)
}

/// Records a consent for `user_id` under its purpose's tag; its row id is
/// the consent's id.
fn record_consent<P: RequiresConsent>(
    db: &Connection,
    user_id: i64,
    wording: &str,
    channel: ConsentChannel,
) -> Result<Consent<P>, Box<dyn Error>> {
    let given = now()?;
    db.execute(
        "INSERT INTO consents (user_id, purpose, subject, given, wording, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            user_id,
            P::TAG,
            format!("user-{user_id}"),
            i64::try_from(given.as_secs())?,
            wording,
            channel.as_str(),
        ],
    )?;
    let id = ConsentId::new(u64::try_from(db.last_insert_rowid())?).ok_or("row id 0")?;
    let record = ConsentRecord::new(id, &subject_of(user_id)?, given, wording, channel);
    Ok(Consent::new(record)?)
}

/// The subject of account `user_id`: its account id, `user-<id>`.
fn subject_of(user_id: i64) -> Result<Subject, Box<dyn Error>> {
    Ok(Subject::new(&format!("user-{user_id}"))?)
}

/// The consent `user_id` gave for `P`, withdrawal included, if any.
fn load_consent<P: RequiresConsent>(
    db: &Connection,
    user_id: i64,
) -> Result<Option<Consent<P>>, Box<dyn Error>> {
    let row = db
        .query_row(
            "SELECT id, subject, given, wording, channel, withdrawn FROM consents
             WHERE user_id = ?1 AND purpose = ?2",
            params![user_id, P::TAG],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((id, subject, given, wording, channel, withdrawn)) = row else {
        return Ok(None);
    };
    let seconds =
        |s: i64| -> Result<Duration, Box<dyn Error>> { Ok(Duration::from_secs(u64::try_from(s)?)) };
    let id = ConsentId::new(u64::try_from(id)?).ok_or("row id 0")?;
    let mut record = ConsentRecord::new(
        id,
        &Subject::new(&subject)?,
        seconds(given)?,
        wording,
        channel.parse()?,
    );
    if let Some(at) = withdrawn {
        record = record.withdrawn_at(seconds(at)?);
    }
    Ok(Some(Consent::new(record)?))
}

/// The newsletter job: every marketing number, sent to only under its own
/// consent, live now.
fn newsletter<W: Write>(
    out: Out<'_, W>,
    db: &Connection,
    keyring: &Keyring,
    sms: &mut ConsoleSms<'_, W>,
) -> Result<(), Box<dyn Error>> {
    let mut rows = db.prepare(
        "SELECT id, marketing_phone FROM users WHERE marketing_phone IS NOT NULL ORDER BY id",
    )?;
    let rows = rows.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Sealed<PhoneNumber<Marketing>>>(1)?,
        ))
    })?;
    for row in rows {
        let (user_id, sealed) = row?;
        let Some(consent) = load_consent::<Marketing>(db, user_id)? else {
            say!(out, "   user {user_id}: no consent on record, skipped");
            continue;
        };
        let phone = consent.open(keyring, &sealed)?;
        match phone.send_marketing(&consent, SystemClock, sms, "The March offers are here") {
            Ok(()) => say!(
                out,
                "   user {user_id}: sent under consent {}",
                consent.id()
            ),
            Err(refused) => say!(out, "   user {user_id}: refused: {refused}"),
        }
    }
    Ok(())
}

/// The audience export: match keys of advertising numbers whose consent is
/// live, in one pass. The job holds the advertising keys alone: no key of
/// any other column.
fn audience_export(
    db: &Connection,
    keys: &Keyset<Advertising>,
) -> Result<Audience, Box<dyn Error>> {
    let mut rows = db.prepare(
        "SELECT id, advertising_phone FROM users WHERE advertising_phone IS NOT NULL ORDER BY id",
    )?;
    let rows = rows.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Sealed<PhoneNumber<Advertising>>>(1)?,
        ))
    })?;
    let mut pairs = Vec::new();
    for row in rows {
        let (user_id, sealed) = row?;
        if let Some(consent) = load_consent::<Advertising>(db, user_id)? {
            pairs.push((consent.open(keys, &sealed)?, consent));
        }
    }
    Ok(Audience::export(pairs, Platform::Meta, SystemClock))
}

#[allow(
    dead_code,
    reason = "tests/test_audit.rs includes this file and calls `run`"
)]
fn main() -> Result<(), Box<dyn Error>> {
    run(&mut std::io::stdout().lock())
}

/// The whole service, step by step, written to `out`.
///
/// # Errors
///
/// A database, sealing or consent error, or `out` failing to write: each
/// ends the run, as it would a request.
pub fn run(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let out = &RefCell::new(out);
    let db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    let mut keyring = Keyring::new(1, &mut [0x5e; 32]);
    let mut sms = ConsoleSms {
        out,
        last_text: None,
    };

    say!(
        out,
        "1. Sign-up: Ada gives a phone for sign-in codes and login alerts, and a recovery address."
    );
    // One collection, disclosed for two purposes: no consent is needed for either.
    // The account id is drawn first: every identifier is bound to it before
    // it is sealed, and a sealed value opens only in its own account's row.
    let ada = subject_of(1)?;
    let phone =
        PhoneNumber::<(TwoFactor, AccountNotice)>::parse("+44 20 7946 0958")?.owned_by(&ada)?;
    let recovery = EmailAddress::<AccountRecovery>::parse("Ada@Example.com")?.owned_by(&ada)?;
    db.execute(
        "INSERT INTO users (id, name, security_phone, recovery_email) VALUES (1, 'Ada', ?1, ?2)",
        params![keyring.seal(&phone)?, keyring.seal(&recovery)?],
    )?;
    say!(
        out,
        "   stored user 1: phone {phone:?}, recovery email {recovery:?}"
    );
    say!(out, "   the column holds {}", keyring.seal(&phone)?);

    say!(
        out,
        "\n2. Sign-in: the service opens the phone, narrows it to two-factor, sends a code."
    );
    let sealed: Sealed<PhoneNumber<(TwoFactor, AccountNotice)>> =
        db.query_row("SELECT security_phone FROM users WHERE id = 1", [], |row| {
            row.get(0)
        })?;
    let security = keyring.open(&sealed, &ada)?;
    let two_factor: PhoneNumber<TwoFactor> = security.narrow();
    let code = OtpCode::generate(6)?;
    two_factor.send_otp(&mut sms, &code)?;
    let typed = sms
        .last_text
        .as_deref()
        .and_then(|t| t.rsplit(' ').next())
        .unwrap_or_default();
    say!(
        out,
        "   Ada types the code she received: {}",
        if code.verify(typed) {
            "signed in"
        } else {
            "rejected"
        }
    );
    security.narrow::<AccountNotice>().send_account_notice(
        &mut sms,
        &Notice::NewSignIn {
            device: Device::Computer,
            place: Some("GB".parse()?),
            at: now()?,
        },
    )?;
    recovery.send_otp(&mut ConsoleMail { out }, &code)?;

    say!(
        out,
        "\n3. Opt-in: Ada ticks \"also send me offers at {}\".",
        phone.masked()
    );
    let offers = record_consent::<Marketing>(&db, 1, "offers-sms-2026-03", ConsentChannel::Web)?;
    // The only road between purposes: the consent adopts the number she gave.
    let marketing = offers.adopt(&phone)?;
    db.execute(
        "UPDATE users SET marketing_phone = ?1 WHERE id = 1",
        params![keyring.seal(&marketing)?],
    )?;
    say!(
        out,
        "   consent {} recorded; stored {marketing:?} without asking her to retype it",
        offers.id()
    );

    say!(
        out,
        "\n4. Grace signs up with the same kind of phone, and consents to advertising in the app."
    );
    let grace_id = subject_of(2)?;
    let grace = PhoneNumber::<(TwoFactor, AccountNotice)>::parse("+44 20 7946 0321")?
        .owned_by(&grace_id)?;
    db.execute(
        "INSERT INTO users (id, name, security_phone) VALUES (2, 'Grace', ?1)",
        params![keyring.seal(&grace)?],
    )?;
    let ads = record_consent::<Advertising>(&db, 2, "ads-matching-v1", ConsentChannel::App)?;
    db.execute(
        "UPDATE users SET advertising_phone = ?1 WHERE id = 2",
        params![keyring.seal(&ads.adopt(&grace)?)?],
    )?;
    say!(
        out,
        "   stored user 2 with an advertising number under consent {}",
        ads.id()
    );

    // Facebook's 2018 road: one invented "data policy" consent, adopting
    // every account's two-factor number for ads. It belongs to nobody's
    // account, so it adopts no one's.
    let policy = Consent::<Advertising>::new(ConsentRecord::new(
        ConsentId::new(99).ok_or("consent id 0")?,
        &Subject::new("data-policy")?,
        Duration::from_secs(1_767_225_600),
        "our data policy covers ads",
        ConsentChannel::Web,
    ))?;
    for (name, number) in [("Ada", &phone), ("Grace", &grace)] {
        match policy.adopt(number) {
            Ok(_) => say!(out, "   !! the data policy adopted {name}'s number"),
            Err(err) => say!(
                out,
                "   the data policy adopts {name}'s number? refused: {err}"
            ),
        }
    }

    say!(
        out,
        "\n5. The newsletter job sends to every marketing number, under its consent."
    );
    newsletter(out, &db, &keyring, &mut sms)?;

    say!(
        out,
        "\n6. A migration copies Ada's security column into the advertising column (the Twitter path)."
    );
    db.execute(
        "UPDATE users SET advertising_phone = security_phone WHERE id = 1",
        [],
    )?;
    let copied: Sealed<PhoneNumber<Advertising>> = db.query_row(
        "SELECT advertising_phone FROM users WHERE id = 1",
        [],
        |row| row.get(0),
    )?;
    let ada_ads = record_consent::<Advertising>(&db, 1, "ads-matching-v1", ConsentChannel::App)?;
    match ada_ads.open(&keyring, &copied) {
        Ok(phone) => say!(out, "   !! read {phone:?} as an advertising number"),
        Err(err) => say!(out, "   refused when read: {err} ({:?})", err.kind()),
    }
    let found = keyring.open(
        &Sealed::<PhoneNumber<(TwoFactor, AccountNotice)>>::from_bytes(copied.as_bytes()),
        &ada,
    );
    say!(
        out,
        "   (the bytes are Ada's security number, still: {})",
        if found.is_ok() {
            "opened as (TwoFactor, AccountNotice)"
        } else {
            "?"
        }
    );
    db.execute("UPDATE users SET advertising_phone = NULL WHERE id = 1", [])?;

    say!(
        out,
        "\n7. An analyst joins the security and advertising columns, looking for shared numbers."
    );
    let joined: i64 = db.query_row(
        "SELECT count(*) FROM users a JOIN users b ON a.security_phone = b.advertising_phone",
        [],
        |row| row.get(0),
    )?;
    say!(
        out,
        "   {joined} rows: Grace's two columns hold one number, sealed for two purposes"
    );

    say!(out, "\n8. The audience export.");
    let audience = audience_export(&db, &keyring.keyset::<Advertising>())?;
    say!(
        out,
        "   {} keys for {}, {} left out",
        audience.keys().len(),
        Platform::Meta.name(),
        audience.left_out()
    );

    say!(
        out,
        "\n9. Ada opts out of offers; Grace withdraws her advertising consent."
    );
    for (user_id, purpose) in [(1, Marketing::TAG), (2, Advertising::TAG)] {
        db.execute(
            "UPDATE consents SET withdrawn = ?1 WHERE user_id = ?2 AND purpose = ?3",
            params![i64::try_from(now()?.as_secs())?, user_id, purpose],
        )?;
    }
    say!(out, "   the newsletter job:");
    newsletter(out, &db, &keyring, &mut sms)?;
    let audience = audience_export(&db, &keyring.keyset::<Advertising>())?;
    say!(
        out,
        "   the audience export: {} keys, {} left out as withdrawn",
        audience.keys().len(),
        audience.withdrawn()
    );
    let erased = db.execute(
        "UPDATE users SET
           marketing_phone = CASE WHEN id IN (SELECT user_id FROM consents
               WHERE purpose = ?1 AND withdrawn IS NOT NULL) THEN NULL ELSE marketing_phone END,
           advertising_phone = CASE WHEN id IN (SELECT user_id FROM consents
               WHERE purpose = ?2 AND withdrawn IS NOT NULL) THEN NULL ELSE advertising_phone END",
        params![Marketing::TAG, Advertising::TAG],
    )?;
    let left: i64 = db.query_row(
        "SELECT count(marketing_phone) + count(advertising_phone) FROM users",
        [],
        |row| row.get(0),
    )?;
    say!(
        out,
        "   erased the withdrawn identifiers ({erased} rows updated); {left} marketing or advertising identifiers remain"
    );

    println!(
        "\n10. Grace lets people who have her number find her; Lin signs up with two-factor only."
    );
    let findable =
        record_consent::<Discoverable>(&db, 2, "find-me-by-phone-v1", ConsentChannel::App)?;
    let key = findable
        .adopt(&grace)?
        .discovery_key(&keyring, &findable, SystemClock)?;
    db.execute(
        "INSERT INTO discovery (lookup, user_id) VALUES (?1, 2)",
        params![&key.as_bytes()[..]],
    )?;
    let lin = PhoneNumber::<(TwoFactor, AccountNotice)>::parse("+44 20 7946 0777")?
        .owned_by(&subject_of(3)?)?;
    db.execute(
        "INSERT INTO users (id, name, security_phone) VALUES (3, 'Lin', ?1)",
        params![keyring.seal(&lin)?],
    )?;
    println!("   the discovery table holds {key:?} for user 2, and nothing for Ada or Lin");

    println!("\n11. Ada syncs her address book: Grace, Lin and a plumber.");
    for entry in ["+44 20 7946 0321", "+44 20 7946 0777", "+44 20 7946 0555"] {
        let contact = PhoneNumber::<ContactUpload>::parse(entry)?.owned_by(&ada)?;
        db.execute(
            "INSERT INTO contacts (owner, contact) VALUES (1, ?1)",
            params![keyring.seal(&contact)?],
        )?;
        // One discovery key per enabled key of the ring: rows made before a
        // rotation are found too.
        let mut found: Option<String> = None;
        for key in &contact.contact_lookup(&keyring) {
            found = found.or(db
                .query_row(
                    "SELECT users.name FROM discovery JOIN users ON users.id = discovery.user_id
                     WHERE discovery.lookup = ?1",
                    params![&key.as_bytes()[..]],
                    |row| row.get(0),
                )
                .optional()?);
        }
        match found {
            Some(name) => println!(
                "   {}: found {name}, who agreed to be found",
                contact.masked()
            ),
            None => println!(
                "   {}: nobody found: no account agreed to be found by this number",
                contact.masked()
            ),
        }
    }

    say!(
        out,
        "\n12. Key rotation: key 2 becomes primary and the sealed columns move to it."
    );
    // Give key 2 to every reader first (`add`), then `promote` it;
    // `rotate` does both in one step.
    keyring.rotate(2, &mut [0x6f; 32])?;
    let moved = migrate_column(&db, &keyring)?;
    say!(
        out,
        "   resealed {moved} values under key {} ({keyring:?}); values of the crate's first format move the same way",
        keyring.primary()
    );
    Ok(())
}

/// Moves the security phone column, and the advertising column through
/// each row's consent, to the primary key and the current sealed format.
fn migrate_column(db: &Connection, keyring: &Keyring) -> Result<usize, Box<dyn Error>> {
    let mut moved = 0;
    let mut rows = db.prepare(
        "SELECT id, security_phone, advertising_phone FROM users WHERE security_phone IS NOT NULL",
    )?;
    let rows = rows
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Sealed<PhoneNumber<(TwoFactor, AccountNotice)>>>(1)?,
                row.get::<_, Option<Sealed<PhoneNumber<Advertising>>>>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (user_id, phone, advertising) in rows {
        if phone.key_id() != Some(keyring.primary()) {
            db.execute(
                "UPDATE users SET security_phone = ?1 WHERE id = ?2",
                params![keyring.reseal(&phone, &subject_of(user_id)?)?, user_id],
            )?;
            moved += 1;
        }
        // A consent purpose's value moves only through its consent, and
        // the move is audited as an open.
        if let (Some(sealed), Some(consent)) =
            (advertising, load_consent::<Advertising>(db, user_id)?)
        {
            db.execute(
                "UPDATE users SET advertising_phone = ?1 WHERE id = ?2",
                params![consent.reseal(keyring, &sealed)?, user_id],
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}
