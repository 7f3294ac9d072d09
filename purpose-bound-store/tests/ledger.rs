//! The consent ledger on SQLite: consents that re-check it at each use,
//! withdrawals seen by every copy and every process, rows forged in SQL
//! refused, and a chain that names what was done to it.
#![cfg(feature = "sqlite")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{MINUTE, NOW, collection, keyring, ledger_at, subject, use_at};
use purpose_bound::{ConsentErrorKind, Keyring, Marketing};
use purpose_bound_store::{ConsentLedger, ErrorKind, EventKind, Head, Notice, SqliteStore, limits};
use rusqlite::Connection;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn raw(path: &std::path::Path) -> Result<Connection> {
    Ok(Connection::open(path)?)
}

#[test]
fn a_withdrawal_stops_every_copy_in_every_process() -> Result {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.db");
    let here = ledger_at(&path);
    let there = ledger_at(&path);
    let ada = subject("user-42");

    let consent = here.give::<Marketing>(&ada, NOW, &collection())?;
    let email = consent.parse_email("ada@example.com")?;
    let elsewhere = there.consent::<Marketing>(&ada, consent.id())?;
    assert_eq!(use_at(&email, &consent, NOW + MINUTE), Ok(()));
    assert_eq!(use_at(&email, &elsewhere, NOW + MINUTE), Ok(()));

    there.withdraw::<Marketing>(
        &ada,
        consent.id(),
        NOW + 2 * MINUTE,
        "STOP reply",
        "sms-gateway",
    )?;
    // Even a use stamped before the withdrawal: a withdrawal is final.
    for copy in [&consent, &elsewhere] {
        assert_eq!(
            use_at(&email, copy, NOW + 3 * MINUTE),
            Err(ConsentErrorKind::Withdrawn)
        );
        assert_eq!(
            use_at(&email, copy, NOW + MINUTE),
            Err(ConsentErrorKind::Withdrawn)
        );
    }
    let err = here.consent::<Marketing>(&ada, consent.id()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotLive);
    let again = here.withdraw::<Marketing>(&ada, consent.id(), NOW + 4 * MINUTE, "again", "web");
    assert_eq!(again.unwrap_err().kind(), ErrorKind::NotLive);
    Ok(())
}

#[test]
fn a_consent_is_its_subjects_and_its_purposes_only() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let (ada, bob) = (subject("user-42"), subject("user-43"));
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection())?;

    let err = ledger.consent::<Marketing>(&bob, consent.id()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = ledger
        .consent::<purpose_bound::Advertising>(&ada, consent.id())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = ledger
        .withdraw::<Marketing>(&bob, consent.id(), NOW + MINUTE, "web", "web")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    Ok(())
}

#[test]
fn sql_that_revives_a_withdrawn_consent_is_refused_and_named() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = consent.parse_email("ada@example.com")?;
    ledger.withdraw::<Marketing>(&ada, consent.id(), NOW + MINUTE, "settings page", "web")?;
    let head = ledger.head()?;

    let changed = raw(&path)?.execute(
        "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'",
        [],
    )?;
    assert_eq!(changed, 1);
    assert_eq!(
        use_at(&email, &consent, NOW + 2 * MINUTE),
        Err(ConsentErrorKind::SourceUnavailable)
    );
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Edited, Some(2)));

    // Deleting the withdrawal leaves a consent that verifies on its own:
    // the chain against a head kept elsewhere sees it.
    raw(&path)?.execute("DELETE FROM pb_consent_events WHERE seq = 2", [])?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Truncated, Some(2)));
    Ok(())
}

