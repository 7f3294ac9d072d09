//! Ballista: the functions on its executors.

use std::sync::Arc;

use ballista_core::registry::BallistaFunctionRegistry;
use datafusion::logical_expr::ScalarUDF;

/// The function registry a Ballista executor runs with: DataFusion's
/// functions and `functions`, such as an [`AudienceKeyFunc`](crate::AudienceKeyFunc)
/// holding the executor's keys.
///
/// Ballista sends a plan's functions to its executors by name; an executor
/// finds them in this registry, or cannot run the plan. Give it to the
/// executor, for example through
/// `ballista_executor::new_standalone_executor_from_builder`. After
/// `SessionContext::remote_with_state` (which sets the client's scalar
/// functions to Ballista's), register the functions on the client's context
/// again, to plan with.
///
/// # Examples
///
/// ```
/// use purpose_bound::Keyring;
/// use purpose_bound_datafusion::{ballista_registry, AudienceKeyFunc, ExportSink};
/// use purpose_bound_store::{ConsentLedger, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
/// let audience = AudienceKeyFunc::new(keyring.keyset(), ExportSink::new(ledger));
/// let registry = ballista_registry([audience.into_udf()]);
/// assert!(registry.scalar_functions.contains_key("audience_key"));
/// assert!(registry.scalar_functions.contains_key("sha256"));
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
pub fn ballista_registry(
    functions: impl IntoIterator<Item = ScalarUDF>,
) -> BallistaFunctionRegistry {
    let mut registry = BallistaFunctionRegistry::default();
    for function in functions {
        registry
            .scalar_functions
            .insert(function.name().to_owned(), Arc::new(function));
    }
    registry
}
