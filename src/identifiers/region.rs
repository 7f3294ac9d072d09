//! Regions, by ISO 3166-1 alpha-2 code, for reading national phone numbers.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use crate::identifiers::phone::tables::{self, Territory};

/// A region whose national phone numbers can be read: a country or
/// territory with its own numbering plan, named by its ISO 3166-1 alpha-2
/// code.
///
/// There is a `Region` for each of the 245 regions of libphonenumber's
/// metadata (version 9.0.35): every ISO 3166-1 country or territory with a
/// telephone numbering plan, and `XK` (Kosovo). Regions that share a country
/// calling code are distinct regions: `US` and `CA` (+1), `GB`, `GG`, `IM`
/// and `JE` (+44), `RU` and `KZ` (+7), …; a region decides how national
/// input is read (trunk prefix, international call prefix, local numbers
/// without an area code), not which numbers of its country calling code are
/// valid.
///
/// Each region is also an associated constant: `Region::GB`.
///
/// Parsing accepts the code in any ASCII case (`"GB"`, `"gb"`), since codes
/// often come from locale tags such as `en-gb`; [`code`](Self::code) gives it
/// back in upper case. Codes without a numbering plan (`AQ`, `PN`, `TF`, …),
/// reserved and unassigned codes are errors.
///
/// # Examples
///
/// ```
/// use purpose_bound::Region;
///
/// let gb: Region = "GB".parse()?;
/// assert_eq!(gb, Region::GB);
/// assert_eq!(gb.code(), "GB");
/// assert_eq!("gb".parse::<Region>()?, Region::GB);
/// assert!("XX".parse::<Region>().is_err());
/// # Ok::<(), purpose_bound::RegionError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Region(&'static Territory);

impl Region {
    pub(crate) const fn new(territory: &'static Territory) -> Self {
        Self(territory)
    }

    /// The numbering plan of the region.
    pub(crate) const fn territory(self) -> &'static Territory {
        self.0
    }

    /// The ISO 3166-1 alpha-2 code, in upper case.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::Region;
    ///
    /// assert_eq!(Region::JE.code(), "JE");
    /// ```
    pub const fn code(self) -> &'static str {
        self.0.id
    }

    /// The country calling code of the region's numbering plan: `44` for
    /// `GB`, `1` for `CA`.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::Region;
    ///
    /// assert_eq!(Region::GB.country_code(), 44);
    /// assert_eq!(Region::JE.country_code(), 44);
    /// ```
    pub const fn country_code(self) -> u16 {
        self.0.country_code
    }
}

impl PartialEq for Region {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
    }
}

impl Eq for Region {}

impl Hash for Region {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

/// Alphabetical by code.
impl PartialOrd for Region {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Alphabetical by code.
impl Ord for Region {
    fn cmp(&self, other: &Self) -> Ordering {
        self.code().cmp(other.code())
    }
}

/// `Region(GB)`.
impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.code())
    }
}

/// The code: `GB`.
impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error for a code that names no region with a numbering plan.
///
/// Its message does not repeat the code it was given.
///
/// # Examples
///
/// ```
/// use purpose_bound::Region;
///
/// let err = "UK".parse::<Region>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown region: expected an ISO 3166-1 alpha-2 code of a region with a telephone numbering plan, such as \"GB\"",
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegionError(());

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "unknown region: expected an ISO 3166-1 alpha-2 code of a region with a telephone numbering plan, such as \"GB\"",
        )
    }
}

impl core::error::Error for RegionError {}

/// Reads an ISO 3166-1 alpha-2 code in any ASCII case.
impl FromStr for Region {
    type Err = RegionError;

    fn from_str(code: &str) -> Result<Self, RegionError> {
        let [a, b] = code.as_bytes() else {
            return Err(RegionError(()));
        };
        let upper = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
        let regions = tables::regions();
        regions
            .binary_search_by(|t| t.id.as_bytes().cmp(&upper[..]))
            .ok()
            .and_then(|i| regions.get(i))
            .map(Self)
            .ok_or(RegionError(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_round_trips_through_its_code() {
        for territory in tables::regions() {
            let region: Region = territory.id.parse().unwrap();
            assert_eq!(region.code(), territory.id);
            assert_eq!(
                territory.id.to_ascii_lowercase().parse::<Region>().unwrap(),
                region
            );
        }
        assert_eq!(tables::regions().len(), 245);
    }

    #[test]
    fn codes_without_a_plan_are_rejected() {
        for code in [
            "", "G", "GBR", "UK", "ZZ", "AQ", "PN", "TF", "00", "001", "G\u{e9}",
        ] {
            assert_eq!(code.parse::<Region>(), Err(RegionError(())), "{code}");
        }
    }

    #[test]
    fn regions_order_by_code() {
        assert!(Region::CA < Region::GB && Region::GB < Region::US);
        assert_eq!(
            std::format!("{:?} {}", Region::GB, Region::GB),
            "Region(GB) GB"
        );
    }
}