#[test]
fn sql_that_hands_a_consent_to_another_subject_is_refused() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let (ada, bob) = (subject("user-42"), subject("user-43"));
    let adas = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let bobs = ledger.give::<Marketing>(&bob, NOW, &collection())?;
    let bobs_email = bobs.parse_email("bob@example.com")?;
    assert_eq!(use_at(&bobs_email, &bobs, NOW), Ok(()));

    // Bob withdraws; someone copies Ada's live consent row over his.
    ledger.withdraw::<Marketing>(&bob, bobs.id(), NOW + MINUTE, "web", "web")?;
    raw(&path)?.execute(
        "UPDATE pb_consent_events SET subject = (SELECT subject FROM pb_consent_events WHERE seq = ?1),
                kind = 'given' WHERE seq = 3",
        [i64::try_from(adas.id().get())?],
    )?;
    assert_eq!(
        use_at(&bobs_email, &bobs, NOW + 2 * MINUTE),
        Err(ConsentErrorKind::SourceUnavailable)
    );
    Ok(())
}

fn chain_of(n: u64) -> Result<(tempfile::TempDir, std::path::PathBuf, ConsentLedger, Head)> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.db");
    let ledger = ledger_at(&path);
    for i in 0..n {
        ledger.give::<Marketing>(&subject(&format!("user-{i}")), NOW, &collection())?;
    }
    let head = ledger.head()?;
    assert_eq!(head.seq(), n);
    assert_eq!(ledger.verify(&head)?, head);
    Ok((dir, path, ledger, head))
}

#[test]
fn verify_names_an_edited_event() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    raw(&path)?.execute("UPDATE pb_consent_events SET at = at + 1 WHERE seq = 3", [])?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Edited, Some(3)));
    Ok(())
}

#[test]
fn verify_names_a_deleted_event() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    raw(&path)?.execute("DELETE FROM pb_consent_events WHERE seq = 3", [])?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Deleted, Some(3)));

    // Deleted, and the rest renumbered to hide the gap.
    let (_dir, path, ledger, head) = chain_of(5)?;
    let conn = raw(&path)?;
    conn.execute("DELETE FROM pb_consent_events WHERE seq = 3", [])?;
    conn.execute(
        "UPDATE pb_consent_events SET seq = seq - 1 WHERE seq > 3",
        [],
    )?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Deleted, Some(3)));
    Ok(())
}

#[test]
fn verify_names_an_inserted_event() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    let conn = raw(&path)?;
    // Make room at 3, then put in a row the ledger did not write, linked
    // to event 2, with a MAC made up.
    conn.execute(
        "UPDATE pb_consent_events SET seq = seq + 10 WHERE seq >= 3",
        [],
    )?;
    conn.execute(
        "UPDATE pb_consent_events SET seq = seq - 9 WHERE seq >= 13",
        [],
    )?;
    conn.execute(
        "INSERT INTO pb_consent_events SELECT 3, 3, subject, purpose, kind, at, until, fields, key_id, mac, randomblob(32)
         FROM pb_consent_events WHERE seq = 2",
        [],
    )?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Inserted, Some(3)));
    Ok(())
}

#[test]
fn verify_names_a_reordered_event() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    let conn = raw(&path)?;
    conn.execute("UPDATE pb_consent_events SET seq = 100 WHERE seq = 2", [])?;
    conn.execute("UPDATE pb_consent_events SET seq = 2 WHERE seq = 4", [])?;
    conn.execute("UPDATE pb_consent_events SET seq = 4 WHERE seq = 100", [])?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Reordered, Some(2)));
    Ok(())
}

#[test]
fn verify_names_a_truncation_and_a_foreign_head() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    let (_other_dir, _, _, other_head) = {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("ledger.db");
        let other = ConsentLedger::open(
            Arc::new(SqliteStore::open(&path)?),
            Keyring::new(1, &mut [9u8; 32]).ledger_key(),
        )?;
        for i in 0..5 {
            other.give::<Marketing>(&subject(&format!("user-{i}")), NOW, &collection())?;
        }
        let head = other.head()?;
        (dir, path, other, head)
    };
    let err = ledger.verify(&other_head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Forked, Some(5)));

    raw(&path)?.execute("DELETE FROM pb_consent_events WHERE seq >= 4", [])?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Truncated, Some(4)));
    Ok(())
}

