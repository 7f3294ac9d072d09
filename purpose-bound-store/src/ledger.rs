//! [`ConsentLedger`]: the system of record of consent. Append-only events
//! per subject and purpose, chained by a keyed MAC, that every use of a
//! consent made here reads again.

pub(crate) mod event;
pub(crate) mod live;
pub(crate) mod receipt;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Consent, ConsentError, ConsentErrorKind, ConsentId, ConsentRecord, ConsentSource, LedgerKey,
    RequiresConsent, Subject, SubjectPseudonym, SubjectTag,
};

use crate::error::{Error, ErrorKind, Result};
use crate::ledger::event::{Collection, EventKind, Fields, LedgerEvent, hex, mac_input, micros};
use crate::ledger::live::LiveConsents;
use crate::ledger::receipt::{Controller, Receipt};
use crate::store::{EventRow, Store, Tip};

/// The setting that names the key the ledger chains and pseudonymises
/// under.
const KEY_SETTING: &str = "ledger.key_id";

/// How many events [`ConsentLedger::verify`] reads at a time.
const PAGE: u32 = 1_000;

/// Where a ledger's chain stood: the sequence number and MAC of its last
/// event. Keep one apart from the store (in a receipt, a log, another
/// database), and [`ConsentLedger::verify`] tells whether the chain up to
/// it is the one that was written.
///
/// Written and read as `<seq>:<64 hex digits>`; the head of an empty
/// ledger is `0:` and 64 zeros.
///
/// # Examples
///
/// ```
/// use purpose_bound_store::Head;
///
/// let head: Head = "3:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff".parse()?;
/// assert_eq!(head.seq(), 3);
/// assert_eq!(head.to_string().parse::<Head>()?, head);
/// assert!("3:0011".parse::<Head>().is_err());
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Head {
    seq: u64,
    mac: [u8; 32],
}

impl Head {
    const EMPTY: Self = Self {
        seq: 0,
        mac: [0; 32],
    };

    /// The sequence number of the last event, 0 for an empty ledger.
    pub const fn seq(&self) -> u64 {
        self.seq
    }

    fn of(row: Option<&EventRow>) -> Self {
        row.map_or(Self::EMPTY, |row| Self {
            seq: row.seq,
            mac: row.mac,
        })
    }
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, hex(&self.mac))
    }
}

impl fmt::Debug for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Head({self})")
    }
}

impl FromStr for Head {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let bad = || Error::new(ErrorKind::BadHead);
        let (seq, digits) = text.split_once(':').ok_or_else(bad)?;
        let seq = seq.parse().map_err(|_| bad())?;
        if digits.len() != 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let mut mac = [0u8; 32];
        for (byte, pair) in mac.iter_mut().zip(digits.as_bytes().chunks_exact(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| bad())?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(Self { seq, mac })
    }
}

/// The system of record of consent: every consent given, refused,
/// withdrawn, expired, renewed or invalidated, per subject and purpose, as an
/// append-only chain of events in a [`Store`].
///
/// - **Every use asks it.** A [`Consent`] from [`give`](Self::give) or
///   [`consent`](Self::consent) re-reads its last event at each use (one
///   indexed read), so a [`withdraw`](Self::withdraw) refuses every later
///   use of every copy of the consent, in this process once `withdraw`
///   returns and in any process sharing the store at its next use. A store
///   that cannot be read refuses the use.
/// - **Tamper-evident.** Every event carries an HMAC-SHA256 (the
///   [`LedgerKey`] of the keyring) of its content and of the MAC before it.
///   A use checks the MAC of the event it reads, so a row edited in SQL
///   (a withdrawal turned back into a consent, a consent moved to another
///   subject) is refused; [`verify`](Self::verify) walks the chain against
///   a [`Head`] kept elsewhere and names an edited, deleted, inserted,
///   reordered or truncated event.
/// - **Pseudonymous.** The ledger keeps a subject as its keyed
///   [`SubjectPseudonym`], never the account id.
///
/// What it cannot see: a deletion of the *last* events of the chain by
/// someone who can write the store, until [`verify`](Self::verify) is run
/// against a head kept elsewhere; and, like any MAC, a rewrite by a holder
/// of the keyring.
///
/// # Examples
///
/// ```
/// use purpose_bound::{
///     ConsentChannel, ConsentErrorKind, Keyring, Mail, Marketing, Message, Recipient, SendError,
///     SendMarketing, Subject, Transport,
/// };
/// use purpose_bound_store::{Collection, ConsentLedger, Notice, SqliteStore};
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// struct Outbox;
/// impl Transport<Mail> for Outbox {
///     type Error = std::convert::Infallible;
///     fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
/// }
///
/// let keyring = Keyring::new(1, &mut [7u8; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
///
/// let ada = Subject::new("user-42")?;
/// let now = Duration::from_secs(1_767_225_600);
/// let notice = Notice::new("newsletter-v3", "May we email you our offers?")?;
/// let collection = Collection::new(notice, ConsentChannel::Web, "en", "EU");
/// let consent = ledger.give::<Marketing>(&ada, now, &collection)?;
/// let email = consent.parse_email("ada@example.com")?;
/// // Another handle on it, as a queued job would load it.
/// let copy = ledger.consent::<Marketing>(&ada, consent.id())?;
/// assert!(email.send_marketing(&copy, now, &mut Outbox, "Offers").is_ok());
///
/// let later = now + Duration::from_secs(60);
/// ledger.withdraw::<Marketing>(&ada, consent.id(), later, "settings page", "web")?;
/// let refused = email.send_marketing(&copy, later, &mut Outbox, "Offers");
/// assert!(matches!(refused, Err(SendError::Consent(err)) if err.kind() == ConsentErrorKind::Withdrawn));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ConsentLedger {
    inner: Arc<Inner>,
}

