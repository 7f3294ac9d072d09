//! An account service on SQLite: two-factor sign-in, login alerts,
//! marketing by consent (adopted, not retyped), an advertising audience,
//! a withdrawal honoured by every job and every queued copy of a consent,
//! sealed columns that keep their purpose inside the database, and the
//! records a controller shows: a consent ledger that verifies, a receipt,
//! and an audit that counts accounts.
//!
//! ```sh
//! cargo run -p account-service
//! ```
//!
//! `run` is the whole service, writing to any `Write`; `main` runs it on
//! stdout, and `tests/test_audit.rs` runs it under a recording `tracing`
//! subscriber to check the trail of every hand-off.
//!
//! Consents live in the consent ledger (`purpose-bound-store`), not in a
//! table of the service: the service keeps only each consent's id beside
//! the identifier it covers, and every use asks the ledger again.
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
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Audience, CheckedSms, Consent, ConsentChannel,
    ConsentErrorKind, ConsentId, ConsentRecord, ContactUpload, Device, Discoverable, EmailAddress,
    Keyring, Keyset, Mail, Marketing, Message, Notice, OtpCode, PhoneNumber, Platform,
    ReassignedCheck, Reassignment, Recipient, RequiresConsent, Sealed, SendError, Sms, Subject,
    SystemClock, Transport, TwoFactor,
};
use purpose_bound_store::{
    self as records, AuditConfig, AuditLog, Collection, ConsentLedger, Controller, ErrorKind,
    SqliteStore,
};
use rusqlite::{Connection, OptionalExtension, params};

/// Every identifier column is a BLOB holding a sealed value: unreadable
/// without the key, and opened only as the purpose (and consent) it was
/// sealed for. A consent purpose's column has its consent's id beside it:
/// the consent itself, withdrawals included, is the ledger's.
const SCHEMA: &str = "
    CREATE TABLE users (
        id                  INTEGER PRIMARY KEY,
        name                TEXT NOT NULL,
        security_phone      BLOB,     -- (TwoFactor, AccountNotice)
        recovery_email      BLOB,     -- AccountRecovery
        marketing_phone     BLOB,     -- Marketing, under a consent
        marketing_consent   INTEGER,  -- its id in the ledger
        advertising_phone   BLOB,     -- Advertising, under a consent
        advertising_consent INTEGER   -- its id in the ledger
    );
    CREATE TABLE discovery (
        lookup  BLOB PRIMARY KEY,   -- a keyed discovery key, never the number
        user_id INTEGER NOT NULL REFERENCES users (id)
    );
    CREATE TABLE contacts (
        owner   INTEGER NOT NULL REFERENCES users (id),
        contact BLOB NOT NULL       -- ContactUpload, sealed
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

    fn name(&self) -> &'static str {
        "console-sms"
    }
}

/// The reassigned-number check, on the console: the numbers carriers
/// reported given up since, and so perhaps someone else's now, as the
/// FCC's Reassigned Numbers Database answers for US numbers. Marketing to
/// a phone number asks it before the number leaves.
struct ConsoleRnd<'a, W: Write> {
    out: Out<'a, W>,
    /// The numbers reported disconnected, E.164.
    reassigned: Vec<&'static str>,
}

impl<W: Write> ReassignedCheck for ConsoleRnd<'_, W> {
    type Error = std::io::Error;

    fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        _since: Duration,
    ) -> Result<Reassignment, Self::Error> {
        // A real check asks about `number.expose_secret()` since the day
        // the consent was given; this one knows the reported numbers.
        let answer = if self.reassigned.contains(&number.expose_secret()) {
            Reassignment::Reassigned
        } else {
            Reassignment::NotReassigned
        };
        writeln!(
            self.out.borrow_mut(),
            "    [reassigned check] {number:?}: {answer:?}"
        )?;
        Ok(answer)
    }

    fn name(&self) -> &'static str {
        "console-rnd"
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

    fn name(&self) -> &'static str {
        "console-mail"
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