#[test]
fn the_ledger_keeps_pseudonyms_and_hashes_not_ids_and_words() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let ada = subject("user-42-ada");
    ledger.give::<Marketing>(&ada, NOW, &collection())?;
    drop(ledger);
    let mut bytes = std::fs::read(&path)?;
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let holds = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!holds(b"user-42-ada"));
    assert!(!holds(b"May we email you"));
    assert!(holds(b"newsletter-v3"));
    Ok(())
}

#[test]
fn history_gives_every_event_with_its_27560_fields() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    ledger.refuse::<Marketing>(&ada, NOW, &collection())?;
    let consent = ledger.give::<Marketing>(&ada, NOW + MINUTE, &collection())?;
    ledger.withdraw::<Marketing>(&ada, consent.id(), NOW + 2 * MINUTE, "settings page", "web")?;
    ledger.give::<Marketing>(&subject("user-43"), NOW, &collection())?;

    let history = ledger.history(&ada)?;
    let kinds: Vec<_> = history.iter().map(|event| event.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Refused, EventKind::Given, EventKind::Withdrawn]
    );
    let given = &history[1];
    assert_eq!(given.subject, ledger.pseudonym(&ada));
    assert_eq!(given.fields.notice.as_deref(), Some("newsletter-v3"));
    assert_eq!(given.fields.language.as_deref(), Some("en"));
    assert_eq!(given.fields.jurisdiction.as_deref(), Some("EU"));
    assert_eq!(given.fields.channel.as_deref(), Some("web"));
    assert_eq!(given.fields.method, "unticked checkbox");
    assert_eq!(
        given.fields.notice_sha256.as_deref(),
        Some(
            Notice::new("x", "May we email you our offers?")?
                .sha256_hex()
                .as_str()
        )
    );
    assert_eq!(history[2].fields.method, "settings page");
    Ok(())
}

#[test]
fn validity_ends_a_consent_and_renewal_extends_it() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let day = Duration::from_secs(86_400);
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection().valid_for(30 * day))?;
    let email = consent.parse_email("ada@example.com")?;
    assert_eq!(use_at(&email, &consent, NOW + 29 * day), Ok(()));
    assert_eq!(
        use_at(&email, &consent, NOW + 30 * day),
        Err(ConsentErrorKind::Expired)
    );

    let renewed = ledger.renew::<Marketing>(&ada, consent.id(), NOW + 29 * day, 30 * day, "web")?;
    assert_eq!(use_at(&email, &renewed, NOW + 40 * day), Ok(()));
    assert_eq!(
        use_at(&email, &consent, NOW + 40 * day),
        Err(ConsentErrorKind::Expired)
    );
    ledger.expire::<Marketing>(&ada, consent.id(), NOW + 59 * day, "retention sweep")?;
    assert_eq!(
        use_at(&email, &renewed, NOW + 58 * day),
        Err(ConsentErrorKind::Expired)
    );
    Ok(())
}

#[test]
fn imported_consents_are_marked_and_keep_their_withdrawal() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let (ada, bob) = (subject("user-42"), subject("user-43"));
    let live = ledger.import_given::<Marketing>(&ada, NOW, &collection(), None)?;
    let gone = ledger.import_given::<Marketing>(&bob, NOW, &collection(), Some(NOW + MINUTE))?;
    assert!(ledger.consent::<Marketing>(&ada, live).is_ok());
    assert_eq!(
        ledger.consent::<Marketing>(&bob, gone).unwrap_err().kind(),
        ErrorKind::NotLive
    );
    assert!(
        ledger
            .history(&bob)?
            .iter()
            .all(|event| event.fields.imported)
    );
    let backwards = ledger.import_given::<Marketing>(&bob, NOW, &collection(), Some(NOW - MINUTE));
    assert_eq!(backwards.unwrap_err().kind(), ErrorKind::NotLive);
    Ok(())
}

