//! An account service on SQLite: two-factor sign-in, account recovery,
//! consented marketing and an advertising audience export, with every
//! identifier stored in its tagged form.
//!
//! ```sh
//! cargo run --example account_service --features rusqlite
//! ```
//!
//! The service prints what it does at each step, with identifiers masked
//! (`+44 •••• ••58`). The console gateways stand in for an SMS provider and a
//! mail server: they print the raw recipient, because a gateway is the one
//! place the crate hands it over (through a capability), and showing where it
//! leaves is the point. The numbers and addresses are fictional (Ofcom's
//! drama range, `example.com`).

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use purpose_bound::{
    AccountRecovery, Advertising, Consent, ConsentChannel, ConsentRecord, EmailAddress, Mail,
    Marketing, Message, OtpCode, PhoneNumber, Platform, Purpose, RequiresConsent, Sms,
    StoredFormError, Transport, TwoFactor,
};
use rusqlite::{Connection, OptionalExtension, params};

/// The schema: identifier columns are TEXT holding `"<purpose tag>:<value>"`,
/// and every consent-based identifier has its consent record beside it.
const SCHEMA: &str = "
    CREATE TABLE users (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL,
        two_factor_phone TEXT,  -- 'two_factor:+…'
        recovery_email   TEXT,  -- 'account_recovery:…'
        marketing_email  TEXT,  -- 'marketing:…', with a consent below
        advertising_phone TEXT  -- 'advertising:+…', with a consent below
    );
    CREATE TABLE consents (
        user_id  INTEGER NOT NULL REFERENCES users (id),
        purpose  TEXT NOT NULL,     -- the purpose's tag
        subject  TEXT NOT NULL,
        given_at INTEGER NOT NULL,  -- seconds since the Unix epoch
        wording  TEXT NOT NULL,
        channel  TEXT NOT NULL,
        PRIMARY KEY (user_id, purpose)
    );
";

/// An SMS provider, on the console.
struct ConsoleSms {
    /// The last text delivered, standing in for the user's phone.
    last_text: Option<String>,
}

impl Transport<Sms> for ConsoleSms {
    type Error = std::convert::Infallible;

    fn send(&mut self, to: &str, message: Message<'_>) -> Result<(), Self::Error> {
        let text = match message {
            Message::OneTimeCode(code) => format!("Your sign-in code is {}", code.expose_secret()),
            Message::Notice(text) | Message::Promotion(text) => text.to_owned(),
            _ => "(a message of a kind this gateway does not know)".to_owned(),
        };
        println!("    [sms gateway] to {to}: {text}");
        self.last_text = Some(text);
        Ok(())
    }
}

/// A mail server, on the console.
struct ConsoleMail;

impl Transport<Mail> for ConsoleMail {
    type Error = std::convert::Infallible;

    fn send(&mut self, to: &str, message: Message<'_>) -> Result<(), Self::Error> {
        let text = match message {
            Message::OneTimeCode(code) => format!("Your code is {}", code.expose_secret()),
            Message::Notice(text) | Message::Promotion(text) => text.to_owned(),
            _ => "(a message of a kind this gateway does not know)".to_owned(),
        };
        println!("    [mail gateway] to {to}: {text}");
        Ok(())
    }
}

fn now() -> Result<std::time::Duration, Box<dyn Error>> {
    Ok(SystemTime::now().duration_since(UNIX_EPOCH)?)
}

fn channel_name(channel: ConsentChannel) -> &'static str {
    match channel {
        ConsentChannel::Web => "web",
        ConsentChannel::App => "app",
        ConsentChannel::Email => "email",
        ConsentChannel::Sms => "sms",
        ConsentChannel::Voice => "voice",
        ConsentChannel::InPerson => "in_person",
        ConsentChannel::Paper => "paper",
        _ => "other",
    }
}

