//! `audience_key`: audience match keys from a sealed advertising column.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, internal_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use purpose_bound::{Advertising, Keyset};

use crate::args::{self, Arg, ConsentColumns, Wants};
use crate::counts::{BatchCounts, Outcome, RowCounts};
use crate::keys::AdvertisingKeys;

const NAME: &str = "audience_key";
const USAGE: &str = "sealed, subject, consent_id, consent_given, consent_expires, \
                     consent_withdrawn, at, platform";
const LAYOUT: [Arg; 8] = [
    Arg::Sealed,
    Arg::Subject,
    Arg::ConsentId,
    Arg::Time,
    Arg::Time,
    Arg::Time,
    Arg::Time,
    Arg::Platform,
];
const WANTS: Wants = Wants {
    function: NAME,
    purpose: "advertising",
    makes: "audience match keys",
    collected: "identifiers collected with a Consent<Advertising>",
};

/// The SQL function `audience_key`: the audience match key of each row's
/// sealed advertising identifier, if the row's consent is live at the
/// query's time; NULL, counted by reason, otherwise.
///
/// ```sql
/// audience_key(sealed, subject, consent_id, consent_given, consent_expires,
///              consent_withdrawn, at, platform)
/// ```
///
/// - `sealed`: a column built with [`sealed_field`](crate::sealed_field)
///   for `PhoneNumber<Advertising>` or `EmailAddress<Advertising>`. A column
///   of another purpose, or one that declares none, is refused when the
///   query is planned: `audience_key(two_factor_phone, …)` does not run.
/// - `subject`: the row's account id, the one the application made the
///   value's [`Subject`](purpose_bound::Subject) from (text, or an integer
///   column, cast to its decimal text). The value opens only for the
///   subject it was sealed for, so a value moved into another account's
///   row is refused. A NULL id, or one that is no account id (empty, too
///   long, a control character), is refused and counted
///   ([`Outcome::NoSubject`](crate::Outcome::NoSubject),
///   [`Outcome::InvalidSubject`](crate::Outcome::InvalidSubject)).
/// - `consent_id`, `consent_given`, `consent_expires`,
///   `consent_withdrawn`: the row's consent, as a join with the consents
///   table gives it (integers and timestamps, UTC; `expires` and
///   `withdrawn` NULL when they did not happen), given by the row's
///   subject. The value opens only under the consent it was collected
///   with.
/// - `at`: the time of use, such as `TIMESTAMP '2026-12-01T00:00:00Z'` or
///   `now()`.
/// - `platform`: the literal `'meta'` or `'google'`.
///
/// It returns the match key as lowercase hex (`Utf8`), as
/// [`MatchKey::expose_secret`](purpose_bound::MatchKey::expose_secret)
/// gives it. Each value is opened and hashed in one step inside the
/// function; no raw value leaves it.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use purpose_bound::Keyring;
/// use purpose_bound_datafusion::{AudienceKeyFunc, RowCounts};
///
/// let ctx = SessionContext::new();
/// let counts = RowCounts::default();
/// ctx.register_udf(AudienceKeyFunc::new(Keyring::new(1, &mut [7; 32]).keyset(), counts.clone()).into_udf());
/// ```
#[derive(Clone)]
pub struct AudienceKeyFunc {
    keys: AdvertisingKeys,
    counts: RowCounts,
    signature: Signature,
}

impl AudienceKeyFunc {
    /// The function, opening values with `keyset` (the advertising purpose's
    /// sealing keys only: `keyring.keyset::<Advertising>()`, or a Tink keyset
    /// read with `Keyset::from_tink_json`) and counting rows into
    /// `counts`.
    pub fn new(keyset: Keyset<Advertising>, counts: RowCounts) -> Self {
        Self {
            keys: AdvertisingKeys::new(keyset),
            counts,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }

    /// The function, ready for `SessionContext::register_udf`.
    pub fn into_udf(self) -> ScalarUDF {
        ScalarUDF::new_from_impl(self)
    }
}

impl std::fmt::Debug for AudienceKeyFunc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AudienceKeyFunc").finish_non_exhaustive()
    }
}

impl PartialEq for AudienceKeyFunc {
    fn eq(&self, other: &Self) -> bool {
        self.keys.same(&other.keys)
    }
}

impl Eq for AudienceKeyFunc {}

impl Hash for AudienceKeyFunc {
    fn hash<H: Hasher>(&self, state: &mut H) {
        NAME.hash(state);
    }
}

impl ScalarUDFImpl for AudienceKeyFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        args::coerce(NAME, USAGE, &LAYOUT, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        internal_err!("{NAME}: the return field is made from the argument fields")
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs<'_>) -> Result<FieldRef> {
        let field = args::return_field(NAME, USAGE, &LAYOUT, &WANTS, &args, DataType::Utf8)?;
        args::platform(NAME, args.scalar_arguments.last().copied().flatten())?;
        Ok(field)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let Some(sealed_field) = args.arg_fields.first() else {
            return internal_err!("{NAME}: no arguments");
        };
        let kind = args::check_sealed(&WANTS, sealed_field)?;
        let platform = match args.args.last() {
            Some(ColumnarValue::Scalar(value)) => args::platform(NAME, Some(value))?,
            _ => args::platform(NAME, None)?,
        };
        let arrays = args::arrays(&args.args)?;
        let [sealed, subjects, _, _, _, _, at, _] = arrays.as_slice() else {
            return internal_err!("{NAME}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(NAME, sealed)?;
        let subjects = args::subjects(NAME, subjects)?;
        let consents = ConsentColumns::new(NAME, &arrays, 2)?;
        let at = args::times(NAME, at)?;

        let mut counts = BatchCounts::default();
        let mut keys = StringBuilder::with_capacity(sealed.len(), sealed.len() * 64);
        for (row, bytes) in sealed.into_iter().enumerate() {
            let at = args::time_of_use(NAME, at, row)?;
            let key = bytes.ok_or(Outcome::NoValue).and_then(|bytes| {
                let subject = args::subject(subjects, row)?;
                let consent = consents.consent::<Advertising>(row, &subject)?;
                self.keys.match_key(kind, bytes, &consent, at, platform)
            });
            match key {
                Ok(key) => {
                    counts.count(Outcome::Keyed);
                    keys.append_value(key.expose_secret());
                }
                Err(outcome) => {
                    counts.count(outcome);
                    keys.append_null();
                }
            }
        }
        self.counts.add(&counts);
        Ok(ColumnarValue::Array(Arc::new(keys.finish())))
    }
}