#[test]
fn oversized_and_empty_fields_are_refused() -> Result {
    let long = "x".repeat(1 << 20);
    assert_eq!(
        Notice::new("v1", &long).unwrap_err().kind(),
        ErrorKind::TooLong
    );
    assert_eq!(
        Notice::new(&"x".repeat(limits::FIELD + 1), "text")
            .unwrap_err()
            .kind(),
        ErrorKind::TooLong
    );
    assert_eq!(
        Notice::new("v1", " \n").unwrap_err().kind(),
        ErrorKind::Empty
    );

    let (_dir, _, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let err = ledger
        .give::<Marketing>(&ada, NOW, &collection().method(long))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLong);
    let err = ledger
        .give::<Marketing>(&ada, NOW, &collection().recorded_by(""))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Empty);
    assert_eq!(ledger.head()?.seq(), 0);
    Ok(())
}

#[test]
fn a_store_that_cannot_be_read_refuses_every_use() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = consent.parse_email("ada@example.com")?;
    raw(&path)?.execute("DROP TABLE pb_consent_events", [])?;
    assert_eq!(
        use_at(&email, &consent, NOW),
        Err(ConsentErrorKind::SourceUnavailable)
    );
    let err = ledger
        .withdraw::<Marketing>(&ada, consent.id(), NOW, "web", "web")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    Ok(())
}

#[test]
fn a_missing_directory_a_foreign_file_and_a_newer_schema_are_told_apart() -> Result {
    let dir = tempfile::tempdir()?;
    let err = SqliteStore::open(dir.path().join("gone/ledger.db")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192])?;
    assert_eq!(
        SqliteStore::open(&garbage).unwrap_err().kind(),
        ErrorKind::Corrupt
    );

    let newer = dir.path().join("newer.db");
    drop(SqliteStore::open(&newer)?);
    raw(&newer)?.pragma_update(None, "user_version", 99)?;
    assert_eq!(
        SqliteStore::open(&newer).unwrap_err().kind(),
        ErrorKind::SchemaTooNew
    );
    Ok(())
}

#[test]
fn a_keyring_without_the_ledgers_key_is_refused() -> Result {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.db");
    drop(ledger_at(&path));
    let other = Keyring::new(2, &mut [7u8; 32]).ledger_key();
    let err = ConsentLedger::open(Arc::new(SqliteStore::open(&path)?), other).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyMissing);
    // A rotated keyring that still holds key 1 keeps the ledger's key.
    let mut rotated = keyring();
    rotated.rotate(2, &mut [8u8; 32])?;
    assert_eq!(rotated.primary(), 2);
    assert!(ConsentLedger::open(Arc::new(SqliteStore::open(&path)?), rotated.ledger_key()).is_ok());
    Ok(())
}

#[test]
fn sixteen_threads_write_one_unbroken_chain() -> Result {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.db");
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || -> std::result::Result<(), String> {
                // A ledger per thread: separate connections, as separate
                // processes would have.
                let ledger = ledger_at(&path);
                for i in 0..10 {
                    let who = subject(&format!("user-{t}-{i}"));
                    let consent = ledger
                        .give::<Marketing>(&who, NOW, &collection())
                        .map_err(|e| e.to_string())?;
                    let email = consent
                        .parse_email("x@example.com")
                        .map_err(|e| e.to_string())?;
                    use_at(&email, &consent, NOW).map_err(|e| e.as_str().to_owned())?;
                    if i % 2 == 0 {
                        ledger
                            .withdraw::<Marketing>(&who, consent.id(), NOW + MINUTE, "web", "web")
                            .map_err(|e| e.to_string())?;
                        if use_at(&email, &consent, NOW + MINUTE)
                            != Err(ConsentErrorKind::Withdrawn)
                        {
                            return Err("a withdrawn consent was used".into());
                        }
                    }
                }
                Ok(())
            })
        })
        .collect();
    for thread in threads {
        thread.join().map_err(|_| "a thread panicked")??;
    }
    let ledger = ledger_at(&path);
    let head = ledger
        .verify(&"0:0000000000000000000000000000000000000000000000000000000000000000".parse()?)?;
    assert_eq!(head.seq(), 16 * 15);
    Ok(())
}

