//! What the functions share: the planning checks of their arguments, and
//! reading sealed values and subjects from Arrow arrays.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result, ScalarValue, exec_err, internal_err, plan_err};
use datafusion::logical_expr::{ColumnarValue, ReturnFieldArgs};
use purpose_bound::{Platform, Subject};

use crate::outcome::Outcome;
use crate::schema::{KIND_KEY, Kind, PURPOSE_KEY, declared};

/// What a function wants of its sealed argument, for the planning check.
pub(crate) struct Wants {
    /// The function's name.
    pub(crate) function: &'static str,
    /// The purpose tag its sealed column must declare.
    pub(crate) purpose: &'static str,
    /// What the function makes, in the refusal: "audience match keys".
    pub(crate) makes: &'static str,
    /// Where identifiers of that purpose come from, in the refusal.
    pub(crate) collected: &'static str,
}

/// Checks at planning that `field`, a function's first argument, is a
/// sealed column of the purpose the function wants, and returns its kind.
///
/// # Errors
///
/// A planning error naming the column, the purpose it declares (or that it
/// declares none) and the purpose the function wants.
pub(crate) fn check_sealed(wants: &Wants, field: &Field) -> Result<Kind> {
    let Wants {
        function,
        purpose: wanted,
        makes,
        collected,
    } = wants;
    let column = field.name();
    let declared = declared(field);
    let Some(purpose) = declared.purpose else {
        return plan_err!(
            "{function}: column \"{column}\" declares no purpose (its Arrow field has no \
             {PURPOSE_KEY} metadata), and {makes} are made only from purpose `{wanted}` \
             ({collected}); declare sealed columns with purpose_bound_datafusion::sealed_field"
        );
    };
    let kind = match (declared.kind, declared.kind_name) {
        (Some(kind), _) => kind,
        (None, Some(name)) => {
            return plan_err!(
                "{function}: column \"{column}\" declares kind \"{name}\" in {KIND_KEY}; a \
                 sealed column holds `phone` or `email`"
            );
        }
        (None, None) => {
            return plan_err!(
                "{function}: column \"{column}\" declares no kind of identifier (its Arrow \
                 field has no {KIND_KEY} metadata); declare sealed columns with \
                 purpose_bound_datafusion::sealed_field"
            );
        }
    };
    let kind_name = match kind {
        Kind::Phone => "phone number",
        Kind::Email => "email address",
    };
    if purpose != *wanted {
        return plan_err!(
            "{function}: column \"{column}\" holds {kind_name}s collected for purpose \
             `{purpose}`, and {makes} are made only from purpose `{wanted}` ({collected}): a \
             `{purpose}` {kind_name} may not be used for this; collect it again for `{wanted}`"
        );
    }
    if !is_binary(field.data_type()) {
        return plan_err!(
            "{function}: column \"{column}\" is {}; a sealed column is Binary",
            field.data_type()
        );
    }
    Ok(kind)
}

fn is_binary(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView
    )
}

/// One argument's place in a function's signature, for coercion.
#[derive(Clone, Copy)]
pub(crate) enum Arg {
    /// The sealed column: any binary type, never cast (a cast would drop
    /// the field's declaration).
    Sealed,
    /// The row's subject, its account id: text, or an integer cast to its
    /// decimal text.
    Subject,
    /// A platform's name: Utf8.
    Platform,
}

/// The planning check every function makes before naming its result: the
/// arguments' arity and types, then the sealed column's declared kind and
/// purpose. The result is a nullable `returns` named after the function.
///
/// # Errors
///
/// A planning error naming the function: arguments it cannot take, or a
/// sealed column of another purpose or one declaring none.
pub(crate) fn return_field(
    name: &'static str,
    usage: &str,
    layout: &[Arg],
    wants: &Wants,
    args: &ReturnFieldArgs<'_>,
    returns: DataType,
) -> Result<FieldRef> {
    let types: Vec<DataType> = args
        .arg_fields
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    coerce(name, usage, layout, &types)?;
    let Some(sealed) = args.arg_fields.first() else {
        return internal_err!("{name}: no arguments");
    };
    check_sealed(wants, sealed)?;
    Ok(Arc::new(Field::new(name, returns, true)))
}