/// The key a store's rows are chained and pseudonymised under: the one
/// its setting names, which the keyring must still hold.
pub(crate) struct Pseudonyms {
    key: LedgerKey,
    key_id: u32,
}

impl Pseudonyms {
    /// The store's key, recording `key`'s primary for a new store.
    pub(crate) fn of(store: &dyn Store, key: LedgerKey) -> Result<Self> {
        let key_id = store
            .setting(KEY_SETTING, &key.primary().to_string())?
            .parse()
            .map_err(|_| Error::new(ErrorKind::Corrupt))?;
        if !key.holds(key_id) {
            return Err(Error::new(ErrorKind::KeyMissing));
        }
        Ok(Self { key, key_id })
    }

    /// The pseudonym of the subject tagged `subject`.
    pub(crate) fn of_tag(&self, subject: SubjectTag) -> SubjectPseudonym {
        // `of` checked that the keyring holds `key_id`, and a `LedgerKey`
        // never loses a key.
        self.key
            .pseudonym(self.key_id, subject)
            .unwrap_or(SubjectPseudonym::from_bytes([0; 16]))
    }
}

/// What every consent made by the ledger holds to check itself.
struct Inner {
    store: Arc<dyn Store>,
    keys: Pseudonyms,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsentLedger")
            .field("store", &self.store)
            .field("key_id", &self.keys.key_id)
            .finish_non_exhaustive()
    }
}

impl ConsentLedger {
    /// The ledger in `store`, keyed by `key` (from
    /// [`Keyring::ledger_key`](purpose_bound::Keyring::ledger_key)). A new
    /// store records the keyring's primary key id and keeps chaining and
    /// pseudonymising under it.
    ///
    /// # Errors
    ///
    /// [`KeyMissing`](ErrorKind::KeyMissing) when the keyring no longer
    /// holds the store's key; the store's errors.
    pub fn open(store: Arc<dyn Store>, key: LedgerKey) -> Result<Self> {
        let keys = Pseudonyms::of(&*store, key)?;
        Ok(Self {
            inner: Arc::new(Inner { store, keys }),
        })
    }

    /// The pseudonym the ledger and the audit keep of `subject`.
    pub fn pseudonym(&self, subject: &Subject) -> SubjectPseudonym {
        self.inner.pseudonym(subject.tag())
    }

    /// Records that `subject` gave a consent for `P` at `at`, collected as
    /// `collection` says, and returns it: a [`Consent`] that asks the ledger
    /// at each use. Its id is the event's sequence number.
    ///
    /// # Errors
    ///
    /// [`Empty`](ErrorKind::Empty) or [`TooLong`](ErrorKind::TooLong) for a
    /// field of `collection`; the store's errors.
    pub fn give<P: RequiresConsent>(
        &self,
        subject: &Subject,
        at: Duration,
        collection: &Collection,
    ) -> Result<Consent<P>> {
        self.record_given::<P>(subject, at, collection, false)
    }

