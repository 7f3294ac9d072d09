//! An event of the ledger, typed: its kind (W3C DPV's consent statuses),
//! the ISO/IEC TS 27560 fields of how a consent was collected or ended,
//! and the bytes its MAC is computed over.

use std::time::Duration;

use purpose_bound::{ConsentChannel, ConsentId, SubjectPseudonym};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};
use crate::limits;
use crate::store::EventRow;

/// What an event records: a consent status of W3C DPV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// `dpv:ConsentGiven`: the subject gave the consent.
    Given,
    /// `dpv:ConsentRefused`: the subject was asked and said no.
    Refused,
    /// `dpv:ConsentWithdrawn`: the subject withdrew it.
    Withdrawn,
    /// `dpv:ConsentExpired`: its validity ended.
    Expired,
    /// `dpv:RenewedConsentGiven`: the subject gave it again, with a new
    /// validity.
    Renewed,
    /// `dpv:ConsentInvalidated`: it ended because the identifier it was
    /// collected for changed hands (the account replaced its number or
    /// address, or the number was reported reassigned to someone else).
    Invalidated,
}

impl EventKind {
    const ALL: [Self; 6] = [
        Self::Given,
        Self::Refused,
        Self::Withdrawn,
        Self::Expired,
        Self::Renewed,
        Self::Invalidated,
    ];

    /// The kind's name as the store keeps it: `given`, `refused`,
    /// `withdrawn`, `expired`, `renewed`, `invalidated`.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound_store::EventKind;
    ///
    /// assert_eq!(EventKind::Invalidated.as_str(), "invalidated");
    /// assert_eq!(EventKind::Invalidated.dpv(), "dpv:ConsentInvalidated");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::Renewed => "renewed",
            Self::Invalidated => "invalidated",
        }
    }

    /// The W3C DPV concept the kind records.
    pub const fn dpv(self) -> &'static str {
        match self {
            Self::Given => "dpv:ConsentGiven",
            Self::Refused => "dpv:ConsentRefused",
            Self::Withdrawn => "dpv:ConsentWithdrawn",
            Self::Expired => "dpv:ConsentExpired",
            Self::Renewed => "dpv:RenewedConsentGiven",
            Self::Invalidated => "dpv:ConsentInvalidated",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether a consent whose last event is of this kind may be used.
    pub(crate) const fn is_live(self) -> bool {
        matches!(self, Self::Given | Self::Renewed)
    }
}

/// The notice a consent was asked with: its id (a policy version, the key
/// of the exact text shown) and the SHA-256 of the text, so that the
/// ledger proves which words were shown without keeping them.
///
/// # Examples
///
/// ```
/// use purpose_bound_store::Notice;
///
/// let notice = Notice::new("newsletter-v3", "May we email you our offers?")?;
/// assert_eq!(notice.id(), "newsletter-v3");
/// assert_eq!(notice.sha256_hex().len(), 64);
/// assert!(Notice::new(" ", "text").is_err());
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    id: String,
    sha256: [u8; 32],
}

impl Notice {
    /// The notice `id`, shown as `text`.
    ///
    /// # Errors
    ///
    /// [`Empty`](ErrorKind::Empty) when `id` or `text` is blank,
    /// [`TooLong`](ErrorKind::TooLong) when `id` is longer than
    /// [`limits::FIELD`] bytes or `text` than [`limits::NOTICE_TEXT`].
    pub fn new(id: &str, text: &str) -> Result<Self> {
        if text.trim().is_empty() {
            return Err(Error::new(ErrorKind::Empty));
        }
        if text.len() > limits::NOTICE_TEXT {
            return Err(Error::new(ErrorKind::TooLong));
        }
        Ok(Self {
            id: field(id)?.to_owned(),
            sha256: Sha256::digest(text.as_bytes()).into(),
        })
    }

    /// The notice's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The SHA-256 of its text, in lowercase hex.
    pub fn sha256_hex(&self) -> String {
        hex(&self.sha256)
    }
}

/// How a consent was collected: the ISO/IEC TS 27560 fields a record of it
/// needs besides the subject, purpose and time.
///
/// # Examples
///
/// ```
/// use purpose_bound::ConsentChannel;
/// use purpose_bound_store::{Collection, Notice};
/// use std::time::Duration;
///
/// let notice = Notice::new("newsletter-v3", "May we email you our offers?")?;
/// let collection = Collection::new(notice, ConsentChannel::Web, "en", "EU")
///     .method("unticked checkbox")
///     .recorded_by("signup-form")
///     .withdrawal_method("https://example.com/settings/consents")
///     .valid_for(Duration::from_secs(365 * 86_400));
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    pub(crate) notice: Notice,
    pub(crate) channel: ConsentChannel,
    pub(crate) language: String,
    pub(crate) jurisdiction: String,
    pub(crate) method: String,
    pub(crate) recorded_by: String,
    pub(crate) withdrawal_method: String,
    pub(crate) valid_for: Option<Duration>,
}

impl Collection {
    /// A consent asked with `notice` through `channel`, in `language` (a
    /// BCP 47 tag, `en`, `pt-BR`) under `jurisdiction` (`EU`, `GB`,
    /// `US-CA`). Its method is `explicit`, it is recorded by `application`,
    /// withdrawn by `unspecified` means, and valid until withdrawn: set
    /// those with the methods below.
    pub fn new(
        notice: Notice,
        channel: ConsentChannel,
        language: impl Into<String>,
        jurisdiction: impl Into<String>,
    ) -> Self {
        Self {
            notice,
            channel,
            language: language.into(),
            jurisdiction: jurisdiction.into(),
            method: "explicit".into(),
            recorded_by: "application".into(),
            withdrawal_method: "unspecified".into(),
            valid_for: None,
        }
    }

