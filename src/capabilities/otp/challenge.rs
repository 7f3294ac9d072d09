//! One-time-code challenges that outlive the process that issued them:
//! bound to an identifier and its purpose, with an expiry and an attempt
//! limit, single-use, and authenticated under a keyring.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use core::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::Mac;
use subtle::ConstantTimeEq;

use crate::capabilities::otp::code::{OtpCode, OtpErrorKind, TypedCode};
use crate::capabilities::otp::send_otp::SendOtp;
use crate::keys::keyring::Keyring;
use crate::keys::subkeys::Key;
use crate::primitives::clock::Clock;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::Token;

/// The first byte of every stored challenge: the format.
const VERSION: u8 = 1;

/// Names the MAC over the code, so that it is never mistaken for a MAC of
/// anything else under the challenge subkey.
const CODE_DOMAIN: &[u8] = b"purpose-bound challenge v1 code";

/// Names the MAC over the stored state.
const STATE_DOMAIN: &[u8] = b"purpose-bound challenge v1 state";

/// The length of a challenge id.
const ID_LEN: usize = 16;

/// The length of an HMAC-SHA256 tag.
const MAC_LEN: usize = 32;

/// The stored bytes up to the state MAC: format, key id, challenge id,
/// expiry (seconds and nanoseconds), attempts left, used flag, code MAC.
const STATE_LEN: usize = 1 + 4 + ID_LEN + 8 + 4 + 1 + 1 + MAC_LEN;

/// The length of a stored challenge.
const STORED_LEN: usize = STATE_LEN + MAC_LEN;

/// HMAC-SHA256 under `key`'s challenge subkey of `items`, each written as
/// its length (8 bytes, big-endian) and its bytes, so that no two lists of
/// items give the same input.
fn mac(key: &Key, items: &[&[u8]]) -> [u8; MAC_LEN] {
    let mut mac = key.challenge_mac();
    for item in items {
        mac.update(&(item.len() as u64).to_be_bytes());
        mac.update(item);
    }
    mac.finalize().into_bytes().into()
}

/// A one-time-code challenge: the proof, kept in your database between
/// sending a code and the user typing it, that the code was sent to one
/// identifier for one purpose.
///
/// [`issue`](Self::issue) draws a code and returns it with the challenge;
/// send the code with [`send_otp`](crate::SendOtp::send_otp), store the
/// challenge, and [`verify`](Self::verify) what the user types against it,
/// in this process or in another one after a restart. The challenge is
/// typed by the identifier it was issued for, purpose included: a challenge
/// issued to a `PhoneNumber<AccountRecovery>` is verified only against a
/// `PhoneNumber<AccountRecovery>`, and bytes copied into another purpose's
/// challenge are refused at run time.
///
/// **What is stored.** Never the code, and never the identifier: a random
/// challenge id, the id of the key, the expiry, the attempts left, whether
/// it was used, an HMAC-SHA256 over the code, and an HMAC-SHA256 over all
/// of that and the identifier with its purpose (both under the keyring's
/// challenge subkey). An edited counter, expiry or flag, a challenge
/// verified against another identifier or purpose, or one made under
/// another keyring is refused as [`Foreign`](ChallengeErrorKind::Foreign).
/// Without the key, the stored bytes say nothing about the code; they are
/// safe to log.
///
/// **Storing back.** [`verify`](Self::verify) changes the challenge: every
/// attempt uses one up, and a success marks it used. It takes the challenge
/// and gives it back in an [`Attempt`], which must be used. Store it back
/// after every call, and atomically: replace the row only if it still holds the
/// bytes you read (`UPDATE … SET challenge = ?new WHERE challenge = ?old`, a
/// compare-and-set), and treat a lost race as a failed attempt. Otherwise
/// two instances that read the same row can each spend the same attempt, or
/// both accept the same code. Act on a success only once the store has
/// taken it.
///
/// **Form.** [`to_bytes`](Self::to_bytes) gives 99 bytes (a `BLOB` or
/// `BYTEA` column); `Display` writes them as 132 characters of unpadded
/// base64url and [`FromStr`] reads them back; with the `serde` feature it is
/// text in human-readable formats and bytes in compact ones.
///
/// It is not `Clone`: one challenge has one state, the one in your store.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Attempt, Challenge, ChallengeErrorKind, Keyring, PhoneNumber, TwoFactor};
/// use std::time::Duration;
///
/// let keyring = Keyring::new(1, &mut [7; 32]); // 32 bytes from your KMS
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
/// let now = Duration::from_secs(1_767_225_600); // time since the Unix epoch
///
/// let (challenge, code) = Challenge::issue(&keyring, &phone, now, Duration::from_secs(300), 3, 6)?;
/// // phone.send_otp(&mut sms_gateway, &code)?;
/// let stored = challenge.to_string(); // into your database
///
/// // Later, perhaps in another process with the same key:
/// let read: Challenge<PhoneNumber<TwoFactor>> = stored.parse()?;
/// let typed = code.expose_secret(); // what the user typed
/// let Attempt { challenge, outcome } = read.verify(&keyring, &phone, typed, now + Duration::from_secs(40));
/// // Store `challenge` back, then sign the user in; a replay is refused:
/// outcome?;
/// let again = challenge.verify(&keyring, &phone, typed, now + Duration::from_secs(41));
/// assert_eq!(again.outcome.unwrap_err().kind(), ChallengeErrorKind::Used);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a challenge is state to store: keep it, or the code it stands for can never be verified"]
pub struct Challenge<I> {
    key: u32,
    id: [u8; ID_LEN],
    expires_at: Duration,
    attempts_left: u8,
    used: bool,
    code_mac: [u8; MAC_LEN],
    state_mac: [u8; MAC_LEN],
    identifier: PhantomData<fn() -> I>,
}