    /// Imports a consent that `subject` gave for `P` at `at` into the
    /// ledger from an application's own table, marked as imported, and
    /// withdrawn at `withdrawn` if it was. Returns its id in the ledger.
    ///
    /// Read each row of the old table (a query, a CSV file) and call this
    /// once per row, oldest first; the old table's ids are not kept, so
    /// keep the id this returns where the old one was.
    ///
    /// # Examples
    ///
    /// An application's own `consents` table, brought into the ledger by
    /// a query:
    ///
    /// ```
    /// use purpose_bound::{ConsentChannel, Keyring, Marketing, Subject};
    /// use purpose_bound_store::{Collection, ConsentLedger, Notice, SqliteStore};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let old = rusqlite::Connection::open_in_memory()?;
    /// old.execute_batch(
    ///     "CREATE TABLE consents (user_id TEXT, given INTEGER, wording TEXT, channel TEXT, withdrawn INTEGER);
    ///      INSERT INTO consents VALUES ('user-1', 1767225600, 'offers-v1', 'web', NULL),
    ///                                  ('user-2', 1767225600, 'offers-v1', 'app', 1767312000);",
    /// )?;
    /// // The text each wording id stood for, as the old system showed it.
    /// let text_of = |wording: &str| match wording {
    ///     "offers-v1" => "May we email you our offers?",
    ///     _ => "",
    /// };
    ///
    /// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
    /// let mut rows = old.prepare("SELECT user_id, given, wording, channel, withdrawn FROM consents ORDER BY given")?;
    /// let mut rows = rows.query([])?;
    /// while let Some(row) = rows.next()? {
    ///     let secs = |s: i64| Duration::from_secs(s.unsigned_abs());
    ///     let wording: String = row.get(2)?;
    ///     let channel: ConsentChannel = row.get::<_, String>(3)?.parse()?;
    ///     let collection = Collection::new(Notice::new(&wording, text_of(&wording))?, channel, "en", "EU")
    ///         .recorded_by("import from the consents table");
    ///     let withdrawn = row.get::<_, Option<i64>>(4)?.map(secs);
    ///     let id = ledger.import_given::<Marketing>(
    ///         &Subject::new(&row.get::<_, String>(0)?)?, secs(row.get(1)?), &collection, withdrawn,
    ///     )?;
    ///     // Store `id` beside the identifier the consent covers.
    /// #   let _ = id;
    /// }
    /// assert!(ledger.history(&Subject::new("user-2")?)?.iter().all(|event| event.fields.imported));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`give`](Self::give), and [`NotLive`](ErrorKind::NotLive) when
    /// `withdrawn` is before `at`.
    pub fn import_given<P: RequiresConsent>(
        &self,
        subject: &Subject,
        at: Duration,
        collection: &Collection,
        withdrawn: Option<Duration>,
    ) -> Result<ConsentId> {
        if withdrawn.is_some_and(|end| end < at) {
            return Err(Error::new(ErrorKind::NotLive));
        }
        let consent = self.record_given::<P>(subject, at, collection, true)?;
        if let Some(end) = withdrawn {
            let mut fields = Fields::ending("imported", &collection.recorded_by)?;
            fields.imported = true;
            self.end::<P>(
                subject,
                consent.id(),
                end,
                EventKind::Withdrawn,
                fields,
                None,
            )?;
        }
        Ok(consent.id())
    }

    fn record_given<P: RequiresConsent>(
        &self,
        subject: &Subject,
        at: Duration,
        collection: &Collection,
        imported: bool,
    ) -> Result<Consent<P>> {
        let fields = collection.fields(imported)?;
        let until = collection.valid_for.map(|valid| at.saturating_add(valid));
        let row = self.append::<P>(subject, None, at, until, EventKind::Given, &fields, |_| {
            Ok(())
        })?;
        let id = ConsentId::new(row.seq).ok_or_else(|| Error::at(ErrorKind::Corrupt, row.seq))?;
        let mut record =
            ConsentRecord::<P>::new(id, subject, at, collection.notice.id(), collection.channel);
        if let Some(until) = until {
            record = record.expires_at(until);
        }
        self.wrap(record)
    }

    /// Records that `subject` was asked for a consent for `P` at `at` and
    /// refused, and returns the refusal's id. No consent is made.
    ///
    /// # Errors
    ///
    /// As [`give`](Self::give).
    pub fn refuse<P: RequiresConsent>(
        &self,
        subject: &Subject,
        at: Duration,
        collection: &Collection,
    ) -> Result<ConsentId> {
        let fields = collection.fields(false)?;
        let row = self.append::<P>(subject, None, at, None, EventKind::Refused, &fields, |_| {
            Ok(())
        })?;
        ConsentId::new(row.seq).ok_or_else(|| Error::at(ErrorKind::Corrupt, row.seq))
    }

