//! The instants the tests use. A `Duration` is a `Clock` stopped at it.

use std::time::Duration;

/// When the test consents were given: 2100-01-01T00:00:00Z. Later than
/// the machine's clock, so that a use is judged at the time a test passes
/// (with `std`, a use is judged at the later of the time passed and the
/// system clock).
pub(crate) const GIVEN: Duration = Duration::from_secs(4_102_444_800);

/// A minute later: a moment the test consents are live.
pub(crate) const NOW: Duration = Duration::from_secs(4_102_444_800 + 60);