fn channel_from_name(name: &str) -> Result<ConsentChannel, Box<dyn Error>> {
    Ok(match name {
        "web" => ConsentChannel::Web,
        "app" => ConsentChannel::App,
        "email" => ConsentChannel::Email,
        "sms" => ConsentChannel::Sms,
        "voice" => ConsentChannel::Voice,
        "in_person" => ConsentChannel::InPerson,
        "paper" => ConsentChannel::Paper,
        _ => return Err("unknown consent channel in the consents table".into()),
    })
}

/// Records a consent for `user_id` under its purpose's tag.
fn save_consent<P: RequiresConsent>(
    db: &Connection,
    user_id: i64,
    consent: &Consent<P>,
) -> Result<(), Box<dyn Error>> {
    let record = consent.record();
    db.execute(
        "INSERT INTO consents (user_id, purpose, subject, given_at, wording, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            user_id,
            P::TAG,
            record.subject,
            i64::try_from(record.given_at.as_secs())?,
            record.wording,
            channel_name(record.channel),
        ],
    )?;
    Ok(())
}

/// The consent `user_id` gave for `P`, if any.
fn load_consent<P: RequiresConsent>(
    db: &Connection,
    user_id: i64,
) -> Result<Option<Consent<P>>, Box<dyn Error>> {
    let row = db
        .query_row(
            "SELECT subject, given_at, wording, channel FROM consents
             WHERE user_id = ?1 AND purpose = ?2",
            params![user_id, P::TAG],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((subject, given_at, wording, channel)) = row else {
        return Ok(None);
    };
    Ok(Some(Consent::new(ConsentRecord {
        subject,
        given_at: std::time::Duration::from_secs(u64::try_from(given_at)?),
        wording,
        channel: channel_from_name(&channel)?,
    })?))
}

fn main() -> Result<(), Box<dyn Error>> {
    let db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    let mut sms = ConsoleSms { last_text: None };

    println!("1. Sign-up: Ada enrols a phone for two-factor sign-in and a recovery address.");
    // Collected from the sign-up form: no consent is needed for these purposes.
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
    let recovery = EmailAddress::<AccountRecovery>::parse("Ada@Example.com")?;
    db.execute(
        "INSERT INTO users (id, name, two_factor_phone, recovery_email) VALUES (1, 'Ada', ?1, ?2)",
        params![phone, recovery],
    )?;
    println!(
        "   stored user 1: 2FA phone {}, recovery email {}",
        phone.masked(),
        recovery.masked()
    );
    let stored: String = db.query_row(
        "SELECT substr(two_factor_phone, 1, instr(two_factor_phone, ':')) FROM users WHERE id = 1",
        [],
        |row| row.get(0),
    )?;
    println!("   the column holds the purpose tag before the value: '{stored}…'");

    println!("\n2. Sign-in: the service loads the 2FA phone and sends a one-time code.");
    let phone: PhoneNumber<TwoFactor> = db.query_row(
        "SELECT two_factor_phone FROM users WHERE id = 1",
        [],
        |row| row.get(0),
    )?;
    let code = OtpCode::generate(6)?;
    phone.send_otp(&mut sms, &code)?;
    println!("   sent a code to {}", phone.masked());
    let typed = sms
        .last_text
        .as_deref()
        .and_then(|text| text.rsplit(' ').next())
        .unwrap_or_default()
        .to_owned();
    println!(
        "   Ada types the code she received: {}",
        if code.verify(&typed) {
            "verified, signed in"
        } else {
            "rejected"
        }
    );
    println!(
        "   a guess of 000000: {}",
        if code.verify("000000") {
            "verified (one chance in a million)"
        } else {
            "rejected"
        }
    );

    println!("\n3. Marketing opt-in: Ada ticks the newsletter box, and the service records it.");
    let consent = Consent::<Marketing>::new(ConsentRecord {
        subject: "user-1".into(),
        given_at: now()?,
        wording: "newsletter-2026-03".into(),
        channel: ConsentChannel::Web,
    })?;
    // The only door into `Marketing`: an address collected through the consent.
    let newsletter = consent.parse_email("ada@example.com")?;
    save_consent(&db, 1, &consent)?;
    db.execute(
        "UPDATE users SET marketing_email = ?1 WHERE id = 1",
        params![newsletter],
    )?;
    println!(
        "   stored consent to `marketing` (wording {}, via {}) and marketing email {}",
        consent.record().wording,
        channel_name(consent.record().channel),
        newsletter.masked()
    );

    println!("\n4. Grace signs up too, and consents to advertising matching in the app.");
    let grace_phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0321")?;
    let ads = Consent::<Advertising>::new(ConsentRecord {
        subject: "user-2".into(),
        given_at: now()?,
        wording: "ads-matching-v1".into(),
        channel: ConsentChannel::App,
    })?;
    let grace_ads = ads.parse_phone("+44 20 7946 0321")?;
    db.execute(
        "INSERT INTO users (id, name, two_factor_phone, advertising_phone) VALUES (2, 'Grace', ?1, ?2)",
        params![grace_phone, grace_ads],
    )?;
    save_consent(&db, 2, &ads)?;
    println!(
        "   stored user 2: 2FA phone {}, advertising phone {} with its consent",
        grace_phone.masked(),
        grace_ads.masked()
    );

    println!("\n5. The weekly newsletter job sends to everyone who opted in.");
    let mut statement = db.prepare(
        "SELECT id, marketing_email FROM users WHERE marketing_email IS NOT NULL ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, EmailAddress<Marketing>>(1)?,
        ))
    })?;
    for row in rows {
        let (user_id, email) = row?;
        let Some(consent) = load_consent::<Marketing>(&db, user_id)? else {
            println!("   user {user_id}: no consent on record, skipped");
            continue;
        };
        email.send_marketing(&mut ConsoleMail, "The March newsletter")?;
        println!(
            "   user {user_id}: sent to {} (consent of {} to {})",
            email.masked(),
            consent.record().subject,
            consent.record().wording
        );
    }
    drop(statement);

    println!("\n6. A new SMS campaign job reads the 2FA column by mistake.");
    // The bug of 2018 and 2019: a column read by the wrong service. The
    // compiler cannot see into the database, but the stored tag can.
    let mistake = db.query_row(
        "SELECT two_factor_phone FROM users WHERE id = 1",
        [],
        |row| row.get::<_, PhoneNumber<Marketing>>(0),
    );
    match mistake {
        Ok(phone) => println!("   !! read {phone:?} as a marketing number"),
        Err(err) => {
            println!("   refused: {err}");
            if let rusqlite::Error::FromSqlConversionFailure(_, _, source) = &err {
                if let Some(stored) = source.downcast_ref::<StoredFormError>() {
                    println!(
                        "   (the job can tell: {:?}, expected `{}`, found `{}`)",
                        stored.kind(),
                        stored.expected_purpose(),
                        stored.found_purpose().unwrap_or("?")
                    );
                }
            }
        }
    }

    println!("\n7. The audience export uploads match keys of advertising rows only.");
    // `two_factor_phone` could not be exported: `PhoneNumber<TwoFactor>` has no
    // `match_key`, and reading the column as `PhoneNumber<Advertising>` fails
    // as in step 6.
    let mut statement = db.prepare(
        "SELECT users.id, users.advertising_phone FROM users
         JOIN consents ON consents.user_id = users.id AND consents.purpose = ?1
         WHERE users.advertising_phone IS NOT NULL ORDER BY users.id",
    )?;
    let rows = statement.query_map([Advertising::TAG], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, PhoneNumber<Advertising>>(1)?,
        ))
    })?;
    let mut upload = Vec::new();
    for row in rows {
        let (user_id, phone) = row?;
        let key = phone.match_key(Platform::Meta);
        println!(
            "   user {user_id}: {} -> a {}-character SHA-256 key for {}",
            phone.masked(),
            key.expose_secret().len(),
            Platform::Meta.name()
        );
        upload.push(key);
    }
    let users: i64 = db.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
    println!(
        "   {} of {users} users in the upload; keys stay redacted in logs: {:?}",
        upload.len(),
        upload.first()
    );
    Ok(())
}