/// Records in the ledger that `user_id` consented for `P` to the notice
/// `notice`, worded `text`, through `channel`.
fn record_consent<P: RequiresConsent>(
    ledger: &ConsentLedger,
    user_id: i64,
    (notice, text): (&str, &str),
    channel: ConsentChannel,
) -> Result<Consent<P>, Box<dyn Error>> {
    let collection = Collection::new(records::Notice::new(notice, text)?, channel, "en", "GB")
        .method("unticked checkbox")
        .recorded_by("account-service")
        .withdrawal_method("Settings > Privacy, or reply STOP");
    Ok(ledger.give::<P>(&subject_of(user_id)?, now()?, &collection)?)
}

/// The subject of account `user_id`: its account id, `user-<id>`.
fn subject_of(user_id: i64) -> Result<Subject, Box<dyn Error>> {
    Ok(Subject::new(&format!("user-{user_id}"))?)
}

/// The consent with id `consent` that `user_id` gave for `P`, as the
/// ledger holds it now; `None` when it is no longer live.
fn load_consent<P: RequiresConsent>(
    ledger: &ConsentLedger,
    user_id: i64,
    consent: i64,
) -> Result<Option<Consent<P>>, Box<dyn Error>> {
    let id = ConsentId::new(u64::try_from(consent)?).ok_or("consent id 0")?;
    match ledger.consent::<P>(&subject_of(user_id)?, id) {
        Ok(consent) => Ok(Some(consent)),
        Err(err) if err.kind() == ErrorKind::NotLive => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// A newsletter run, queued: each marketing number with the consent the
/// job loaded when it was queued.
type Newsletter = Vec<(i64, Sealed<PhoneNumber<Marketing>>, Consent<Marketing>)>;

/// Queues the newsletter: every marketing number whose consent is live now.
fn queue_newsletter(db: &Connection, ledger: &ConsentLedger) -> Result<Newsletter, Box<dyn Error>> {
    let mut rows = db.prepare(
        "SELECT id, marketing_phone, marketing_consent FROM users
         WHERE marketing_phone IS NOT NULL ORDER BY id",
    )?;
    let rows = rows
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get(1)?, row.get::<_, i64>(2)?))
        })?
        .collect::<Result<Vec<(i64, Sealed<PhoneNumber<Marketing>>, i64)>, _>>()?;
    let mut queued = Vec::new();
    for (user_id, sealed, consent) in rows {
        if let Some(consent) = load_consent::<Marketing>(ledger, user_id, consent)? {
            queued.push((user_id, sealed, consent));
        }
    }
    Ok(queued)
}

/// Sends a queued newsletter: each number only under its own consent, as
/// the ledger says at the moment of sending, and only if the
/// reassigned-number check does not report it reassigned since. A number
/// reported reassigned is someone else's now: its consent is ended in the
/// ledger, so that no other job tries it again.
fn send_newsletter<W: Write>(
    out: Out<'_, W>,
    queued: &Newsletter,
    (keyring, ledger): (&Keyring, &ConsentLedger),
    sms: &mut ConsoleSms<'_, W>,
    rnd: &mut ConsoleRnd<'_, W>,
) -> Result<(), Box<dyn Error>> {
    for (user_id, sealed, consent) in queued {
        let phone = consent.open(keyring, sealed)?;
        let mut checked = CheckedSms::new(&mut *sms, &mut *rnd);
        match phone.send_marketing(
            consent,
            SystemClock,
            &mut checked,
            "The March offers are here",
        ) {
            Ok(()) => say!(
                out,
                "   user {user_id}: sent under consent {}",
                consent.id()
            ),
            Err(SendError::Consent(why)) if why.kind() == ConsentErrorKind::Reassigned => {
                ledger.invalidate::<Marketing>(
                    &subject_of(*user_id)?,
                    consent.id(),
                    now()?,
                    "reassigned: number check",
                    "newsletter job",
                )?;
                say!(
                    out,
                    "   user {user_id}: refused: {why}; consent {} invalidated in the ledger",
                    consent.id()
                );
            }
            Err(refused) => say!(out, "   user {user_id}: refused: {refused}"),
        }
    }
    Ok(())
}

/// The advertising numbers with the consents they were loaded under,
/// for an audience export.
type AudienceJob = Vec<(PhoneNumber<Advertising>, Consent<Advertising>)>;

