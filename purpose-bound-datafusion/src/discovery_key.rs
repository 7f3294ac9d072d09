//! `discovery_key` and `lookup_key`: contact discovery from sealed
//! discoverable and uploaded columns.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::BinaryBuilder;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, internal_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use purpose_bound::{Discoverable, Keyring};

use crate::args::{self, Arg, ConsentColumns, Wants};
use crate::counts::{BatchCounts, Outcome, RowCounts};
use crate::keys::DiscoveryKeys;

const DISCOVERY: &str = "discovery_key";
const DISCOVERY_USAGE: &str =
    "sealed, consent_id, consent_given, consent_expires, consent_withdrawn, at";
const DISCOVERY_LAYOUT: [Arg; 6] = [
    Arg::Sealed,
    Arg::ConsentId,
    Arg::Time,
    Arg::Time,
    Arg::Time,
    Arg::Time,
];
const DISCOVERY_WANTS: Wants = Wants {
    function: DISCOVERY,
    purpose: "discoverable",
    makes: "discovery keys",
    collected: "identifiers collected with a Consent<Discoverable>",
};

const LOOKUP: &str = "lookup_key";
const LOOKUP_USAGE: &str = "sealed";
const LOOKUP_LAYOUT: [Arg; 1] = [Arg::Sealed];
const LOOKUP_WANTS: Wants = Wants {
    function: LOOKUP,
    purpose: "contact_upload",
    makes: "lookup keys",
    collected: "contacts uploaded from a user's address book",
};

/// The SQL function `discovery_key`: the key by which uploaded contacts
/// find each row's sealed discoverable identifier, if the row's consent is
/// live at the query's time; NULL, counted by reason, otherwise.
///
/// ```sql
/// discovery_key(sealed, consent_id, consent_given, consent_expires,
///               consent_withdrawn, at)
/// ```
///
/// Arguments as [`AudienceKeyFunc`](crate::AudienceKeyFunc)'s, for a column of
/// `PhoneNumber<Discoverable>` or `EmailAddress<Discoverable>`; a column
/// of another purpose is refused when the query is planned. It returns the
/// 32 bytes of [`purpose_bound::DiscoveryKey`] (`Binary`), equal to the
/// [`LookupKeyFunc`] of the same number uploaded as a contact.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use purpose_bound::Keyring;
/// use purpose_bound_datafusion::{DiscoveryKeyFunc, RowCounts};
///
/// let ctx = SessionContext::new();
/// ctx.register_udf(DiscoveryKeyFunc::new(Keyring::new(1, &mut [7; 32]), RowCounts::default()).into_udf());
/// ```
#[derive(Clone)]
pub struct DiscoveryKeyFunc {
    keys: DiscoveryKeys,
    counts: RowCounts,
    signature: Signature,
}

/// The SQL function `lookup_key`: the key to look each row's sealed
/// uploaded contact up by among the [`DiscoveryKeyFunc`]s; NULL, counted by
/// reason, when it does not open.
///
/// ```sql
/// lookup_key(sealed)
/// ```
///
/// For a column of `PhoneNumber<ContactUpload>` or
/// `EmailAddress<ContactUpload>`; a column of another purpose is refused
/// when the query is planned. It returns 32 bytes (`Binary`).
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use purpose_bound::Keyring;
/// use purpose_bound_datafusion::{LookupKeyFunc, RowCounts};
///
/// let ctx = SessionContext::new();
/// ctx.register_udf(LookupKeyFunc::new(Keyring::new(1, &mut [7; 32]), RowCounts::default()).into_udf());
/// ```
#[derive(Clone)]
pub struct LookupKeyFunc {
    keys: DiscoveryKeys,
    counts: RowCounts,
    signature: Signature,
}

