//! [`LiveConsents`]: the consents of one purpose as the ledger held them at
//! one moment, for a job that checks many rows at once.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Consent, ConsentChannel, ConsentId, ConsentRecord, RequiresConsent, Subject, SubjectPseudonym,
};

use crate::error::{Error, ErrorKind, Result};
use crate::ledger::event::{EventKind, time_of};
use crate::ledger::{ConsentLedger, Head};
use crate::store::EventRow;

/// Every consent for `P` in a ledger as it stood when it was read, by
/// subject: what a warehouse export checks its rows against.
///
/// [`ConsentLedger::live`] reads it, walking and verifying the whole chain
/// as [`verify`](ConsentLedger::verify) does, so that an edited, deleted,
/// inserted or reordered event fails the read rather than revive a
/// consent. It is a snapshot: a withdrawal recorded after it was read
/// does not reach it, so read one per job (an export reads one when its
/// query is planned) and drop it after.
///
/// A consent appears with its end if it ended (withdrawn, expired): a use
/// of it is refused with that reason, as a use of the ledger's own
/// consent would be. A consent [invalidated](ConsentLedger::invalidate)
/// (its identifier changed hands) appears as withdrawn at that time, since
/// a [`ConsentRecord`] has no end of that kind: a use of it is refused as
/// [`Withdrawn`](purpose_bound::ConsentErrorKind::Withdrawn), where the
/// ledger's own consent says
/// [`Invalidated`](purpose_bound::ConsentErrorKind::Invalidated).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, ConsentChannel, Keyring, Subject};
/// use purpose_bound_store::{Collection, ConsentLedger, Notice, SqliteStore};
/// use std::sync::Arc;
/// use std::time::{Duration, SystemTime};
///
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
/// let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH)?;
/// let ada = Subject::new("user-42")?;
/// let notice = Notice::new("ads-v1", "May we match your phone number with our advertisers?")?;
/// let given = ledger.give::<Advertising>(&ada, now, &Collection::new(notice, ConsentChannel::Web, "en", "EU"))?;
///
/// let live = ledger.live::<Advertising>()?;
/// let ada_consents: Vec<_> = live.of(&ada).collect();
/// assert_eq!(ada_consents.len(), 1);
/// assert_eq!(ada_consents[0].id(), given.id());
/// assert_eq!(live.of(&Subject::new("user-7")?).count(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct LiveConsents<P> {
    ledger: ConsentLedger,
    head: Head,
    by_subject: HashMap<[u8; 16], Vec<Entry>>,
    /// Where each consent is: its subject and its index there.
    place: HashMap<u64, ([u8; 16], usize)>,
    /// Each notice id once.
    notices: HashMap<String, Arc<str>>,
    purpose: PhantomData<fn() -> P>,
}

impl<P> Clone for LiveConsents<P> {
    fn clone(&self) -> Self {
        Self {
            ledger: self.ledger.clone(),
            head: self.head,
            by_subject: self.by_subject.clone(),
            place: self.place.clone(),
            notices: self.notices.clone(),
            purpose: PhantomData,
        }
    }
}

/// What a snapshot reads of a giving's fields.
#[derive(serde::Deserialize)]
struct Given<'a> {
    #[serde(borrow)]
    notice: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    channel: std::borrow::Cow<'a, str>,
}

/// One consent: what its record needs.
#[derive(Clone)]
struct Entry {
    id: ConsentId,
    given: Duration,
    notice: Arc<str>,
    channel: ConsentChannel,
    until: Option<Duration>,
    ended: Option<(EventKind, Duration)>,
}

impl<P: RequiresConsent> LiveConsents<P> {
    /// Reads every event of the ledger, verifying the chain, and keeps the
    /// consents for `P`.
    pub(crate) fn read(ledger: &ConsentLedger) -> Result<Self> {
        let mut live = Self {
            ledger: ledger.clone(),
            head: Head::EMPTY,
            by_subject: HashMap::new(),
            place: HashMap::new(),
            notices: HashMap::new(),
            purpose: PhantomData,
        };
        live.catch_up()?;
        Ok(live)
    }

    /// A copy brought up to the ledger's newest event: only the events
    /// written since this snapshot's [`head`](Self::head) are read, and the
    /// first of them must link to it, so a chain rewritten since fails
    /// (an event edited or deleted before the head can no longer change
    /// what the snapshot holds).
    ///
    /// # Errors
    ///
    /// As [`ConsentLedger::live`], for the events read.
    pub fn refreshed(&self) -> Result<Self> {
        let mut live = self.clone();
        live.catch_up()?;
        Ok(live)
    }

    /// Whether the ledger holds no event after this snapshot's head: one
    /// indexed read, to skip a [`refreshed`](Self::refreshed) copy that
    /// would be the same.
    ///
    /// # Errors
    ///
    /// The store's errors.
    pub fn is_current(&self) -> Result<bool> {
        Ok(self
            .ledger
            .inner
            .store
            .events_after(self.head.seq(), 1)?
            .is_empty())
    }