    /// Records that `subject` withdrew the consent `consent` for `P` at
    /// `at`, by `method` (`settings page`, `STOP reply`), as recorded by
    /// `recorded_by`. Once this returns, every use of the consent refuses.
    ///
    /// # Errors
    ///
    /// [`NotFound`](ErrorKind::NotFound) when the ledger has no such
    /// consent of `subject` for `P`; [`NotLive`](ErrorKind::NotLive) when
    /// it is not live at `at`; [`Edited`](ErrorKind::Edited) when its last
    /// event does not verify; the store's errors.
    pub fn withdraw<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        at: Duration,
        method: &str,
        recorded_by: &str,
    ) -> Result<()> {
        let fields = Fields::ending(method, recorded_by)?;
        self.end::<P>(subject, consent, at, EventKind::Withdrawn, fields, None)
    }

    /// Records that the consent `consent` of `subject` for `P` ended at
    /// `at` because the identifier it was collected for changed hands
    /// (`dpv:ConsentInvalidated`): the account replaced its phone number or
    /// address, or the number was reported reassigned, by a carrier or by
    /// a [`ReassignedCheck`](purpose_bound::ReassignedCheck) that refused a
    /// send with [`Reassigned`](ConsentErrorKind::Reassigned). `reason`
    /// says which (`number replaced`, `reassigned: FCC RND`); `recorded_by`
    /// who recorded it.
    ///
    /// As after a [`withdraw`](Self::withdraw), every later use of every
    /// copy of the consent is refused, as
    /// [`Invalidated`](ConsentErrorKind::Invalidated): in this process once
    /// this returns, in any process sharing the store at its next use. An
    /// adoption under it is refused too. The new value needs a consent of
    /// its own: [`replace`](Self::replace) records both at once.
    ///
    /// # Errors
    ///
    /// As [`withdraw`](Self::withdraw): [`NotLive`](ErrorKind::NotLive)
    /// for a consent withdrawn, expired or invalidated already.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ConsentChannel, ConsentErrorKind, Keyring, Marketing, PhoneNumber, Subject, TwoFactor};
    /// use purpose_bound_store::{Collection, ConsentLedger, ErrorKind, Notice, SqliteStore};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
    /// let ada = Subject::new("user-42")?;
    /// let now = Duration::from_secs(1_767_225_600);
    /// let notice = Notice::new("offers-sms-v1", "May we text you our offers?")?;
    /// let consent = ledger.give::<Marketing>(&ada, now, &Collection::new(notice, ConsentChannel::App, "en", "US"))?;
    ///
    /// let sign_in = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671")?.owned_by(&ada)?;
    ///
    /// // The carrier reported the number reassigned to another subscriber.
    /// ledger.invalidate::<Marketing>(&ada, consent.id(), now, "reassigned: carrier", "rnd-sweep")?;
    /// assert_eq!(consent.adopt(&sign_in).unwrap_err().kind(), ConsentErrorKind::Invalidated);
    /// assert_eq!(ledger.consent::<Marketing>(&ada, consent.id()).unwrap_err().kind(), ErrorKind::NotLive);
    /// let again = ledger.invalidate::<Marketing>(&ada, consent.id(), now, "again", "rnd-sweep");
    /// assert_eq!(again.unwrap_err().kind(), ErrorKind::NotLive);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn invalidate<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        at: Duration,
        reason: &str,
        recorded_by: &str,
    ) -> Result<()> {
        let fields = Fields::ending(reason, recorded_by)?;
        self.end::<P>(subject, consent, at, EventKind::Invalidated, fields, None)
    }

    /// Records that `subject` replaced the identifier the consent `old`
    /// for `P` was collected for, at `at`, and gave a consent for the new
    /// one, collected as `collection` says: [`invalidate`](Self::invalidate)
    /// `old` (reason `replaced`, recorded by `collection`'s recorder), then
    /// [`give`](Self::give). Returns the new consent; collect the new value
    /// with it, and erase the old value.
    ///
    /// Two events, each its own write: when the second fails, the old
    /// consent is ended and no new one is given, so nothing is sent to
    /// either value until the call is made again with a new `give`.
    ///
    /// # Errors
    ///
    /// As [`invalidate`](Self::invalidate) for `old` (nothing is written
    /// then), and as [`give`](Self::give).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ConsentChannel, ConsentErrorKind, Keyring, Marketing, PhoneNumber, Subject, TwoFactor};
    /// use purpose_bound_store::{Collection, ConsentLedger, EventKind, Notice, SqliteStore};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
    /// let ada = Subject::new("user-42")?;
    /// let now = Duration::from_secs(1_767_225_600);
    /// let collection = Collection::new(
    ///     Notice::new("offers-sms-v1", "May we text you our offers?")?, ConsentChannel::App, "en", "US",
    /// );
    /// let old = ledger.give::<Marketing>(&ada, now, &collection)?;
    ///
    /// // Ada changes her number in the settings page, and ticks the box again.
    /// let new = ledger.replace::<Marketing>(&ada, old.id(), now + Duration::from_secs(60), &collection)?;
    /// let new_number = PhoneNumber::<TwoFactor>::parse("+1 415 555 2672")?.owned_by(&ada)?;
    /// assert_eq!(old.adopt(&new_number).unwrap_err().kind(), ConsentErrorKind::Invalidated);
    /// assert!(new.adopt(&new_number).is_ok());
    /// let kinds: Vec<_> = ledger.history(&ada)?.iter().map(|event| event.kind).collect();
    /// assert_eq!(kinds, [EventKind::Given, EventKind::Invalidated, EventKind::Given]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace<P: RequiresConsent>(
        &self,
        subject: &Subject,
        old: ConsentId,
        at: Duration,
        collection: &Collection,
    ) -> Result<Consent<P>> {
        self.invalidate::<P>(subject, old, at, "replaced", &collection.recorded_by)?;
        self.give::<P>(subject, at, collection)
    }

    /// Records that the consent `consent` of `subject` for `P` expired at
    /// `at` (a retention sweep's record; a use after its end refuses
    /// already).
    ///
    /// # Errors
    ///
    /// As [`withdraw`](Self::withdraw).
    pub fn expire<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        at: Duration,
        recorded_by: &str,
    ) -> Result<()> {
        let fields = Fields::ending("validity ended", recorded_by)?;
        self.end::<P>(subject, consent, at, EventKind::Expired, fields, None)
    }

    /// Records that `subject` renewed the consent `consent` for `P` at
    /// `at`, valid for `valid_for` from then, and returns it renewed.
    /// Copies made before the renewal still end at the old end.
    ///
    /// # Errors
    ///
    /// As [`withdraw`](Self::withdraw).
    pub fn renew<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        at: Duration,
        valid_for: Duration,
        recorded_by: &str,
    ) -> Result<Consent<P>> {
        let fields = Fields::ending("renewed", recorded_by)?;
        let until = Some(at.saturating_add(valid_for));
        self.end::<P>(subject, consent, at, EventKind::Renewed, fields, until)?;
        self.consent::<P>(subject, consent)
    }

    /// Appends an event of `kind` to the live consent `consent`.
    fn end<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        at: Duration,
        kind: EventKind,
        fields: Fields,
        until: Option<Duration>,
    ) -> Result<()> {
        let pseudonym = self.pseudonym(subject).to_bytes();
        let inner = &self.inner;
        self.append::<P>(subject, Some(consent), at, until, kind, &fields, |tip| {
            let last = tip.consent.ok_or(Error::new(ErrorKind::NotFound))?;
            if last.subject != pseudonym || last.purpose != P::TAG {
                return Err(Error::new(ErrorKind::NotFound));
            }
            inner.verified(last)?;
            let last = LedgerEvent::from_row(last)?;
            // A consent is withdrawn or renewed while live, and recorded
            // as expired once its validity has ended, or before.
            let ended = kind != EventKind::Expired && last.until.is_some_and(|end| end <= at);
            if !last.kind.is_live() || ended || at < last.at {
                return Err(Error::new(ErrorKind::NotLive));
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Builds, MACs and appends one event in one write transaction, after
    /// `check` has accepted the tip.
    #[allow(
        clippy::too_many_arguments,
        reason = "one private builder of every event"
    )]
    fn append<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: Option<ConsentId>,
        at: Duration,
        until: Option<Duration>,
        kind: EventKind,
        fields: &Fields,
        mut check: impl FnMut(&Tip<'_>) -> Result<()>,
    ) -> Result<EventRow> {
        let inner = &self.inner;
        let subject = inner.pseudonym(subject.tag()).to_bytes();
        let fields = serde_json::to_string(fields).map_err(|_| Error::new(ErrorKind::Corrupt))?;
        let at = micros(at)?;
        let until = until.map(micros).transpose()?;
        inner
            .store
            .append_event(consent.map(ConsentId::get), &mut |tip| {
                check(&tip)?;
                let (seq, prev) = tip
                    .last
                    .map_or((1, [0; 32]), |last| (last.seq + 1, last.mac));
                let mut row = EventRow {
                    seq,
                    consent: consent.map_or(seq, ConsentId::get),
                    subject,
                    purpose: P::TAG.to_owned(),
                    kind: kind.as_str().to_owned(),
                    at,
                    until,
                    fields: fields.clone(),
                    key_id: inner.keys.key_id,
                    prev,
                    mac: [0; 32],
                };
                row.mac = inner
                    .keys
                    .key
                    .mac(inner.keys.key_id, &mac_input(&row))
                    .ok_or(Error::new(ErrorKind::KeyMissing))?;
                Ok(row)
            })
    }

    /// The consent `consent` of `subject` for `P`, as the ledger holds it
    /// now: a [`Consent`] that asks the ledger at each use.
    ///
    /// # Errors
    ///
    /// [`NotFound`](ErrorKind::NotFound) when the ledger has no such
    /// consent of `subject` for `P`; [`NotLive`](ErrorKind::NotLive) when
    /// it was refused, withdrawn, invalidated or has expired; [`Edited`](ErrorKind::Edited)
    /// when an event of it does not verify; the store's errors.
    pub fn consent<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
    ) -> Result<Consent<P>> {
        let last = self
            .inner
            .store
            .last_of_consent(consent.get())?
            .ok_or(Error::new(ErrorKind::NotFound))?;
        self.check_row::<P>(&last, subject, consent)?;
        let first = self.given::<P>(subject, consent)?;
        let (first, last) = (
            LedgerEvent::from_row(&first)?,
            LedgerEvent::from_row(&last)?,
        );
        if !last.kind.is_live() {
            return Err(Error::new(ErrorKind::NotLive));
        }
        let notice = first
            .fields
            .notice
            .as_deref()
            .ok_or_else(|| Error::at(ErrorKind::Corrupt, first.seq))?;
        let channel = first
            .fields
            .channel
            .as_deref()
            .and_then(|name| name.parse().ok())
            .ok_or_else(|| Error::at(ErrorKind::Corrupt, first.seq))?;
        let mut record = ConsentRecord::<P>::new(consent, subject, first.at, notice, channel);
        if let Some(until) = last.until {
            record = record.expires_at(until);
        }
        self.wrap(record)
    }

    /// A consent receipt (Kantara Consent Receipt v1.1) for the consent
    /// `consent` that `subject` gave for `P`, issued by `controller`,
    /// live or not: a receipt records the giving.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ConsentChannel, Keyring, Marketing, Subject};
    /// use purpose_bound_store::{Collection, ConsentLedger, Controller, Notice, SqliteStore};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
    /// let ada = Subject::new("user-42")?;
    /// let notice = Notice::new("newsletter-v3", "May we email you our offers?")?;
    /// let collection = Collection::new(notice, ConsentChannel::Web, "en", "EU");
    /// let consent = ledger.give::<Marketing>(&ada, Duration::from_secs(1_893_456_000), &collection)?;
    ///
    /// let controller = Controller::new("Example Ltd", "Example accounts", "https://example.com/privacy");
    /// let receipt = ledger.receipt::<Marketing>(&ada, consent.id(), &controller)?;
    /// let json: serde_json::Value = serde_json::from_str(&receipt.to_json())?;
    /// assert_eq!(json["version"], "KI-CR-v1.1.0");
    /// assert_eq!(json["consentReceiptID"], receipt.id());
    /// assert_eq!(json["services"][0]["purposes"][0]["purposeCategory"][0], "Marketing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`NotFound`](ErrorKind::NotFound) when the ledger has no such
    /// consent of `subject` for `P`; [`Edited`](ErrorKind::Edited) when
    /// the event that gave it does not verify;
    /// [`Empty`](ErrorKind::Empty) or [`TooLong`](ErrorKind::TooLong) for
    /// the controller's name, service or policy URL; the store's errors.
    pub fn receipt<P: RequiresConsent>(
        &self,
        subject: &Subject,
        consent: ConsentId,
        controller: &Controller,
    ) -> Result<Receipt> {
        let given = self.given::<P>(subject, consent)?;
        Receipt::new(
            &LedgerEvent::from_row(&given)?,
            &given.mac,
            subject.expose_id(),
            controller,
        )
    }

    /// The event that gave consent `consent`, verified to be `subject`'s,
    /// for `P`.
    fn given<P: RequiresConsent>(&self, subject: &Subject, consent: ConsentId) -> Result<EventRow> {
        let first = self
            .inner
            .store
            .events_after(consent.get() - 1, 1)?
            .into_iter()
            .next()
            .filter(|first| first.seq == consent.get() && first.kind == EventKind::Given.as_str())
            .ok_or(Error::new(ErrorKind::NotFound))?;
        self.check_row::<P>(&first, subject, consent)?;
        Ok(first)
    }

    /// That `row` is of consent `consent` of `subject` for `P`, and
    /// verifies.
    fn check_row<P: RequiresConsent>(
        &self,
        row: &EventRow,
        subject: &Subject,
        consent: ConsentId,
    ) -> Result<()> {
        let pseudonym = self.pseudonym(subject).to_bytes();
        if row.subject != pseudonym || row.purpose != P::TAG || row.consent != consent.get() {
            return Err(Error::new(ErrorKind::NotFound));
        }
        self.inner.verified(row)
    }

    fn wrap<P: RequiresConsent>(&self, record: ConsentRecord<P>) -> Result<Consent<P>> {
        let source: Arc<dyn ConsentSource> = self.inner.clone();
        // The ledger checked what `Consent::new` checks: a blank notice
        // id is refused by `Notice::new`, an end before the start cannot
        // be built.
        Consent::from_source(record, source).map_err(|_| Error::new(ErrorKind::Corrupt))
    }

    /// Every event of `subject`, oldest first, each verified.
    ///
    /// # Errors
    ///
    /// [`Edited`](ErrorKind::Edited) when an event does not verify; the
    /// store's errors.
    pub fn history(&self, subject: &Subject) -> Result<Vec<LedgerEvent>> {
        let pseudonym = self.pseudonym(subject).to_bytes();
        self.inner
            .store
            .events_of(pseudonym)?
            .iter()
            .map(|row| {
                self.inner.verified(row)?;
                LedgerEvent::from_row(row)
            })
            .collect()
    }

    /// Where the chain stands now. Keep it apart from the store to
    /// [`verify`](Self::verify) against later.
    ///
    /// # Errors
    ///
    /// The store's errors.
    pub fn head(&self) -> Result<Head> {
        let mut head = Head::EMPTY;
        loop {
            let page = self.inner.store.events_after(head.seq, PAGE)?;
            match page.last() {
                Some(last) => head = Head::of(Some(last)),
                None => return Ok(head),
            }
        }
    }

    /// Walks the whole chain: every event's MAC and its link to the one
    /// before, with no gap in the sequence, up to `head` and past it.
    /// Returns the head the chain ends at now.
    ///
    /// # Errors
    ///
    /// The first break found, with the sequence number where it is:
    /// [`Edited`](ErrorKind::Edited) (an event's content changed),
    /// [`Deleted`](ErrorKind::Deleted) (an event missing),
    /// [`Inserted`](ErrorKind::Inserted) (an event the ledger did not
    /// write, before events moved up one place to make room),
    /// [`Reordered`](ErrorKind::Reordered) (an event written at another
    /// place), [`Duplicated`](ErrorKind::Duplicated) (an earlier event
    /// written again), [`Truncated`](ErrorKind::Truncated) (the chain ends before
    /// `head`), [`Forked`](ErrorKind::Forked) (the event at `head`'s place
    /// is not `head`'s), [`KeyMissing`](ErrorKind::KeyMissing); the
    /// store's errors.
    pub fn verify(&self, head: &Head) -> Result<Head> {
        self.walk(head, |_| Ok(()))
    }

    /// The consents for `P` as the ledger holds them now, by subject: the
    /// snapshot a job that checks many rows at once (a warehouse export)
    /// reads once, rather than ask the store once a row. The whole chain
    /// is walked and verified on the way, as by [`verify`](Self::verify).
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify) with no head kept; [`Corrupt`](ErrorKind::Corrupt)
    /// for an event that verifies but cannot be read.
    pub fn live<P: RequiresConsent>(&self) -> Result<LiveConsents<P>> {
        LiveConsents::read(self)
    }

    /// Walks the chain as [`verify`](Self::verify) says, handing each
    /// event that verifies to `visit`, in order.
    fn walk(&self, head: &Head, visit: impl FnMut(&EventRow) -> Result<()>) -> Result<Head> {
        self.walk_from(Head::EMPTY, head, visit)
    }

    /// As [`walk`](Self::walk), from the event after `from`, which must
    /// link to it.
    pub(crate) fn walk_from(
        &self,
        from: Head,
        head: &Head,
        mut visit: impl FnMut(&EventRow) -> Result<()>,
    ) -> Result<Head> {
        let inner = &self.inner;
        let mut prev = from;
        loop {
            let page = inner.store.events_after(prev.seq, PAGE)?;
            if page.is_empty() {
                break;
            }
            for (index, row) in page.iter().enumerate() {
                let expected = prev.seq + 1;
                if row.seq != expected {
                    return Err(Error::at(ErrorKind::Deleted, expected));
                }
                if row.prev != prev.mac || !inner.valid(row)? {
                    return Err(self.classify(row, page.get(index + 1), prev));
                }
                if row.seq == head.seq && row.mac != head.mac {
                    return Err(Error::at(ErrorKind::Forked, row.seq));
                }
                visit(row)?;
                prev = Head::of(Some(row));
            }
        }
        if prev.seq < head.seq {
            return Err(Error::at(ErrorKind::Truncated, prev.seq + 1));
        }
        Ok(prev)
    }

    /// Says what was done to `row`, which does not verify where it stands
    /// after `prev`; `next` is the row after it.
    fn classify(&self, row: &EventRow, next: Option<&EventRow>, prev: Head) -> Error {
        let inner = &self.inner;
        let at = |kind| Error::at(kind, row.seq);
        let valid_as = |row: &EventRow, seq: u64| {
            let mut moved = row.clone();
            moved.seq = seq;
            if moved.consent == row.seq {
                moved.consent = seq;
            }
            inner.valid(&moved).unwrap_or(false)
        };
        if self.copy_of(row).is_some() {
            // The MAC of an earlier event: the same event written twice.
            return at(ErrorKind::Duplicated);
        }
        if inner.valid(row).unwrap_or(false) {
            // Its own MAC holds, its link does not: the row before it
            // changed place, which `verify` would have seen there; or it
            // was written after another event than the one before it now.
            return at(ErrorKind::Reordered);
        }
        if valid_as(row, row.seq - 1) {
            // Every event moved up one place: one was put in before.
            return Error::at(ErrorKind::Inserted, prev.seq);
        }
        if valid_as(row, row.seq + 1) {
            // Moved down one place: the one before it was deleted and
            // the rest renumbered.
            return at(ErrorKind::Deleted);
        }
        if next.is_some_and(|next| valid_as(next, row.seq)) {
            // The next event belongs here: this one was put in.
            return at(ErrorKind::Inserted);
        }
        if next.is_some_and(|next| next.prev == row.mac) && row.prev != prev.mac {
            return at(ErrorKind::Reordered);
        }
        // Its content, MAC or link changed where it stands, unless it
        // belongs at another place of the chain.
        let moved = (1..=row.seq.saturating_add(PAGE.into()))
            .filter(|&seq| seq != row.seq)
            .any(|seq| valid_as(row, seq));
        at(if moved {
            ErrorKind::Reordered
        } else {
            ErrorKind::Edited
        })
    }
}