#[test]
fn a_receipt_has_kantaras_required_fields_and_is_the_subjects_only() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let (ada, bob) = (subject("user-42"), subject("user-43"));
    let first = ledger.give::<purpose_bound::Advertising>(&ada, NOW, &collection())?;
    let second = ledger.give::<purpose_bound::Advertising>(&ada, NOW, &collection())?;
    let controller = purpose_bound_store::Controller::new(
        "Example Ltd",
        "Accounts",
        "https://example.com/privacy",
    )
    .contact(
        "DPO",
        "dpo@example.com",
        "+44 20 7946 0000",
        "1 Example Street",
    );
    let receipt = ledger.receipt::<purpose_bound::Advertising>(&ada, first.id(), &controller)?;
    let json: serde_json::Value = serde_json::from_str(&receipt.to_json())?;
    for required in [
        "version",
        "jurisdiction",
        "consentTimestamp",
        "collectionMethod",
        "consentReceiptID",
        "piiPrincipalId",
        "piiControllers",
        "policyUrl",
        "services",
        "sensitive",
        "spiCat",
    ] {
        assert!(json.get(required).is_some(), "no {required}");
    }
    assert_eq!(json["consentTimestamp"], NOW.as_secs());
    assert_eq!(json["piiPrincipalId"], "user-42");
    assert_eq!(json["jurisdiction"], "EU");
    let purpose = &json["services"][0]["purposes"][0];
    assert_eq!(purpose["thirdPartyDisclosure"], true);
    assert!(
        purpose["termination"]
            .as_str()
            .unwrap_or_default()
            .contains("https://example.com/settings")
    );
    let other = ledger.receipt::<purpose_bound::Advertising>(&ada, second.id(), &controller)?;
    assert_ne!(receipt.id(), other.id());
    // Withdrawn, the consent keeps its receipt; another subject gets none.
    ledger.withdraw::<purpose_bound::Advertising>(&ada, first.id(), NOW + MINUTE, "web", "web")?;
    assert!(
        ledger
            .receipt::<purpose_bound::Advertising>(&ada, first.id(), &controller)
            .is_ok()
    );
    let err = ledger
        .receipt::<purpose_bound::Advertising>(&bob, first.id(), &controller)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    Ok(())
}

#[test]
fn a_withdrawn_consent_adopts_nothing() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let sign_in = purpose_bound::PhoneNumber::<purpose_bound::TwoFactor>::parse("+44 7911 123456")?
        .owned_by(&ada)?;
    assert!(consent.adopt(&sign_in).is_ok());
    ledger.withdraw::<Marketing>(&ada, consent.id(), NOW, "settings page", "web")?;
    assert_eq!(
        consent.adopt(&sign_in).unwrap_err().kind(),
        ConsentErrorKind::Withdrawn
    );
    Ok(())
}

#[test]
fn an_event_written_twice_is_named() -> Result {
    let (_dir, path, ledger, head) = chain_of(5)?;
    // A copy of event 2, appended as event 6: its MAC holds at 2 only.
    raw(&path)?.execute(
        "INSERT INTO pb_consent_events SELECT 6, consent, subject, purpose, kind, at, until, fields, key_id,
                (SELECT mac FROM pb_consent_events WHERE seq = 5), mac
         FROM pb_consent_events WHERE seq = 2",
        [],
    )?;
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Duplicated, Some(6)));
    Ok(())
}

