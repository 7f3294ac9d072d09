//! `SealingKeys<P>`: what holds purpose `P`'s sealing keys (a keyring, a
//! keyset, or a shared one), and the crate's hooks into them, through
//! which sealing and opening reach the keys without naming who holds them.

use core::fmt;

use crate::boundary::seal::cache::SealKey;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::Token;

/// What a set of sealing keys has under a key id.
pub enum Lookup<'a> {
    /// An enabled key, and the first format's key where the set has it.
    Enabled(&'a SealKey, Option<&'a [u8; 64]>),
    /// A key that no longer opens.
    NotEnabled,
    /// No key of that id.
    Unknown,
}

/// Shows nothing of the keys.
impl fmt::Debug for Lookup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Enabled(..) => "Enabled([REDACTED])",
            Self::NotEnabled => "NotEnabled",
            Self::Unknown => "Unknown",
        })
    }
}

pub(crate) mod hooks {
    use crate::boundary::seal::cache::SealKey;
    use crate::boundary::seal::sealing_keys::Lookup;
    use crate::purposes::sealed::Token;

    /// Seals [`SealingKeys`](super::SealingKeys): the crate's hooks into a
    /// set of sealing keys.
    pub trait Sealed<P> {
        /// The primary key's id and `P`'s sealing key under it.
        fn primary(&self, _: Token) -> (u32, &SealKey);
        /// `P`'s sealing key under key `id`.
        fn lookup(&self, _: Token, id: u32) -> Lookup<'_>;
    }

    /// `Self` is the purpose `P`: a `Keyset<P>` holds sealing keys for
    /// `Self`. Its message is what a user reads who hands one purpose's
    /// keyset a value of another.
    #[diagnostic::on_unimplemented(
        message = "a `Keyset<{P}>` holds no sealing keys for `{Self}`",
        label = "`{Self}` values are sealed under `{Self}`'s own keys",
        note = "each purpose has its own sealing keys, and a `Keyset` holds one purpose's: a system given the keys of one purpose opens nothing of another",
        note = "use the keyset of the purpose you mean, `keyring.keyset::<{Self}>()`, or seal and open with the `Keyring`"
    )]
    pub trait KeysetOf<P> {}

    impl<P: crate::purposes::markers::Purpose> KeysetOf<P> for P {}
}

/// Holds purpose `P`'s sealing keys: a [`Keyring`](crate::Keyring) (every
/// purpose's) or a [`Keyset<P>`](crate::Keyset) (`P`'s alone). What
/// [`Consent::open`](crate::Consent::open) and
/// [`Consent::reseal`](crate::Consent::reseal) take.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "`{Self}` holds no sealing keys for `{P}`",
    label = "cannot seal or open `{P}` values",
    note = "each purpose has its own sealing keys, and a `Keyset` holds one purpose's: a system given the keys of one purpose opens nothing of another",
    note = "make the keyset of the purpose you mean: `keyring.keyset::<{P}>()`, or seal and open with the `Keyring` itself"
)]
pub trait SealingKeys<P: Purpose>: hooks::Sealed<P> {}

/// A shared keyring or keyset (`Arc<Keyring>` in a service's state) holds
/// the keys it points to.
impl<P: Purpose, K: hooks::Sealed<P> + ?Sized> hooks::Sealed<P> for alloc::sync::Arc<K> {
    fn primary(&self, token: Token) -> (u32, &SealKey) {
        (**self).primary(token)
    }

    fn lookup(&self, token: Token, id: u32) -> Lookup<'_> {
        (**self).lookup(token, id)
    }
}

#[diagnostic::do_not_recommend]
impl<P: Purpose, K: SealingKeys<P> + ?Sized> SealingKeys<P> for alloc::sync::Arc<K> {}