    /// How it was asked: `unticked checkbox`, `double opt-in`, ….
    #[must_use]
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.method = method.into();
        self
    }

    /// Which system or operator recorded it.
    #[must_use]
    pub fn recorded_by(mut self, recorded_by: impl Into<String>) -> Self {
        self.recorded_by = recorded_by.into();
        self
    }

    /// How the subject can withdraw it: a settings page, a reply keyword.
    #[must_use]
    pub fn withdrawal_method(mut self, method: impl Into<String>) -> Self {
        self.withdrawal_method = method.into();
        self
    }

    /// How long it is valid from the time it is given.
    #[must_use]
    pub const fn valid_for(mut self, validity: Duration) -> Self {
        self.valid_for = Some(validity);
        self
    }

    pub(crate) fn fields(&self, imported: bool) -> Result<Fields> {
        Ok(Fields {
            notice: Some(self.notice.id.clone()),
            notice_sha256: Some(hex(&self.notice.sha256)),
            language: Some(field(&self.language)?.to_owned()),
            jurisdiction: Some(field(&self.jurisdiction)?.to_owned()),
            channel: Some(self.channel.as_str().to_owned()),
            method: field(&self.method)?.to_owned(),
            recorded_by: field(&self.recorded_by)?.to_owned(),
            withdrawal_method: Some(field(&self.withdrawal_method)?.to_owned()),
            imported,
        })
    }
}

/// The fields of an event, as JSON in the store: for an event that gives
/// or refuses a consent, everything; for one that ends it, how and by
/// whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// The notice's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The SHA-256 of the notice's text, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_sha256: Option<String>,
    /// BCP 47 language of the notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Jurisdiction the consent is given under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// The [`ConsentChannel`]'s name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// How it was collected, or how it ended.
    pub method: String,
    /// Who recorded the event.
    pub recorded_by: String,
    /// How the subject can withdraw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawal_method: Option<String>,
    /// Whether the event was imported from another system rather than
    /// recorded when it happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub imported: bool,
}

impl Fields {
    /// The fields of an event that ends a consent.
    pub(crate) fn ending(method: &str, recorded_by: &str) -> Result<Self> {
        Ok(Self {
            notice: None,
            notice_sha256: None,
            language: None,
            jurisdiction: None,
            channel: None,
            method: field(method)?.to_owned(),
            recorded_by: field(recorded_by)?.to_owned(),
            withdrawal_method: None,
            imported: false,
        })
    }
}

/// One event of the ledger, read back and verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerEvent {
    /// Its place in the chain, from 1.
    pub seq: u64,
    /// The consent it is about.
    pub consent: ConsentId,
    /// The subject's keyed pseudonym.
    pub subject: SubjectPseudonym,
    /// The purpose's tag: `marketing`, `advertising`, `discoverable`.
    pub purpose: String,
    /// What it records.
    pub kind: EventKind,
    /// When, since the Unix epoch.
    pub at: Duration,
    /// For an event that gives a consent, when it ends, if it does.
    pub until: Option<Duration>,
    /// Its ISO/IEC TS 27560 fields.
    pub fields: Fields,
}

impl LedgerEvent {
    pub(crate) fn from_row(row: &EventRow) -> Result<Self> {
        let corrupt = || Error::at(ErrorKind::Corrupt, row.seq);
        Ok(Self {
            seq: row.seq,
            consent: ConsentId::new(row.consent).ok_or_else(corrupt)?,
            subject: SubjectPseudonym::from_bytes(row.subject),
            purpose: row.purpose.clone(),
            kind: EventKind::from_name(&row.kind).ok_or_else(corrupt)?,
            at: time_of(row.at).ok_or_else(corrupt)?,
            until: match row.until {
                Some(until) => Some(time_of(until).ok_or_else(corrupt)?),
                None => None,
            },
            fields: serde_json::from_str(&row.fields).map_err(|_| corrupt())?,
        })
    }
}

/// The bytes an event's MAC covers: a domain, then every column but the
/// MAC itself, each of variable length prefixed with it, so that no two
/// rows encode alike.
pub(crate) fn mac_input(row: &EventRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + row.fields.len());
    out.extend_from_slice(b"purpose-bound/ledger-event/v1\0");
    out.extend_from_slice(&row.seq.to_be_bytes());
    out.extend_from_slice(&row.consent.to_be_bytes());
    out.extend_from_slice(&row.subject);
    for text in [&row.purpose, &row.kind] {
        push_text(&mut out, text);
    }
    out.extend_from_slice(&row.at.to_be_bytes());
    match row.until {
        Some(until) => {
            out.push(1);
            out.extend_from_slice(&until.to_be_bytes());
        }
        None => out.push(0),
    }
    push_text(&mut out, &row.fields);
    out.extend_from_slice(&row.key_id.to_be_bytes());
    out.extend_from_slice(&row.prev);
    out
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    // Fields are bounded by `limits`, far below 4 GiB.
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// `text`, if it says something and fits [`limits::FIELD`].
pub(crate) fn field(text: &str) -> Result<&str> {
    if text.trim().is_empty() {
        Err(Error::new(ErrorKind::Empty))
    } else if text.len() > limits::FIELD {
        Err(Error::new(ErrorKind::TooLong))
    } else {
        Ok(text)
    }
}

/// Microseconds since the Unix epoch, as the store keeps times.
pub(crate) fn micros(at: Duration) -> Result<i64> {
    i64::try_from(at.as_micros()).map_err(|_| Error::new(ErrorKind::TooLong))
}

/// A time the store kept.
pub(crate) fn time_of(micros: i64) -> Option<Duration> {
    u64::try_from(micros).ok().map(Duration::from_micros)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}