#[test]
fn a_store_that_goes_away_mid_run_loses_no_event_it_confirmed() -> Result {
    let store = Arc::new(common::Faulty::new()?.appends_left(7));
    let ledger = ConsentLedger::open(store, keyring().ledger_key())?;
    let mut confirmed = 0;
    let mut refused = 0;
    for i in 0..10 {
        match ledger.give::<Marketing>(&subject(&format!("user-{i}")), NOW, &collection()) {
            Ok(_) => confirmed += 1,
            Err(err) => {
                assert_eq!(err.kind(), ErrorKind::Unavailable);
                refused += 1;
            }
        }
    }
    assert_eq!((confirmed, refused), (7, 3));
    let head = ledger
        .verify(&"0:0000000000000000000000000000000000000000000000000000000000000000".parse()?)?;
    assert_eq!(head.seq(), 7);
    Ok(())
}

#[test]
fn a_snapshot_holds_each_subjects_consents_of_its_purpose_with_their_ends() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let day = Duration::from_secs(86_400);
    let (ada, bob, eve) = (subject("user-42"), subject("user-7"), subject("user-9"));
    let kept = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let ended = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    ledger.withdraw::<Marketing>(&ada, ended.id(), NOW + MINUTE, "settings page", "web")?;
    let short = ledger.give::<Marketing>(&bob, NOW, &collection().valid_for(day))?;
    ledger.renew::<Marketing>(&bob, short.id(), NOW + MINUTE, 30 * day, "web")?;
    ledger.refuse::<Marketing>(&eve, NOW, &collection())?;
    ledger.give::<purpose_bound::Advertising>(&eve, NOW, &collection())?;

    let live = ledger.live::<Marketing>()?;
    assert_eq!((live.len(), live.head()), (3, ledger.head()?));
    let email = kept.parse_email("ada@example.com")?;
    let of_ada: Vec<_> = live.of(&ada).collect();
    assert_eq!(
        of_ada.iter().map(|c| c.id()).collect::<Vec<_>>(),
        [kept.id(), ended.id()]
    );
    assert_eq!(use_at(&email, &of_ada[0], NOW + 2 * MINUTE), Ok(()));
    let withdrawn = ended.parse_email("ada@example.com")?;
    assert_eq!(
        use_at(&withdrawn, &of_ada[1], NOW + 2 * MINUTE),
        Err(ConsentErrorKind::Withdrawn)
    );
    // The renewal's end, not the given one's.
    let of_bob: Vec<_> = live.of(&bob).collect();
    let bobs = short.parse_email("bob@example.com")?;
    assert_eq!(use_at(&bobs, &of_bob[0], NOW + 10 * day), Ok(()));
    assert_eq!(
        use_at(&bobs, &of_bob[0], NOW + 31 * day),
        Err(ConsentErrorKind::Expired)
    );
    // A refusal gives nothing; another purpose's consent is not this one's.
    assert_eq!(live.of(&eve).count(), 0);
    assert_eq!(live.pseudonym(&ada), ledger.pseudonym(&ada));

    // A withdrawal turned back into a giving in SQL fails the snapshot,
    // rather than revive the consent in it; so does a deleted event.
    raw(&path)?.execute(
        "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'",
        [],
    )?;
    let err = ledger.live::<Marketing>().unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Edited, Some(3)));
    raw(&path)?.execute("DELETE FROM pb_consent_events WHERE seq = 3", [])?;
    let err = ledger.live::<Marketing>().unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Deleted, Some(3)));
    Ok(())
}

