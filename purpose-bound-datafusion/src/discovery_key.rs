//! `discovery_key` and `lookup_key`: contact discovery from sealed
//! discoverable and uploaded columns.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{BinaryBuilder, ListBuilder};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, internal_err};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use purpose_bound::{ContactUpload, Discoverable, Keyset, KeysetError};

use crate::args::{self, Arg, Wants};
use crate::export::{self, ExportSink, Query};
use crate::keys::{ContactKeys, DiscoverableKeys};

const DISCOVERY: &str = "discovery_key";
const DISCOVERY_USAGE: &str = "sealed, subject";
const DISCOVERY_LAYOUT: [Arg; 2] = [Arg::Sealed, Arg::Subject];
const DISCOVERY_WANTS: Wants = Wants {
    function: DISCOVERY,
    purpose: "discoverable",
    makes: "discovery keys",
    collected: "identifiers collected with a Consent<Discoverable>",
};

const LOOKUP: &str = "lookup_key";
const LOOKUP_USAGE: &str = "sealed, subject";
const LOOKUP_LAYOUT: [Arg; 2] = [Arg::Sealed, Arg::Subject];
const LOOKUP_WANTS: Wants = Wants {
    function: LOOKUP,
    purpose: "contact_upload",
    makes: "lookup keys",
    collected: "contacts uploaded from a user's address book",
};

/// The item of [`LookupKeyFunc`]'s list: one 32-byte key, never NULL.
fn lookup_item() -> FieldRef {
    Arc::new(Field::new_list_field(DataType::Binary, false))
}

/// The SQL function `discovery_key`: the key by which uploaded contacts
/// find each row's sealed discoverable identifier, if the ledger held a
/// live consent to be found for it when the query was planned; NULL,
/// counted by reason, otherwise.
///
/// ```sql
/// discovery_key(sealed, subject)
/// ```
///
/// Arguments and consent as [`AudienceKeyFunc`](crate::AudienceKeyFunc)'s, for a column of
/// `PhoneNumber<Discoverable>` or `EmailAddress<Discoverable>`; a column
/// of another purpose is refused when the query is planned. It returns the
/// 32 bytes of [`purpose_bound::DiscoveryKey`] (`Binary`) under the
/// keyset's primary key, one of the keys [`LookupKeyFunc`] lists for the
/// same number uploaded as a contact.
///
/// It holds a [`Keyset<Discoverable>`](purpose_bound::Keyset): the
/// discoverable values' sealing keys and the discovery subkey, nothing of
/// another purpose.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use purpose_bound::{Discoverable, Keyring};
/// use purpose_bound_datafusion::{DiscoveryKeyFunc, ExportSink};
/// use purpose_bound_store::{ConsentLedger, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
/// let ctx = SessionContext::new();
/// let keys = DiscoveryKeyFunc::new(keyring.keyset::<Discoverable>(), ExportSink::new(ledger))?;
/// ctx.register_udf(keys.into_udf());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct DiscoveryKeyFunc {
    keys: DiscoverableKeys,
    sink: ExportSink,
    planned: Option<Arc<Query>>,
    signature: Signature,
}

/// The SQL function `lookup_key`: the keys to look each row's sealed
/// uploaded contact up by among the [`DiscoveryKeyFunc`]s; NULL, counted
/// by reason, when it does not open. Uploaded contacts need no consent of
/// the person uploaded; the [`ExportSink`] counts the uploaders.
///
/// ```sql
/// lookup_key(sealed, subject)
/// ```
///
/// For a column of `PhoneNumber<ContactUpload>` or
/// `EmailAddress<ContactUpload>`; a column of another purpose is refused
/// when the query is planned. `subject` is the account id of the user who
/// uploaded the contact, as for [`AudienceKeyFunc`](crate::AudienceKeyFunc):
/// a value moved into another user's row does not open.
///
/// It returns, as the core crate's
/// [`ContactLookup`](purpose_bound::ContactLookup) does, one 32-byte key
/// per enabled key of the keyset, the primary's first: `List(Binary)`,
/// its items never NULL. Findable rows whose discovery keys were made
/// under a former primary key are still found after a rotation. Match
/// with `array_has(lookup_key(k.contact, k.uploader), discovery_key(…))`,
/// or unnest the list first:
///
/// ```sql
/// SELECT k.uploader, u.user
/// FROM users u
/// JOIN (SELECT uploader, unnest(lookup_key(contact, uploader)) AS key FROM contacts) k
///   ON k.key = discovery_key(u.found_phone, u.user)
/// ```
///
/// It holds a [`Keyset<ContactUpload>`](purpose_bound::Keyset): the
/// uploaded contacts' sealing keys and the discovery subkey, nothing of
/// another purpose.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use purpose_bound::{ContactUpload, Keyring};
/// use purpose_bound_datafusion::{ExportSink, LookupKeyFunc};
/// use purpose_bound_store::{ConsentLedger, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
/// let ctx = SessionContext::new();
/// let keys = LookupKeyFunc::new(keyring.keyset::<ContactUpload>(), ExportSink::new(ledger))?;
/// ctx.register_udf(keys.into_udf());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct LookupKeyFunc {
    keys: ContactKeys,
    sink: ExportSink,
    planned: Option<Arc<Query>>,
    signature: Signature,
}