impl ConsentLedger {
    /// The sequence number of an earlier event with `row`'s MAC, if any.
    fn copy_of(&self, row: &EventRow) -> Option<u64> {
        let mut after = 0;
        while after + 1 < row.seq {
            let page = self.inner.store.events_after(after, PAGE).ok()?;
            let last = page.last()?.seq;
            if let Some(earlier) = page.iter().find(|e| e.seq < row.seq && e.mac == row.mac) {
                return Some(earlier.seq);
            }
            after = last;
        }
        None
    }
}

impl Inner {
    fn pseudonym(&self, subject: SubjectTag) -> SubjectPseudonym {
        self.keys.of_tag(subject)
    }

    /// Whether `row`'s MAC holds under the key it names.
    fn valid(&self, row: &EventRow) -> Result<bool> {
        self.keys
            .key
            .verify(row.key_id, &mac_input(row), &row.mac)
            .ok_or(Error::at(ErrorKind::KeyMissing, row.seq))
    }

    fn verified(&self, row: &EventRow) -> Result<()> {
        match self.valid(row)? {
            true => Ok(()),
            false => Err(Error::at(ErrorKind::Edited, row.seq)),
        }
    }

    /// The ledger's answer for one use: `Ok` if the consent's last event
    /// verifies, is the subject's, of the purpose, and live at `at`.
    fn live(
        &self,
        purpose: &'static str,
        consent: ConsentId,
        subject: SubjectTag,
        at: Duration,
    ) -> Result<(), ConsentErrorKind> {
        let unavailable = ConsentErrorKind::SourceUnavailable;
        let last = self
            .store
            .last_of_consent(consent.get())
            .map_err(|_| unavailable)?
            .ok_or(unavailable)?;
        if !self.valid(&last).unwrap_or(false) {
            return Err(unavailable);
        }
        if last.subject != self.pseudonym(subject).to_bytes() {
            return Err(ConsentErrorKind::AnotherSubject);
        }
        if last.purpose != purpose {
            return Err(ConsentErrorKind::PurposeMismatch);
        }
        let at = micros(at).map_err(|_| unavailable)?;
        match EventKind::from_name(&last.kind).ok_or(unavailable)? {
            EventKind::Given | EventKind::Renewed => {
                if last.until.is_some_and(|end| end <= at) {
                    Err(ConsentErrorKind::Expired)
                } else if last.kind == EventKind::Given.as_str() && at < last.at {
                    Err(ConsentErrorKind::NotYetGiven)
                } else {
                    Ok(())
                }
            }
            EventKind::Withdrawn => Err(ConsentErrorKind::Withdrawn),
            EventKind::Invalidated => Err(ConsentErrorKind::Invalidated),
            EventKind::Expired => Err(ConsentErrorKind::Expired),
            EventKind::Refused => Err(ConsentErrorKind::NotYetGiven),
        }
    }
}

impl ConsentSource for Inner {
    fn check(
        &self,
        purpose: &'static str,
        consent: ConsentId,
        subject: SubjectTag,
        at: Duration,
    ) -> Result<(), ConsentError> {
        self.live(purpose, consent, subject, at)
            .map_err(ConsentError::from)
    }
}