macro_rules! common {
    ($type:ident, $name:ident) => {
        impl $type {
            /// The function, opening values with `keyring` and counting
            /// rows into `counts`.
            pub fn new(keyring: Keyring, counts: RowCounts) -> Self {
                Self {
                    keys: DiscoveryKeys::new(keyring),
                    counts,
                    signature: Signature::user_defined(Volatility::Immutable),
                }
            }

            /// The function, ready for `SessionContext::register_udf`.
            pub fn into_udf(self) -> ScalarUDF {
                ScalarUDF::new_from_impl(self)
            }
        }

        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($type)).finish_non_exhaustive()
            }
        }

        impl PartialEq for $type {
            fn eq(&self, other: &Self) -> bool {
                self.keys.same(&other.keys)
            }
        }

        impl Eq for $type {}

        impl Hash for $type {
            fn hash<H: Hasher>(&self, state: &mut H) {
                $name.hash(state);
            }
        }
    };
}

common!(DiscoveryKeyFunc, DISCOVERY);
common!(LookupKeyFunc, LOOKUP);

impl ScalarUDFImpl for DiscoveryKeyFunc {
    fn name(&self) -> &str {
        DISCOVERY
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        args::coerce(DISCOVERY, DISCOVERY_USAGE, &DISCOVERY_LAYOUT, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        internal_err!("{DISCOVERY}: the return field is made from the argument fields")
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs<'_>) -> Result<FieldRef> {
        args::return_field(
            DISCOVERY,
            DISCOVERY_USAGE,
            &DISCOVERY_LAYOUT,
            &DISCOVERY_WANTS,
            &args,
            DataType::Binary,
        )
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let Some(sealed_field) = args.arg_fields.first() else {
            return internal_err!("{DISCOVERY}: no arguments");
        };
        let kind = args::check_sealed(&DISCOVERY_WANTS, sealed_field)?;
        let arrays = args::arrays(&args.args)?;
        let [sealed, _, _, _, _, at] = arrays.as_slice() else {
            return internal_err!("{DISCOVERY}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(DISCOVERY, sealed)?;
        let consents = ConsentColumns::new(DISCOVERY, &arrays, 1)?;
        let at = args::times(DISCOVERY, at)?;

        let mut counts = BatchCounts::default();
        let mut keys = BinaryBuilder::with_capacity(sealed.len(), sealed.len() * 32);
        for (row, bytes) in sealed.into_iter().enumerate() {
            let at = args::time_of_use(DISCOVERY, at, row)?;
            let key = bytes.ok_or(Outcome::NoValue).and_then(|bytes| {
                let consent = consents.consent::<Discoverable>(row)?;
                self.keys.discovery_key(kind, bytes, &consent, at)
            });
            append(&mut keys, &mut counts, key);
        }
        self.counts.add(&counts);
        Ok(ColumnarValue::Array(Arc::new(keys.finish())))
    }
}

impl ScalarUDFImpl for LookupKeyFunc {
    fn name(&self) -> &str {
        LOOKUP
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        args::coerce(LOOKUP, LOOKUP_USAGE, &LOOKUP_LAYOUT, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        internal_err!("{LOOKUP}: the return field is made from the argument fields")
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs<'_>) -> Result<FieldRef> {
        args::return_field(
            LOOKUP,
            LOOKUP_USAGE,
            &LOOKUP_LAYOUT,
            &LOOKUP_WANTS,
            &args,
            DataType::Binary,
        )
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let Some(sealed_field) = args.arg_fields.first() else {
            return internal_err!("{LOOKUP}: no arguments");
        };
        let kind = args::check_sealed(&LOOKUP_WANTS, sealed_field)?;
        let arrays = args::arrays(&args.args)?;
        let [sealed] = arrays.as_slice() else {
            return internal_err!("{LOOKUP}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(LOOKUP, sealed)?;
        let mut counts = BatchCounts::default();
        let mut keys = BinaryBuilder::with_capacity(sealed.len(), sealed.len() * 32);
        for bytes in sealed {
            let key = bytes
                .ok_or(Outcome::NoValue)
                .and_then(|bytes| self.keys.contact_lookup(kind, bytes));
            append(&mut keys, &mut counts, key);
        }
        self.counts.add(&counts);
        Ok(ColumnarValue::Array(Arc::new(keys.finish())))
    }
}

fn append(keys: &mut BinaryBuilder, counts: &mut BatchCounts, key: Result<[u8; 32], Outcome>) {
    match key {
        Ok(key) => {
            counts.count(Outcome::Keyed);
            keys.append_value(key);
        }
        Err(outcome) => {
            counts.count(outcome);
            keys.append_null();
        }
    }
}