#[test]
fn an_invalidation_stops_every_copy_in_every_process() -> Result {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("ledger.db");
    let here = ledger_at(&path);
    let there = ledger_at(&path);
    let ada = subject("user-42");
    let start = here.head()?;

    let consent = here.give::<Marketing>(&ada, NOW, &collection())?;
    let email = consent.parse_email("ada@example.com")?;
    let elsewhere = there.consent::<Marketing>(&ada, consent.id())?;
    let sign_in = purpose_bound::PhoneNumber::<purpose_bound::TwoFactor>::parse("+1 415 555 2671")?
        .owned_by(&ada)?;
    assert!(elsewhere.adopt(&sign_in).is_ok());
    assert_eq!(use_at(&email, &elsewhere, NOW + MINUTE), Ok(()));

    // Another process learns the number was reassigned.
    there.invalidate::<Marketing>(
        &ada,
        consent.id(),
        NOW + 2 * MINUTE,
        "reassigned: FCC RND",
        "rnd-check",
    )?;
    // Every copy refuses, also a use stamped before the invalidation.
    for copy in [&consent, &elsewhere] {
        for at in [NOW + MINUTE, NOW + 3 * MINUTE] {
            assert_eq!(use_at(&email, copy, at), Err(ConsentErrorKind::Invalidated));
        }
        assert_eq!(
            copy.adopt(&sign_in).unwrap_err().kind(),
            ConsentErrorKind::Invalidated
        );
    }
    let err = here.consent::<Marketing>(&ada, consent.id()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotLive);

    // An ended consent is not invalidated, nor withdrawn, again.
    let again = here.invalidate::<Marketing>(&ada, consent.id(), NOW + 4 * MINUTE, "again", "web");
    assert_eq!(again.unwrap_err().kind(), ErrorKind::NotLive);
    let withdrawn = here.withdraw::<Marketing>(&ada, consent.id(), NOW + 4 * MINUTE, "STOP", "web");
    assert_eq!(withdrawn.unwrap_err().kind(), ErrorKind::NotLive);
    let other = here.give::<Marketing>(&ada, NOW, &collection())?;
    here.withdraw::<Marketing>(&ada, other.id(), NOW + MINUTE, "STOP", "web")?;
    let ended = here.invalidate::<Marketing>(&ada, other.id(), NOW + MINUTE, "replaced", "web");
    assert_eq!(ended.unwrap_err().kind(), ErrorKind::NotLive);
    // Nor is another subject's consent, or one for another purpose.
    let bobs =
        here.invalidate::<Marketing>(&subject("user-7"), consent.id(), NOW, "replaced", "web");
    assert_eq!(bobs.unwrap_err().kind(), ErrorKind::NotFound);
    let ads =
        here.invalidate::<purpose_bound::Advertising>(&ada, consent.id(), NOW, "replaced", "web");
    assert_eq!(ads.unwrap_err().kind(), ErrorKind::NotFound);
    let blank = here.invalidate::<Marketing>(&ada, consent.id(), NOW, " ", "web");
    assert_eq!(blank.unwrap_err().kind(), ErrorKind::Empty);

    // The history has it, with its fields; the chain verifies.
    let history = here.history(&ada)?;
    let invalidated = history
        .iter()
        .find(|event| event.kind == EventKind::Invalidated)
        .ok_or("no invalidation in the history")?;
    assert_eq!(invalidated.consent, consent.id());
    assert_eq!(invalidated.at, NOW + 2 * MINUTE);
    assert_eq!(invalidated.until, None);
    assert_eq!(invalidated.fields.method, "reassigned: FCC RND");
    assert_eq!(invalidated.fields.recorded_by, "rnd-check");
    assert_eq!(invalidated.fields.notice, None);
    assert_eq!(EventKind::Invalidated.dpv(), "dpv:ConsentInvalidated");
    assert_eq!(here.verify(&start)?, there.head()?);
    // A receipt records the giving, and is still issued.
    let controller = purpose_bound_store::Controller::new(
        "Example Ltd",
        "Example accounts",
        "https://example.com/privacy",
    );
    assert!(
        here.receipt::<Marketing>(&ada, consent.id(), &controller)?
            .to_json()
            .contains("KI-CR-v1.1.0")
    );
    Ok(())
}