impl<I: SendOtp> Challenge<I> {
    /// The length of the stored bytes.
    pub const STORED_LEN: usize = STORED_LEN;

    /// Draws a code of `digits` digits for `id`, and the challenge that
    /// verifies it until `now + ttl`, at most `attempts` times, under the
    /// keyring's primary key.
    ///
    /// `now` is the clock the time of issue is read from: a
    /// [`Clock`] such as [`SystemClock`](crate::SystemClock), the same one
    /// every instance that verifies the challenge reads, or a `Duration`
    /// since the Unix epoch for tests and replays. Send the code with
    /// [`send_otp`](crate::SendOtp::send_otp) and store the challenge; the
    /// code is not kept anywhere else.
    ///
    /// # Errors
    ///
    /// [`ChallengeErrorKind::InvalidLength`] when `digits` is not between
    /// [`OtpCode::MIN_DIGITS`] and [`OtpCode::MAX_DIGITS`];
    /// [`ChallengeErrorKind::InvalidPolicy`] when `attempts` or `ttl` is
    /// zero, or the expiry is past what a [`Duration`] holds;
    /// [`ChallengeErrorKind::Randomness`] when the operating system cannot
    /// supply random bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountRecovery, Challenge, ChallengeErrorKind, EmailAddress, Keyring};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let email = EmailAddress::<AccountRecovery>::parse("ada@example.com")?;
    /// let (now, ttl) = (Duration::from_secs(1_767_225_600), Duration::from_secs(600));
    ///
    /// let (challenge, code) = Challenge::issue(&keyring, &email, now, ttl, 5, 8)?;
    /// assert_eq!(code.expose_secret().len(), 8);
    /// assert_eq!(challenge.expires_at(), now + ttl);
    /// assert_eq!(challenge.attempts_left(), 5);
    ///
    /// let err = Challenge::issue(&keyring, &email, now, ttl, 0, 8).unwrap_err();
    /// assert_eq!(err.kind(), ChallengeErrorKind::InvalidPolicy);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issue(
        keyring: &Keyring,
        id: &I,
        now: impl Clock,
        ttl: Duration,
        attempts: u8,
        digits: usize,
    ) -> Result<(Self, OtpCode), ChallengeError> {
        let expires_at = match now.now().checked_add(ttl) {
            Some(at) if attempts > 0 && !ttl.is_zero() => at,
            _ => return Err(ChallengeError::new(ChallengeErrorKind::InvalidPolicy)),
        };
        let code = OtpCode::generate(digits).map_err(|e| {
            ChallengeError::new(match e.kind() {
                OtpErrorKind::InvalidLength => ChallengeErrorKind::InvalidLength,
                OtpErrorKind::Randomness => ChallengeErrorKind::Randomness,
            })
        })?;
        let mut challenge_id = [0u8; ID_LEN];
        getrandom::fill(&mut challenge_id)
            .map_err(|_| ChallengeError::new(ChallengeErrorKind::Randomness))?;
        let key = keyring.primary_key();
        let mut challenge = Self {
            key: key.id,
            id: challenge_id,
            expires_at,
            attempts_left: attempts,
            used: false,
            code_mac: [0; MAC_LEN],
            state_mac: [0; MAC_LEN],
            identifier: PhantomData,
        };
        challenge.code_mac = challenge.code_mac(key, id, code.expose_secret().as_bytes());
        challenge.state_mac = challenge.state_mac(key, id);
        Ok((challenge, code))
    }

    /// Checks `typed` (surrounding white space ignored) against the code
    /// sent to `id`, at `now`, and gives back the challenge as it now is,
    /// to store, with the outcome.
    ///
    /// The challenge is checked first: it must be authentic for `id` and
    /// its purpose under a key of `keyring`, unused, unexpired (it expires
    /// at [`expires_at`](Self::expires_at) exactly) and have an attempt
    /// left; a refusal here changes nothing. Then one attempt is used up,
    /// and on success the challenge is marked used. Digits typed in another
    /// script, such as full-width ones, are read as the ASCII digits they
    /// stand for, as [`OtpCode::verify`] reads them. Both
    /// MACs are compared in constant time, so the time taken depends on the
    /// lengths of the identifier and of `typed`, not on their contents or
    /// the code.
    ///
    /// The challenge is taken by value and comes back in the [`Attempt`],
    /// which must be used: **store [`Attempt::challenge`] back before acting
    /// on [`Attempt::outcome`]**, atomically (see the
    /// [type's documentation](Challenge)). A wrong code has used an attempt,
    /// and a success must not be replayable from the old bytes; a challenge
    /// verified and not stored back is a compiler warning.
    ///
    /// # Errors
    ///
    /// In [`Attempt::outcome`]:
    /// - [`ChallengeErrorKind::UnknownKey`]: made under a key `keyring`
    ///   does not have (retired, or another keyring's).
    /// - [`ChallengeErrorKind::Foreign`]: issued to another identifier, for
    ///   another purpose, under another keyring's key of the same id, or
    ///   altered in storage.
    /// - [`ChallengeErrorKind::Used`]: already verified.
    /// - [`ChallengeErrorKind::Expired`]: the time `now` reads (a
    ///   [`Clock`], or a `Duration` for tests and replays) is at or past the
    ///   expiry.
    /// - [`ChallengeErrorKind::Exhausted`]: no attempts left, whatever is
    ///   typed.
    /// - [`ChallengeErrorKind::WrongCode`]: `typed` is not the code; an
    ///   attempt is used up.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Attempt, Challenge, ChallengeErrorKind, Keyring, PhoneNumber, TwoFactor};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
    /// let now = Duration::from_secs(1_767_225_600);
    /// let (challenge, code) = Challenge::issue(&keyring, &phone, now, Duration::from_secs(300), 2, 6)?;
    ///
    /// let wrong = if code.expose_secret() == "000000" { "111111" } else { "000000" };
    /// let Attempt { challenge, outcome } = challenge.verify(&keyring, &phone, wrong, now);
    /// // store `challenge` back here, then act on `outcome`
    /// assert_eq!(outcome.unwrap_err().kind(), ChallengeErrorKind::WrongCode);
    /// assert_eq!(challenge.attempts_left(), 1);
    ///
    /// let other = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671")?;
    /// let Attempt { challenge, outcome } = challenge.verify(&keyring, &other, code.expose_secret(), now);
    /// assert_eq!(outcome.unwrap_err().kind(), ChallengeErrorKind::Foreign);
    /// assert_eq!(challenge.attempts_left(), 1); // refused before the attempt
    ///
    /// let Attempt { challenge, outcome } = challenge.verify(&keyring, &phone, code.expose_secret(), now);
    /// outcome?;
    /// assert!(challenge.is_used());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Verifying without keeping the challenge to store back warns:
    ///
    /// ```compile_fail
    /// #![deny(unused_must_use)]
    /// # use purpose_bound::{Challenge, Keyring, PhoneNumber, TwoFactor};
    /// # use std::time::Duration;
    /// # fn f(keyring: &Keyring, phone: &PhoneNumber<TwoFactor>, challenge: Challenge<PhoneNumber<TwoFactor>>) {
    /// challenge.verify(keyring, phone, "123456", Duration::ZERO);
    /// # }
    /// ```
    pub fn verify(mut self, keyring: &Keyring, id: &I, typed: &str, now: impl Clock) -> Attempt<I> {
        let outcome = self.attempt(keyring, id, typed, now);
        Attempt {
            challenge: self,
            outcome,
        }
    }

    fn attempt(
        &mut self,
        keyring: &Keyring,
        id: &I,
        typed: &str,
        now: impl Clock,
    ) -> Result<(), ChallengeError> {
        let refuse = |kind| Err(ChallengeError::new(kind));
        let Some(key) = keyring.key(self.key) else {
            return refuse(ChallengeErrorKind::UnknownKey);
        };
        if !bool::from(self.state_mac(key, id).ct_eq(&self.state_mac)) {
            return refuse(ChallengeErrorKind::Foreign);
        }
        if self.used {
            return refuse(ChallengeErrorKind::Used);
        }
        if now.now() >= self.expires_at {
            return refuse(ChallengeErrorKind::Expired);
        }
        if self.attempts_left == 0 {
            return refuse(ChallengeErrorKind::Exhausted);
        }
        self.attempts_left -= 1;
        // Anything but 6 to 10 digits is a wrong code, and costs an attempt
        // like one.
        self.used = TypedCode::read(typed).is_some_and(|typed| {
            let mac = self.code_mac(key, id, typed.as_bytes());
            bool::from(mac.ct_eq(&self.code_mac))
        });
        self.state_mac = self.state_mac(key, id);
        if self.used {
            Ok(())
        } else {
            refuse(ChallengeErrorKind::WrongCode)
        }
    }

    /// The stored bytes, for a `BLOB`/`BYTEA` column.
    ///
    /// Format byte `1`; key id (4 bytes, big-endian); challenge id (16
    /// random bytes); expiry since the Unix epoch, seconds (8 bytes,
    /// big-endian) and nanoseconds (4 bytes, big-endian); attempts left (1
    /// byte); used (1 byte, 0 or 1); the code's HMAC-SHA256 (32 bytes); the
    /// state's HMAC-SHA256 over all of the above (32 bytes). 99 bytes.
    pub fn to_bytes(&self) -> [u8; STORED_LEN] {
        let mut bytes = [0u8; STORED_LEN];
        let state = self.state();
        let (head, tail) = bytes.split_at_mut(STATE_LEN);
        head.copy_from_slice(&state);
        tail.copy_from_slice(&self.state_mac);
        bytes
    }

    /// Reads the bytes [`to_bytes`](Self::to_bytes) wrote. They are
    /// authenticated by [`verify`](Self::verify), which needs the key and
    /// the identifier; until then, what the accessors report is what the
    /// bytes say.
    ///
    /// # Errors
    ///
    /// [`ChallengeErrorKind::Malformed`] when the bytes are not a stored
    /// challenge: another length or format, a used flag other than 0 or 1,
    /// or nanoseconds past a second.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Challenge, ChallengeErrorKind, Keyring, PhoneNumber, TwoFactor};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
    /// let now = Duration::from_secs(1_767_225_600);
    /// let (challenge, _code) = Challenge::issue(&keyring, &phone, now, Duration::from_secs(300), 3, 6)?;
    ///
    /// let bytes = challenge.to_bytes();
    /// let read = Challenge::<PhoneNumber<TwoFactor>>::from_bytes(&bytes)?;
    /// assert_eq!(read.to_bytes(), bytes);
    /// let err = Challenge::<PhoneNumber<TwoFactor>>::from_bytes(&bytes[1..]).unwrap_err();
    /// assert_eq!(err.kind(), ChallengeErrorKind::Malformed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ChallengeError> {
        let malformed = ChallengeError::new(ChallengeErrorKind::Malformed);
        let bytes: &[u8; STORED_LEN] = bytes.try_into().map_err(|_| malformed)?;
        let (&version, rest) = bytes.split_first().ok_or(malformed)?;
        let (key, rest) = rest.split_first_chunk::<4>().ok_or(malformed)?;
        let (id, rest) = rest.split_first_chunk::<ID_LEN>().ok_or(malformed)?;
        let (secs, rest) = rest.split_first_chunk::<8>().ok_or(malformed)?;
        let (nanos, rest) = rest.split_first_chunk::<4>().ok_or(malformed)?;
        let (&attempts_left, rest) = rest.split_first().ok_or(malformed)?;
        let (&used, rest) = rest.split_first().ok_or(malformed)?;
        let (code_mac, state_mac) = rest.split_first_chunk::<MAC_LEN>().ok_or(malformed)?;
        let state_mac: [u8; MAC_LEN] = state_mac.try_into().map_err(|_| malformed)?;
        let nanos = u32::from_be_bytes(*nanos);
        if version != VERSION || used > 1 || nanos >= 1_000_000_000 {
            return Err(malformed);
        }
        Ok(Self {
            key: u32::from_be_bytes(*key),
            id: *id,
            expires_at: Duration::new(u64::from_be_bytes(*secs), nanos),
            attempts_left,
            used: used == 1,
            code_mac: *code_mac,
            state_mac,
            identifier: PhantomData,
        })
    }

    /// The id of the key the challenge was made under: keep it in the
    /// keyring until the challenge expires.
    pub fn key_id(&self) -> u32 {
        self.key
    }

    /// When the challenge expires, as time since the Unix epoch: from this
    /// instant on it is refused, and its row may be deleted.
    pub fn expires_at(&self) -> Duration {
        self.expires_at
    }

    /// How many more codes may be tried.
    pub fn attempts_left(&self) -> u8 {
        self.attempts_left
    }

    /// Whether the code was verified.
    pub fn is_used(&self) -> bool {
        self.used
    }

    /// The stored bytes up to the state MAC.
    fn state(&self) -> [u8; STATE_LEN] {
        let mut state = [0u8; STATE_LEN];
        let fields: [&[u8]; 8] = [
            &[VERSION],
            &self.key.to_be_bytes(),
            &self.id,
            &self.expires_at.as_secs().to_be_bytes(),
            &self.expires_at.subsec_nanos().to_be_bytes(),
            &[self.attempts_left],
            &[u8::from(self.used)],
            &self.code_mac,
        ];
        let mut rest = state.as_mut_slice();
        for field in fields {
            let (slot, tail) = rest.split_at_mut(field.len());
            slot.copy_from_slice(field);
            rest = tail;
        }
        state
    }

    /// The MAC over `code`, bound to this challenge, `id` and its purpose.
    fn code_mac(&self, key: &Key, id: &I, code: &[u8]) -> [u8; MAC_LEN] {
        let expiry = self.expiry_bytes();
        id.with_canonical(Token(()), |value| {
            mac(
                key,
                &[
                    CODE_DOMAIN,
                    &self.id,
                    I::KIND.name().as_bytes(),
                    <I::Purpose as Purpose>::TAG.as_bytes(),
                    value.as_bytes(),
                    &expiry,
                    code,
                ],
            )
        })
    }

    /// The MAC over the stored state, bound to `id` and its purpose.
    fn state_mac(&self, key: &Key, id: &I) -> [u8; MAC_LEN] {
        let state = self.state();
        id.with_canonical(Token(()), |value| {
            mac(
                key,
                &[
                    STATE_DOMAIN,
                    I::KIND.name().as_bytes(),
                    <I::Purpose as Purpose>::TAG.as_bytes(),
                    value.as_bytes(),
                    &state,
                ],
            )
        })
    }

    /// The expiry as stored: seconds, then nanoseconds.
    fn expiry_bytes(&self) -> [u8; 12] {
        let mut expiry = [0u8; 12];
        let (secs, nanos) = expiry.split_at_mut(8);
        secs.copy_from_slice(&self.expires_at.as_secs().to_be_bytes());
        nanos.copy_from_slice(&self.expires_at.subsec_nanos().to_be_bytes());
        expiry
    }
}

