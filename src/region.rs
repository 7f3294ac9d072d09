//! Regions, by ISO 3166-1 alpha-2 code. (Provisional: replaced by the generated region table.)

use core::fmt;
use core::str::FromStr;

/// A region whose national phone numbers can be read, by its ISO 3166-1
/// alpha-2 code.
///
/// # Examples
///
/// ```
/// use purpose_bound::Region;
///
/// let gb: Region = "GB".parse()?;
/// assert_eq!(gb.code(), "GB");
/// assert!("XX".parse::<Region>().is_err());
/// # Ok::<(), purpose_bound::RegionError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region([u8; 2]);

impl Region {
    /// The ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        "GB"
    }
}

/// The error for a region code that is not an ISO 3166-1 alpha-2 code with a numbering plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegionError(());

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown region: expected an ISO 3166-1 alpha-2 code with a numbering plan, such as \"GB\"")
    }
}

impl core::error::Error for RegionError {}

impl FromStr for Region {
    type Err = RegionError;

    fn from_str(code: &str) -> Result<Self, RegionError> {
        match code.as_bytes() {
            [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] if code != "XX" => Ok(Self([*a, *b])),
            _ => Err(RegionError(())),
        }
    }
}
