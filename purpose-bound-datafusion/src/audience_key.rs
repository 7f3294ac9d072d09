//! `audience_key`: audience match keys from a sealed advertising column.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::common::{Result, internal_err};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use purpose_bound::{Advertising, Keyset};

use crate::args::{self, Arg, Wants};
use crate::export::{self, ExportSink, Query};
use crate::keys::AdvertisingKeys;

const NAME: &str = "audience_key";
const USAGE: &str = "sealed, subject, platform";
const LAYOUT: [Arg; 3] = [Arg::Sealed, Arg::Subject, Arg::Platform];
const WANTS: Wants = Wants {
    function: NAME,
    purpose: "advertising",
    makes: "audience match keys",
    collected: "identifiers collected with a Consent<Advertising>",
};

/// The SQL function `audience_key`: the audience match key of each row's
/// sealed advertising identifier, if the ledger held a live consent for it
/// when the query was planned; NULL, counted by reason, otherwise.
///
/// ```sql
/// audience_key(sealed, subject, platform)
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
/// - `platform`: the literal `'meta'` or `'google'`.
///
/// There is no consent argument: the consent is the one the row's subject
/// gave for advertising in the [`ExportSink`]'s ledger, as the ledger stood
/// when the query was planned, and the use is judged at that time. The
/// value opens only under the consent it was collected with.
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
/// use purpose_bound_datafusion::{AudienceKeyFunc, ExportSink};
/// use purpose_bound_store::{ConsentLedger, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
/// let ctx = SessionContext::new();
/// ctx.register_udf(AudienceKeyFunc::new(keyring.keyset(), ExportSink::new(ledger)).into_udf());
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone)]
pub struct AudienceKeyFunc {
    keys: AdvertisingKeys,
    sink: ExportSink,
    planned: Option<Arc<Query>>,
    signature: Signature,
}

impl AudienceKeyFunc {
    /// The function, opening values with `keyset` (the advertising purpose's
    /// sealing keys only: `keyring.keyset::<Advertising>()`, or a Tink keyset
    /// read with `Keyset::from_tink_json`), reading consent from and
    /// counting into `sink`.
    pub fn new(keyset: Keyset<Advertising>, sink: ExportSink) -> Self {
        Self {
            keys: AdvertisingKeys::new(keyset),
            sink,
            planned: None,
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
        self.keys.same(&other.keys) && export::same(self.planned.as_ref(), other.planned.as_ref())
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

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let load = |query: &Query| query.live::<Advertising>(NAME, &self.sink).map(drop);
        let bind = |query| {
            Self {
                planned: Some(query),
                ..self.clone()
            }
            .into_udf()
        };
        self.sink
            .simplify(self.planned.as_ref(), args, info, load, bind)
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
        let [sealed, subjects, _] = arrays.as_slice() else {
            return internal_err!("{NAME}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(NAME, sealed)?;
        let subjects = args::subjects(NAME, subjects)?;
        let query = self.sink.query(NAME, self.planned.as_ref())?;
        let live = query.live::<Advertising>(NAME, &self.sink)?;
        let at = query.at();

        let mut keys = StringBuilder::with_capacity(sealed.len(), sealed.len() * 64);
        let key = |bytes: &[u8], subject: &_, pseudonym| {
            export::under_its_consent(live.of_pseudonym(pseudonym, subject), |consent| {
                self.keys.match_key(kind, bytes, consent, at, platform)
            })
        };
        export::each_row(&self.sink, &query, sealed, subjects, key, |key| match key {
            Some(key) => keys.append_value(key.expose_secret()),
            None => keys.append_null(),
        });
        Ok(ColumnarValue::Array(Arc::new(keys.finish())))
    }
}