#[test]
fn a_replacement_ends_the_old_values_consent_and_gives_the_new_ones() -> Result {
    let (_dir, _, ledger, head) = chain_of(0)?;
    let ada = subject("user-42");
    let old = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let old_email = old.parse_email("ada@example.com")?;

    let new = ledger.replace::<Marketing>(&ada, old.id(), NOW + MINUTE, &collection())?;
    let new_email = new.parse_email("ada@example.org")?;
    assert_ne!(new.id(), old.id());
    assert_eq!(
        use_at(&old_email, &old, NOW + 2 * MINUTE),
        Err(ConsentErrorKind::Invalidated)
    );
    assert_eq!(use_at(&new_email, &new, NOW + 2 * MINUTE), Ok(()));
    let kinds: Vec<_> = ledger.history(&ada)?.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Given, EventKind::Invalidated, EventKind::Given]
    );
    assert_eq!(ledger.history(&ada)?[1].fields.method, "replaced");

    // An ended consent is not replaced: nothing is written.
    let before = ledger.head()?;
    let err = ledger
        .replace::<Marketing>(&ada, old.id(), NOW + 3 * MINUTE, &collection())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotLive);
    assert_eq!(ledger.head()?, before);
    ledger.verify(&head)?;
    Ok(())
}

#[test]
fn a_snapshot_refuses_an_invalidated_consent_as_withdrawn() -> Result {
    let (_dir, _, ledger, _) = chain_of(0)?;
    let ada = subject("user-42");
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = consent.parse_email("ada@example.com")?;
    ledger.invalidate::<Marketing>(&ada, consent.id(), NOW + MINUTE, "replaced", "web")?;

    let live = ledger.live::<Marketing>()?;
    let of_ada: Vec<_> = live.of(&ada).collect();
    assert_eq!(of_ada.len(), 1);
    assert_eq!(of_ada[0].record().withdrawn(), Some(NOW + MINUTE));
    assert_eq!(
        use_at(&email, &of_ada[0], NOW + 2 * MINUTE),
        Err(ConsentErrorKind::Withdrawn)
    );
    Ok(())
}

#[test]
fn a_refreshed_snapshot_reads_only_what_was_written_since_and_must_continue_its_chain() -> Result {
    let (_dir, path, ledger, _) = chain_of(0)?;
    let (ada, bob) = (subject("user-42"), subject("user-7"));
    let kept = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let gone = ledger.give::<Marketing>(&bob, NOW, &collection())?;
    let before = ledger.live::<Marketing>()?;
    ledger.withdraw::<Marketing>(&bob, gone.id(), NOW + MINUTE, "settings page", "web")?;
    let carol = subject("user-9");
    ledger.give::<Marketing>(&carol, NOW, &collection())?;

    let after = before.refreshed()?;
    assert!(!before.is_current()? && after.is_current()?);
    assert_eq!((before.len(), after.len()), (2, 3));
    assert_eq!(after.head(), ledger.head()?);
    let bobs = gone.parse_email("bob@example.com")?;
    let of_bob: Vec<_> = after.of(&bob).collect();
    assert_eq!(
        use_at(&bobs, &of_bob[0], NOW + 2 * MINUTE),
        Err(ConsentErrorKind::Withdrawn)
    );
    // The snapshot read before it still holds what it read.
    assert_eq!(before.of(&carol).count(), 0);

    // An event edited before the head no longer changes the snapshot: the
    // withdrawal it applied stays.
    raw(&path)?.execute(
        "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'",
        [],
    )?;
    let again = after.refreshed()?;
    let of_bob: Vec<_> = again.of(&bob).collect();
    assert_eq!(
        use_at(&bobs, &of_bob[0], NOW + 2 * MINUTE),
        Err(ConsentErrorKind::Withdrawn)
    );
    assert_eq!(
        use_at(&kept.parse_email("ada@example.com")?, &kept, NOW),
        Ok(())
    );

    // A chain rewritten past the head (its newest event deleted, others
    // written in its place) does not continue the snapshot's.
    let last = i64::try_from(ledger.head()?.seq())?;
    raw(&path)?.execute("DELETE FROM pb_consent_events WHERE seq = ?1", [last])?;
    ledger.give::<Marketing>(&subject("user-1"), NOW, &collection())?;
    ledger.give::<Marketing>(&subject("user-2"), NOW, &collection())?;
    assert!(again.refreshed().is_err());
    Ok(())
}