/// Shows the key id, the expiry, the attempts left and whether it was
/// used; never the MACs.
impl<I: SendOtp> fmt::Debug for Challenge<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenge")
            .field("purpose", &<I::Purpose as Purpose>::NAME)
            .field("key", &self.key)
            .field("expires_at", &self.expires_at)
            .field("attempts_left", &self.attempts_left)
            .field("used", &self.used)
            .finish_non_exhaustive()
    }
}

/// What [`Challenge::verify`] did: the challenge as it now is, to store
/// back, and whether the code was right.
///
/// It must be used, and its fields are public so that it is taken apart
/// with a pattern: `let Attempt { challenge, outcome } = challenge.verify(…);`.
/// Store `challenge` back first (a compare-and-set on the bytes you read),
/// then act on `outcome`: an attempt counts only once it is stored, and a
/// success must not be replayable from the old bytes. Leaving `challenge`
/// unused is a compiler warning.
#[must_use = "store `challenge` back (compare-and-set) before acting on `outcome`: otherwise a wrong code costs no attempt and a right one can be replayed"]
#[derive(Debug)]
pub struct Attempt<I: SendOtp> {
    /// The challenge as it is after the attempt: store it back.
    pub challenge: Challenge<I>,
    /// `Ok` when the code was right; otherwise why not (see
    /// [`Challenge::verify`]).
    pub outcome: Result<(), ChallengeError>,
}