/// Queues the audience export: the advertising numbers whose consent is
/// live now, opened with the advertising keys alone (no key of any other
/// column).
fn queue_audience(
    db: &Connection,
    ledger: &ConsentLedger,
    keys: &Keyset<Advertising>,
) -> Result<AudienceJob, Box<dyn Error>> {
    let mut rows = db.prepare(
        "SELECT id, advertising_phone, advertising_consent FROM users
         WHERE advertising_phone IS NOT NULL ORDER BY id",
    )?;
    let rows = rows
        .query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get(1)?, row.get::<_, i64>(2)?))
        })?
        .collect::<Result<Vec<(i64, Sealed<PhoneNumber<Advertising>>, i64)>, _>>()?;
    let mut pairs = Vec::new();
    for (user_id, sealed, consent) in rows {
        if let Some(consent) = load_consent::<Advertising>(ledger, user_id, consent)? {
            pairs.push((consent.open(keys, &sealed)?, consent));
        }
    }
    Ok(pairs)
}

/// Where the ledger and the audit are kept: a file of their own beside the
/// service's database, removed when the run ends.
struct RecordsFile(PathBuf);

impl Drop for RecordsFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            // Gone already, or never made: nothing to clean.
            let _ = std::fs::remove_file(path);
        }
    }
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
    let started = now()?;
    let db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    let mut keyring = Keyring::new(1, &mut [0x5e; 32]);
    // The system of record: the consent ledger, and the audit of every
    // hand-off, in one SQLite file of their own.
    let file = RecordsFile(
        std::env::temp_dir().join(format!("account-service-records-{}.db", std::process::id())),
    );
    let store = Arc::new(SqliteStore::open(&file.0)?);
    let ledger = ConsentLedger::open(store.clone(), keyring.ledger_key())?;
    let audit = AuditLog::start(store, keyring.ledger_key(), AuditConfig::default())?
        .install()
        .map_err(|_| "the audit sink is installed once per process: run the service once")?;
    let mut sms = ConsoleSms {
        out,
        last_text: None,
    };
    let mut rnd = ConsoleRnd {
        out,
        reassigned: Vec::new(),
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
    let offers = record_consent::<Marketing>(
        &ledger,
        1,
        ("offers-sms-2026-03", "Also send me offers by text message."),
        ConsentChannel::Web,
    )?;
    // The only road between purposes: the consent adopts the number she gave.
    let marketing = offers.adopt(&phone)?;
    db.execute(
        "UPDATE users SET marketing_phone = ?1, marketing_consent = ?2 WHERE id = 1",
        params![keyring.seal(&marketing)?, i64::try_from(offers.id().get())?],
    )?;
    let head = ledger.head()?;
    say!(out, "   the ledger's head, kept apart from it: {head}");
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
    let ads_notice = (
        "ads-matching-v1",
        "Match my number with advertising platforms to show me relevant ads.",
    );
    let ads = record_consent::<Advertising>(&ledger, 2, ads_notice, ConsentChannel::App)?;
    db.execute(
        "UPDATE users SET advertising_phone = ?1, advertising_consent = ?2 WHERE id = 2",
        params![
            keyring.seal(&ads.adopt(&grace)?)?,
            i64::try_from(ads.id().get())?
        ],
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
    send_newsletter(
        out,
        &queue_newsletter(&db, &ledger)?,
        (&keyring, &ledger),
        &mut sms,
        &mut rnd,
    )?;

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
    let ada_ads = record_consent::<Advertising>(&ledger, 1, ads_notice, ConsentChannel::App)?;
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
    let audience = Audience::export(
        queue_audience(&db, &ledger, &keyring.keyset::<Advertising>())?,
        Platform::Meta,
        SystemClock,
    );
    say!(
        out,
        "   {} keys for {}, {} left out",
        audience.keys().len(),
        Platform::Meta.name(),
        audience.left_out()
    );

    say!(
        out,
        "\n9. Two jobs are queued, each holding the consents it loaded; then Ada opts out of offers and Grace withdraws her advertising consent, through the settings service's own connection."
    );
    let newsletter = queue_newsletter(&db, &ledger)?;
    let audience_job = queue_audience(&db, &ledger, &keyring.keyset::<Advertising>())?;
    // The withdrawals arrive at the settings service, on a connection of
    // its own to the records, as another process would have.
    let settings =
        ConsentLedger::open(Arc::new(SqliteStore::open(&file.0)?), keyring.ledger_key())?;
    let withdrawn_at = now()?;
    settings.withdraw::<Marketing>(&ada, offers.id(), withdrawn_at, "reply STOP", "sms-gateway")?;
    settings.withdraw::<Advertising>(&grace_id, ads.id(), withdrawn_at, "settings page", "web")?;
    say!(
        out,
        "   the newsletter job, with the consent it loaded before:"
    );
    send_newsletter(out, &newsletter, (&keyring, &ledger), &mut sms, &mut rnd)?;
    let audience = Audience::export(audience_job, Platform::Meta, SystemClock);
    say!(
        out,
        "   the audience export: {} keys, {} left out as withdrawn",
        audience.keys().len(),
        audience.withdrawn()
    );
    // The identifiers a withdrawn consent covered go, with the consent's id.
    let mut erased = 0;
    for (column, consent) in [
        ("marketing_phone", "marketing_consent"),
        ("advertising_phone", "advertising_consent"),
    ] {
        let held: Vec<(i64, i64)> = db
            .prepare(&format!(
                "SELECT id, {consent} FROM users WHERE {consent} IS NOT NULL"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (user_id, id) in held {
            let live = if column == "marketing_phone" {
                load_consent::<Marketing>(&ledger, user_id, id)?.is_some()
            } else {
                load_consent::<Advertising>(&ledger, user_id, id)?.is_some()
            };
            if !live {
                erased += db.execute(
                    &format!("UPDATE users SET {column} = NULL, {consent} = NULL WHERE id = ?1"),
                    [user_id],
                )?;
            }
        }
    }
    let left: i64 = db.query_row(
        "SELECT count(marketing_phone) + count(advertising_phone) FROM users",
        [],
        |row| row.get(0),
    )?;
    say!(
        out,
        "   erased the withdrawn identifiers ({erased} rows updated); {left} marketing or advertising identifiers remain"
    );

    say!(
        out,
        "\n10. Grace lets people who have her number find her; Lin signs up with two-factor only."
    );
    let findable = record_consent::<Discoverable>(
        &ledger,
        2,
        (
            "find-me-by-phone-v1",
            "Let people who have my number find me.",
        ),
        ConsentChannel::App,
    )?;
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
    say!(
        out,
        "   the discovery table holds {key:?} for user 2, and nothing for Ada or Lin"
    );

    say!(
        out,
        "\n11. Ada syncs her address book: Grace, Lin and a plumber."
    );
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
            Some(name) => say!(
                out,
                "   {}: found {name}, who agreed to be found",
                contact.masked()
            ),
            None => say!(
                out,
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
    let moved = migrate_column(&db, &ledger, &keyring)?;
    say!(
        out,
        "   resealed {moved} values under key {} ({keyring:?}); values of the crate's first format move the same way",
        keyring.primary()
    );

    say!(
        out,
        "\n13. Lin opts in to offers by text; then her carrier reports the number given up, and it may be someone else's now."
    );
    let lin_id = subject_of(3)?;
    let lin_offers = record_consent::<Marketing>(
        &ledger,
        3,
        ("offers-sms-2026-03", "Also send me offers by text message."),
        ConsentChannel::App,
    )?;
    db.execute(
        "UPDATE users SET marketing_phone = ?1, marketing_consent = ?2 WHERE id = 3",
        params![
            keyring.seal(&lin_offers.adopt(&lin)?)?,
            i64::try_from(lin_offers.id().get())?
        ],
    )?;
    let held = queue_newsletter(&db, &ledger)?;
    rnd.reassigned.push("+442079460777");
    say!(
        out,
        "   the newsletter job asks the reassigned-number check before each text:"
    );
    send_newsletter(out, &held, (&keyring, &ledger), &mut sms, &mut rnd)?;
    // The job's copy of the consent, loaded before the invalidation, asks
    // the ledger at its next use; a reassigned number is adopted no more.
    say!(out, "   the same job, run again:");
    send_newsletter(out, &held, (&keyring, &ledger), &mut sms, &mut rnd)?;
    match lin_offers.adopt(&lin) {
        Ok(_) => say!(out, "   !! the invalidated consent adopted Lin's number"),
        Err(err) => say!(
            out,
            "   the consent adopts Lin's number again? refused: {err}"
        ),
    }
    let kinds: Vec<_> = ledger
        .history(&lin_id)?
        .iter()
        .map(|event| event.kind.dpv())
        .collect();
    say!(out, "   Lin's ledger events: {}", kinds.join(", "));
    db.execute(
        "UPDATE users SET marketing_phone = NULL, marketing_consent = NULL WHERE id = 3",
        [],
    )?;

    say!(
        out,
        "\n14. The records: the ledger verifies, Grace gets a receipt, SQL cannot revive a consent, and the audit counts accounts."
    );
    let now_head = ledger.verify(&head)?;
    say!(
        out,
        "   the chain verifies from the head kept at step 3 to {now_head}"
    );
    let controller = Controller::new(
        "Example Accounts Ltd",
        "account-service",
        "https://example.com/privacy",
    )
    .contact(
        "Data Protection Officer",
        "dpo@example.com",
        "+44 20 7946 0000",
        "1 Example Street, London",
    );
    let receipt = ledger.receipt::<Advertising>(&grace_id, ads.id(), &controller)?;
    say!(
        out,
        "   Grace's consent receipt {} (Kantara v1.1), for her to keep",
        receipt.id()
    );
    // Someone with write access to the records turns Grace's withdrawal
    // back into a consent, and re-runs the export with a copy of it.
    let forged = Connection::open(&file.0)?.execute(
        "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn' AND purpose = 'advertising'",
        [],
    )?;
    // Grace's consent as step 4 loaded it, held by a job since: each use
    // reads the edited row, whose MAC no longer holds.
    let used = ads
        .adopt(&grace)
        .and_then(|number| number.match_key(&ads, SystemClock, Platform::Meta));
    match used {
        Err(refusal) => say!(
            out,
            "   {forged} ledger row edited in SQL; Grace's consent at its next use: refused: {refusal}"
        ),
        Ok(_) => say!(out, "   !! a match key was made from the edited row"),
    }
    match ledger.verify(&head) {
        Ok(_) => say!(out, "   !! the chain verifies after the edit"),
        Err(err) => say!(out, "   the chain names it: {err}"),
    }
    audit.flush()?;
    let report = audit.report(started, now()? + Duration::from_secs(1))?;
    say!(out, "   the audit of this run, in accounts:");
    for line in report.to_string().lines() {
        say!(out, "     {line}");
    }
    say!(
        out,
        "   accounts whose two-factor number reached an ad platform: {}",
        report.subjects("two_factor", "match_audience", Platform::Meta.name())
    );
    Ok(())
}

/// Moves the security phone column, and the advertising column through
/// each row's consent, to the primary key and the current sealed format.
fn migrate_column(
    db: &Connection,
    ledger: &ConsentLedger,
    keyring: &Keyring,
) -> Result<usize, Box<dyn Error>> {
    let mut moved = 0;
    let mut rows = db.prepare(
        "SELECT id, security_phone, advertising_phone, advertising_consent FROM users
         WHERE security_phone IS NOT NULL",
    )?;
    let rows = rows
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Sealed<PhoneNumber<(TwoFactor, AccountNotice)>>>(1)?,
                row.get::<_, Option<Sealed<PhoneNumber<Advertising>>>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (user_id, phone, advertising, consent) in rows {
        if phone.key_id() != Some(keyring.primary()) {
            db.execute(
                "UPDATE users SET security_phone = ?1 WHERE id = ?2",
                params![keyring.reseal(&phone, &subject_of(user_id)?)?, user_id],
            )?;
            moved += 1;
        }
        // A consent purpose's value moves only through its consent, and
        // the move is audited as an open.
        let consent = match consent {
            Some(id) => load_consent::<Advertising>(ledger, user_id, id)?,
            None => None,
        };
        if let (Some(sealed), Some(consent)) = (advertising, consent) {
            db.execute(
                "UPDATE users SET advertising_phone = ?1 WHERE id = ?2",
                params![consent.reseal(keyring, &sealed)?, user_id],
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}
