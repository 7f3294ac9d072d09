//! Values kept as bytes, sealed identifiers and one-time-code challenges:
//! base64url text in human-readable formats, the bytes in compact ones.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::adapters::wire::text::refuse_scalars;
#[cfg(feature = "seal")]
use crate::boundary::seal::sealed::Sealed;
use crate::capabilities::otp::challenge::Challenge;
#[cfg(feature = "seal")]
use crate::identifiers::identifier::Identifier;

/// A value kept as bytes and written as unpadded base64url text: sealed
/// identifiers and one-time-code challenges. In serde it is that text in
/// human-readable formats and the bytes in compact ones; errors never repeat
/// what they were given.
trait BinaryForm: Sized + fmt::Display + FromStr<Err: fmt::Display> {
    /// What serde's messages say was expected.
    const EXPECTING: &'static str;
    /// What a value that is neither text nor bytes is told.
    const NOT_THIS: &'static str;
    /// Calls `f` with the bytes.
    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R;
    /// Reads the bytes, as far as they can be checked without a key.
    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display>;
}

fn serialize_binary<T: BinaryForm, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        serializer.collect_str(value)
    } else {
        value.with_bytes(|bytes| serializer.serialize_bytes(bytes))
    }
}

fn deserialize_binary<'de, T: BinaryForm, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(BinaryVisitor(PhantomData))
    } else {
        deserializer.deserialize_bytes(BinaryVisitor(PhantomData))
    }
}

/// Reads a `T` from its text or its bytes.
struct BinaryVisitor<T>(PhantomData<T>);

impl<T: BinaryForm> Visitor<'_> for BinaryVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::from_slice(v).map_err(E::custom)
    }

    refuse_scalars!(T::NOT_THIS);
}

macro_rules! binary_serde {
    ($ty:ident<$param:ident: $bound:path>) => {
        /// Unpadded base64url text (as `Display` writes it) in
        /// human-readable formats, the bytes in compact ones.
        impl<$param: $bound> Serialize for $ty<$param> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_binary(self, serializer)
            }
        }

        /// Reads what `Serialize` writes; errors do not repeat the input.
        /// The value is authenticated where it is used.
        impl<'de, $param: $bound> Deserialize<'de> for $ty<$param> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_binary(deserializer)
            }
        }
    };
}

#[cfg(feature = "seal")]
impl<I: Identifier> BinaryForm for Sealed<I> {
    const EXPECTING: &'static str = "a sealed identifier: unpadded base64url text, or bytes";
    const NOT_THIS: &'static str = "expected a sealed identifier as base64url text or bytes";

    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        f(self.as_bytes())
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display> {
        Ok::<_, crate::boundary::seal::error::OpenError>(Self::from_bytes(bytes))
    }
}

#[cfg(feature = "seal")]
binary_serde!(Sealed<I: Identifier>);

impl<I: crate::capabilities::otp::send_otp::SendOtp> BinaryForm for Challenge<I> {
    const EXPECTING: &'static str = "a one-time-code challenge: unpadded base64url text, or bytes";
    const NOT_THIS: &'static str = "expected a one-time-code challenge as base64url text or bytes";

    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        f(&self.to_bytes())
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display> {
        Self::from_bytes(bytes)
    }
}

binary_serde!(Challenge<I: crate::capabilities::otp::send_otp::SendOtp>);
