//! What every text adaptor shares: refusing values that are not text
//! without repeating them, and asking a format for text.

use serde::de::{Deserializer, Visitor};

/// Refuses booleans and numbers with a message that does not contain them
/// (serde's default `invalid_type` errors print them).
macro_rules! refuse_scalars {
    ($error:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }
    };
}

/// Refuses values that are not text with a message that does not contain
/// them, and wipes owned strings after reading them.
macro_rules! text_only {
    ($error:expr) => {
        refuse_scalars!($error);

        fn visit_string<E: de::Error>(self, mut v: String) -> Result<Self::Value, E> {
            let read = self.visit_str(&v);
            v.zeroize();
            read
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            match core::str::from_utf8(v) {
                Ok(text) => self.visit_str(text),
                Err(_) => Err(E::custom($error)),
            }
        }

        fn visit_byte_buf<E: de::Error>(self, mut v: Vec<u8>) -> Result<Self::Value, E> {
            let read = self.visit_bytes(&v);
            v.zeroize();
            read
        }
    };
}

/// Asks `deserializer` for a string, handing `visitor` whatever the input
/// holds in a self-describing (human-readable) format, so that a number or
/// other non-string reaches the visitor's own message: serde_json's and
/// others' `deserialize_str` report a wrong type with the value in it
/// (``invalid type: integer `14155552671` ``). Compact formats are not
/// self-describing and are asked for a string.
pub(crate) fn deserialize_text<'de, D, V>(deserializer: D, visitor: V) -> Result<V::Value, D::Error>
where
    D: Deserializer<'de>,
    V: Visitor<'de>,
{
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(visitor)
    } else {
        deserializer.deserialize_str(visitor)
    }
}

pub(crate) use {refuse_scalars, text_only};