    /// Applies every event after the head, verifying each and its link.
    fn catch_up(&mut self) -> Result<()> {
        let ledger = self.ledger.clone();
        let from = self.head;
        self.head = ledger.walk_from(from, &from, |row| self.apply(row))?;
        Ok(())
    }

    /// Applies one verified event.
    fn apply(&mut self, row: &EventRow) -> Result<()> {
        if row.purpose != P::TAG {
            return Ok(());
        }
        let corrupt = || Error::at(ErrorKind::Corrupt, row.seq);
        let kind = EventKind::from_name(&row.kind).ok_or_else(corrupt)?;
        let at = time_of(row.at).ok_or_else(corrupt)?;
        let until = match row.until {
            Some(until) => Some(time_of(until).ok_or_else(corrupt)?),
            None => None,
        };
        match kind {
            EventKind::Given => {
                // Only what the record needs of the fields, borrowed: a
                // snapshot reads every event of the purpose.
                let given: Given<'_> = serde_json::from_str(&row.fields).map_err(|_| corrupt())?;
                let channel = given.channel.parse().map_err(|_| corrupt())?;
                let notice = match self.notices.get(&*given.notice) {
                    Some(notice) => Arc::clone(notice),
                    None => {
                        let notice: Arc<str> = given.notice.as_ref().into();
                        self.notices
                            .insert(given.notice.into_owned(), Arc::clone(&notice));
                        notice
                    }
                };
                let list = self.by_subject.entry(row.subject).or_default();
                self.place.insert(row.consent, (row.subject, list.len()));
                list.push(Entry {
                    id: ConsentId::new(row.consent).ok_or_else(corrupt)?,
                    given: at,
                    notice,
                    channel,
                    until,
                    ended: None,
                });
            }
            EventKind::Refused => {}
            kind => {
                let &(subject, index) = self.place.get(&row.consent).ok_or_else(corrupt)?;
                let entry = self
                    .by_subject
                    .get_mut(&subject)
                    .and_then(|list| list.get_mut(index))
                    .filter(|_| subject == row.subject)
                    .ok_or_else(corrupt)?;
                match kind {
                    EventKind::Renewed => entry.until = until,
                    _ => entry.ended = Some((kind, at)),
                }
            }
        }
        Ok(())
    }

    /// The pseudonym the ledger keeps of `subject`, by which it finds the
    /// subject's consents.
    pub fn pseudonym(&self, subject: &Subject) -> SubjectPseudonym {
        self.ledger.pseudonym(subject)
    }

    /// The consents `subject` gave for `P`, oldest first, live or ended:
    /// each refuses a use after its end. They check nothing more at a use:
    /// the snapshot is their record.
    pub fn of<'a>(&'a self, subject: &'a Subject) -> impl Iterator<Item = Consent<P>> + 'a {
        self.of_pseudonym(self.pseudonym(subject), subject)
    }

    /// As [`of`](Self::of), for a subject whose pseudonym the caller has
    /// made already (to count it).
    pub fn of_pseudonym<'a>(
        &'a self,
        pseudonym: SubjectPseudonym,
        subject: &'a Subject,
    ) -> impl Iterator<Item = Consent<P>> + 'a {
        let entries = self
            .by_subject
            .get(&pseudonym.to_bytes())
            .map_or(&[][..], Vec::as_slice);
        entries.iter().filter_map(move |entry| {
            let mut record = ConsentRecord::new(
                entry.id,
                subject,
                entry.given,
                &*entry.notice,
                entry.channel,
            );
            if let Some(until) = entry.until {
                record = record.expires_at(until);
            }
            match entry.ended {
                // A record ends only by withdrawal or expiry: an
                // invalidation is final, as a withdrawal is.
                Some((EventKind::Withdrawn | EventKind::Invalidated, at)) => {
                    record = record.withdrawn_at(at);
                }
                Some((_, at)) => record = record.expires_at(at),
                None => {}
            }
            // The ledger refused an end before the start when it was
            // written, and the chain verified.
            Consent::new(record).ok()
        })
    }

    /// How many consents for `P` the ledger held, live or ended.
    pub fn len(&self) -> usize {
        self.place.len()
    }

    /// Whether the ledger held no consent for `P`.
    pub fn is_empty(&self) -> bool {
        self.place.is_empty()
    }

    /// Where the ledger's chain stood when this was read: what an export
    /// can print beside its counts, to tie them to the ledger's state.
    pub const fn head(&self) -> Head {
        self.head
    }
}

impl<P> fmt::Debug for LiveConsents<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveConsents")
            .field("head", &self.head)
            .field("consents", &self.place.len())
            .finish_non_exhaustive()
    }
}
