//! [`Clock`]: where the time of a use comes from, and [`SystemClock`], the
//! operating system's.

use alloc::boxed::Box;
#[cfg(target_has_atomic = "ptr")]
use alloc::sync::Arc;
use core::time::Duration;

/// A source of the current time, as a duration since the Unix epoch (UTC):
/// what every use under a consent, and every one-time-code challenge, reads
/// the time of use from.
///
/// Pass a clock, not a time: the crate reads it at the moment it checks the
/// consent (for an async send, when the future is first polled; for an
/// [`Audience::export`](crate::Audience::export), at each row), so a time
/// computed earlier, carried in a queued job or shared by a long batch
/// cannot stand in for the time of use by accident.
///
/// - [`SystemClock`] (feature `std`, on by default) reads the operating
///   system's clock.
/// - A service may provide its own, for example one synchronised with its
///   database, or shared as `Arc<dyn Clock>`; references, `Box` and `Arc`
///   of a clock are clocks.
/// - A [`Duration`] is a clock stopped at that instant: the explicit time of
///   a test or a replay. It is the one way to pass a time by hand; write it
///   where you mean it.
///
/// A clock is `Send` and `Sync`, so that a service shares one and async
/// sends that read it stay `Send`.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Clock, Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use std::time::Duration;
///
/// /// A clock the tests move by hand.
/// struct TestClock(AtomicU64);
///
/// impl Clock for TestClock {
///     fn now(&self) -> Duration {
///         Duration::from_secs(self.0.load(Ordering::Relaxed))
///     }
/// }
///
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = Consent::<Marketing>::new(
///     ConsentRecord::new(ConsentId::new(1).unwrap(), &Subject::new("user-42")?, given, "v3", ConsentChannel::Web)
///         .expires_at(given + Duration::from_secs(60)),
/// )?;
/// let clock = TestClock(AtomicU64::new(given.as_secs()));
/// assert!(consent.check(&clock).is_ok());
/// clock.0.store(given.as_secs() + 60, Ordering::Relaxed);
/// assert!(consent.check(&clock).is_err());
/// // A `Duration` is a clock stopped at that instant.
/// assert!(consent.check(given).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Clock: Send + Sync {
    /// The current time, as a duration since the Unix epoch (UTC).
    fn now(&self) -> Duration;
}

/// A clock stopped at this instant: the explicit time of a test or a
/// replay.
impl Clock for Duration {
    fn now(&self) -> Duration {
        *self
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

#[cfg(target_has_atomic = "ptr")]
impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

/// The operating system's clock ([`std::time::SystemTime`]), read at each
/// use.
///
/// A system clock set before 1970 reads as the epoch itself, before every
/// consent was given: uses are refused rather than allowed.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Clock, SystemClock};
/// use std::time::Duration;
///
/// assert!(SystemClock.now() > Duration::from_secs(1_577_836_800)); // after 2020
/// ```
#[cfg(feature = "std")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SystemClock;

#[cfg(feature = "std")]
impl Clock for SystemClock {
    fn now(&self) -> Duration {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
    }
}