/// Unpadded base64url of the stored bytes, for a text column. It holds
/// neither the code nor the identifier.
impl<I: SendOtp> fmt::Display for Challenge<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; 132];
        match Base64UrlUnpadded::encode(&self.to_bytes(), &mut text) {
            Ok(text) => f.write_str(text),
            Err(_) => Err(fmt::Error),
        }
    }
}

/// Reads unpadded base64url, as `Display` writes it.
impl<I: SendOtp> FromStr for Challenge<I> {
    type Err = ChallengeError;

    fn from_str(text: &str) -> Result<Self, ChallengeError> {
        let mut bytes = [0u8; STORED_LEN];
        match Base64UrlUnpadded::decode(text, &mut bytes) {
            Ok(read) if read.len() == STORED_LEN => Self::from_bytes(&bytes),
            _ => Err(ChallengeError::new(ChallengeErrorKind::Malformed)),
        }
    }
}

/// Why a challenge was not issued or not verified. It never contains the
/// code, the identifier or the stored bytes.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Challenge, ChallengeErrorKind, PhoneNumber, TwoFactor};
///
/// let err = "not a challenge".parse::<Challenge<PhoneNumber<TwoFactor>>>().unwrap_err();
/// assert_eq!(err.kind(), ChallengeErrorKind::Malformed);
/// assert_eq!(err.to_string(), "one-time-code challenge is malformed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChallengeError {
    kind: ChallengeErrorKind,
}