macro_rules! common {
    ($type:ident, $name:ident, $keys:ident, $purpose:ident) => {
        impl $type {
            #[doc = concat!(
                "The function, opening values and making keys with `keyset` (",
                "`keyring.keyset::<", stringify!($purpose), ">()`), and counting ",
                "into `sink`.\n\n",
                "# Errors\n\n",
                "[`KeysetErrorKind::SealingOnly`](purpose_bound::KeysetErrorKind::SealingOnly) ",
                "for a keyset read from Tink's JSON (`Keyset::from_tink_json`): it holds the ",
                "sealing keys alone, and the discovery subkey comes only with a keyset made ",
                "from the keyring.",
            )]
            pub fn new(keyset: Keyset<$purpose>, sink: ExportSink) -> Result<Self, KeysetError> {
                Ok(Self {
                    keys: $keys::new(keyset)?,
                    sink,
                    planned: None,
                    signature: Signature::user_defined(Volatility::Immutable),
                })
            }

            fn bound(&self, query: Arc<Query>) -> ScalarUDF {
                Self {
                    planned: Some(query),
                    ..self.clone()
                }
                .into_udf()
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
                    && export::same(self.planned.as_ref(), other.planned.as_ref())
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

common!(DiscoveryKeyFunc, DISCOVERY, DiscoverableKeys, Discoverable);
common!(LookupKeyFunc, LOOKUP, ContactKeys, ContactUpload);

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

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        let load = |query: &Query| query.live::<Discoverable>(DISCOVERY, &self.sink).map(drop);
        self.sink
            .simplify(self.planned.as_ref(), args, info, load, |query| {
                self.bound(query)
            })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let Some(sealed_field) = args.arg_fields.first() else {
            return internal_err!("{DISCOVERY}: no arguments");
        };
        let kind = args::check_sealed(&DISCOVERY_WANTS, sealed_field)?;
        let arrays = args::arrays(&args.args)?;
        let [sealed, subjects] = arrays.as_slice() else {
            return internal_err!("{DISCOVERY}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(DISCOVERY, sealed)?;
        let subjects = args::subjects(DISCOVERY, subjects)?;
        let query = self.sink.query(DISCOVERY, self.planned.as_ref())?;
        let live = query.live::<Discoverable>(DISCOVERY, &self.sink)?;
        let at = query.at();

        let mut keys = BinaryBuilder::with_capacity(sealed.len(), sealed.len() * 32);
        let key = |bytes: &[u8], subject: &_, pseudonym| {
            export::under_its_consent(live.of_pseudonym(pseudonym, subject), |consent| {
                self.keys.discovery_key(kind, bytes, consent, at)
            })
        };
        export::each_row(&self.sink, &query, sealed, subjects, key, |key| match key {
            Some(key) => keys.append_value(key),
            None => keys.append_null(),
        });
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
            DataType::List(lookup_item()),
        )
    }

    fn simplify(&self, args: Vec<Expr>, info: &SimplifyContext) -> Result<ExprSimplifyResult> {
        self.sink.simplify(
            self.planned.as_ref(),
            args,
            info,
            |_| Ok(()),
            |query| self.bound(query),
        )
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let Some(sealed_field) = args.arg_fields.first() else {
            return internal_err!("{LOOKUP}: no arguments");
        };
        let kind = args::check_sealed(&LOOKUP_WANTS, sealed_field)?;
        let arrays = args::arrays(&args.args)?;
        let [sealed, subjects] = arrays.as_slice() else {
            return internal_err!("{LOOKUP}: {} arguments", arrays.len());
        };
        let sealed = args::sealed_values(LOOKUP, sealed)?;
        let subjects = args::subjects(LOOKUP, subjects)?;
        let query = self.sink.query(LOOKUP, self.planned.as_ref())?;
        let mut lists = ListBuilder::with_capacity(BinaryBuilder::new(), sealed.len())
            .with_field(lookup_item());
        let lookup = |bytes: &[u8], subject: &_, _| self.keys.contact_lookup(kind, bytes, subject);
        export::each_row(
            &self.sink,
            &query,
            sealed,
            subjects,
            lookup,
            |lookup| match lookup {
                Some(lookup) => {
                    for key in &lookup {
                        lists.values().append_value(key.as_bytes());
                    }
                    lists.append(true);
                }
                None => lists.append_null(),
            },
        );
        Ok(ColumnarValue::Array(Arc::new(lists.finish())))
    }
}
