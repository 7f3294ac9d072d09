//! The audit fails closed: when its queue holds as many unwritten events
//! as it may, the next hand-off is refused, and it comes back once the
//! store is written again.
#![cfg(feature = "sqlite")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Faulty, NOW, Outbox, collection, keyring, subject};
use purpose_bound::{Marketing, SendError};
use purpose_bound_store::{AuditConfig, AuditLog, ConsentLedger};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

#[test]
fn a_full_queue_refuses_the_hand_off_until_the_store_is_back() -> Result {
    let store = Arc::new(Faulty::new()?);
    store.audit_down(true);
    let ledger = ConsentLedger::open(store.clone(), keyring().ledger_key())?;
    let config = AuditConfig::default()
        .capacity(8)
        .interval(Duration::from_millis(1));
    let audit = AuditLog::start(store.clone(), keyring().ledger_key(), config)?
        .install()
        .map_err(|_| "a sink was installed already")?;

    let ada = subject("user-42");
    let offers = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = offers.parse_email("ada@example.com")?;
    for _ in 0..8 {
        email.send_marketing(&offers, NOW, &mut Outbox, "Offers")?;
    }
    let refused = email.send_marketing(&offers, NOW, &mut Outbox, "Offers");
    assert!(
        matches!(refused, Err(SendError::Unaudited(_))),
        "{refused:?}"
    );
    assert_eq!(audit.refused(), 1);
    std::thread::sleep(Duration::from_millis(50));
    assert!(audit.write_failures() > 0);

    store.audit_down(false);
    audit.flush()?;
    email.send_marketing(&offers, NOW, &mut Outbox, "Offers")?;
    audit.flush()?;
    let report = audit.report(NOW - NOW, NOW * 2)?;
    let line = report
        .handed_over("marketing", "send_marketing")
        .next()
        .ok_or("no line")?;
    assert_eq!((line.subjects, line.uses), (1, 9));
    Ok(())
}