/// What went wrong issuing or verifying a [`Challenge`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeErrorKind {
    /// The code typed is not the one sent; an attempt was used up.
    WrongCode,
    /// The challenge has expired.
    Expired,
    /// No attempts are left: the code is refused even if right.
    Exhausted,
    /// The code was already verified: a replay.
    Used,
    /// Issued to another identifier or for another purpose, under another
    /// keyring, or altered in storage: the authentication failed, and these
    /// cannot be told apart.
    Foreign,
    /// Made under a key the keyring does not have.
    UnknownKey,
    /// Not a stored challenge: another length or format, or text that is
    /// not base64url.
    Malformed,
    /// The code's length is not between 6 and 10 digits.
    InvalidLength,
    /// No attempts or no time allowed, or an expiry past what a
    /// [`Duration`] holds.
    InvalidPolicy,
    /// The operating system could not supply random bytes.
    Randomness,
}

impl ChallengeError {
    const fn new(kind: ChallengeErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    pub const fn kind(&self) -> ChallengeErrorKind {
        self.kind
    }
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            ChallengeErrorKind::WrongCode => "one-time code is wrong",
            ChallengeErrorKind::Expired => "one-time-code challenge has expired",
            ChallengeErrorKind::Exhausted => "one-time-code challenge has no attempts left",
            ChallengeErrorKind::Used => "one-time-code challenge was already used",
            ChallengeErrorKind::Foreign => {
                "one-time-code challenge was issued to another identifier or purpose, under another key, or altered"
            }
            ChallengeErrorKind::UnknownKey => {
                "one-time-code challenge names a key the keyring does not have"
            }
            ChallengeErrorKind::Malformed => "one-time-code challenge is malformed",
            ChallengeErrorKind::InvalidLength => "one-time code: length must be 6 to 10 digits",
            ChallengeErrorKind::InvalidPolicy => {
                "one-time-code challenge needs at least one attempt and a time to live"
            }
            ChallengeErrorKind::Randomness => {
                "one-time code: the operating system's random source failed"
            }
        })
    }
}

impl core::error::Error for ChallengeError {}
