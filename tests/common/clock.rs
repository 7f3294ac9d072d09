//! The instants the tests use. A `Duration` is a `Clock` stopped at it.

use std::time::Duration;

/// When the test consents were given: 2026-01-01T00:00:00Z.
pub(crate) const GIVEN: Duration = Duration::from_secs(1_767_225_600);

/// A minute later: a moment the test consents are live.
pub(crate) const NOW: Duration = Duration::from_secs(1_767_225_600 + 60);