/// The types `arg_types` are cast to for a function whose arguments are
/// `layout`.
///
/// # Errors
///
/// A planning error when the number of arguments is wrong.
pub(crate) fn coerce(
    function: &str,
    usage: &str,
    layout: &[Arg],
    arg_types: &[DataType],
) -> Result<Vec<DataType>> {
    if arg_types.len() != layout.len() {
        return plan_err!(
            "{function} takes {} arguments, not {}: {function}({usage})",
            layout.len(),
            arg_types.len()
        );
    }
    layout
        .iter()
        .zip(arg_types)
        .map(|(arg, given)| match arg {
            Arg::Sealed => Ok(given.clone()),
            Arg::Subject if is_account_id(given) => Ok(DataType::Utf8),
            Arg::Subject => plan_err!(
                "{function}: the subject is {given}; it is the row's account id, text or an \
                 integer: {function}({usage})"
            ),
            Arg::Platform => Ok(DataType::Utf8),
        })
        .collect()
}

/// Whether a column of `data_type` can hold account ids: text, or
/// integers (cast to their decimal text), or NULL.
fn is_account_id(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    ) || data_type.is_integer()
}

/// A subject column, after coercion to Utf8.
///
/// # Errors
///
/// An execution error when it is not Utf8.
pub(crate) fn subjects<'a>(function: &str, array: &'a ArrayRef) -> Result<&'a StringArray> {
    match array.as_string_opt::<i32>() {
        Some(subjects) => Ok(subjects),
        None => exec_err!("{function}: the subject is {}, not Utf8", array.data_type()),
    }
}

/// The subject of row `row`, from its account id: refused when the id is
/// NULL, or is no account id ([`Subject::new`]: empty or white space,
/// too long, a control character). Neither the id nor anything of it is
/// kept or shown.
pub(crate) fn subject(subjects: &StringArray, row: usize) -> Result<Subject, Outcome> {
    if subjects.is_null(row) {
        return Err(Outcome::NoSubject);
    }
    Subject::new(subjects.value(row)).map_err(|_| Outcome::InvalidSubject)
}

/// The platform a literal argument names.
///
/// # Errors
///
/// A planning error unless `value` is the literal `'meta'` or `'google'`.
pub(crate) fn platform(function: &str, value: Option<&ScalarValue>) -> Result<Platform> {
    let name = match value {
        Some(ScalarValue::Utf8(Some(name)))
        | Some(ScalarValue::LargeUtf8(Some(name)))
        | Some(ScalarValue::Utf8View(Some(name))) => name.as_str(),
        _ => {
            return plan_err!(
                "{function}: the platform is a literal, 'meta' or 'google', not a column or NULL"
            );
        }
    };
    match name.to_ascii_lowercase().as_str() {
        "meta" => Ok(Platform::Meta),
        "google" => Ok(Platform::Google),
        _ => plan_err!("{function}: unknown platform '{name}'; 'meta' or 'google'"),
    }
}

/// The sealed values of a batch, NULL as `None`.
///
/// # Errors
///
/// An execution error when the array is not binary.
pub(crate) fn sealed_values<'a>(
    function: &str,
    array: &'a ArrayRef,
) -> Result<Vec<Option<&'a [u8]>>> {
    Ok(match array.data_type() {
        DataType::Binary => array.as_binary::<i32>().iter().collect(),
        DataType::LargeBinary => array.as_binary::<i64>().iter().collect(),
        DataType::BinaryView => array.as_binary_view().iter().collect(),
        other => return exec_err!("{function}: the sealed column is {other}, not Binary"),
    })
}

/// The arrays of a batch's arguments, scalars repeated to the batch's length.
pub(crate) fn arrays(args: &[ColumnarValue]) -> Result<Vec<ArrayRef>> {
    ColumnarValue::values_to_arrays(args)
}
