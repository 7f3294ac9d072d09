//! Short strings on the stack, wiped when dropped: the forms an identifier
//! takes on its way out, built without the heap and without leaving copies.

use core::fmt;

use zeroize::Zeroize;

/// At most `N` bytes of text on the stack, wiped on drop.
pub(crate) struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    pub(crate) const fn new() -> Self {
        Self {
            buf: [0; N],
            len: 0,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        let bytes = self.buf.get(..self.len).unwrap_or_default();
        core::str::from_utf8(bytes).unwrap_or_default()
    }

    /// Appends the decimal digits of `n`, written in place so that no
    /// copy of them is left elsewhere on the stack.
    pub(crate) fn push_decimal(&mut self, mut n: u64) -> fmt::Result {
        let count = n.checked_ilog10().map_or(1, |log| log as usize + 1);
        let end = self.len.checked_add(count).ok_or(fmt::Error)?;
        let slots = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        for slot in slots.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.len = end;
        Ok(())
    }
}

impl<const N: usize> fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<const N: usize> Drop for StackStr<N> {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}
