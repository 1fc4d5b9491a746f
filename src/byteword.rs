//! Eight bytes read as one `u64` (the first byte lowest), and the tests that flag
//! bytes in it with no branch a byte: each gives the top bit of every byte it
//! flags. [`ascii_in`] is exact for every byte. [`equal`] and [`below`] subtract,
//! and a borrow runs only upwards: the lowest flag is exact and any false one lies
//! above a true one, so "some byte" and "the first byte" ([`first`]) are exact.
//!
//! Shared by the passes that skip most of a text a word at a time (lines, the
//! character pass, digit runs, JSON strings).

/// 1 in every byte.
pub const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The top bit of every byte.
pub const TOP: u64 = ONES * 0x80;

/// Eight bytes (a `chunks_exact(8)` chunk) as one word, the first in the low byte.
#[inline]
pub fn word_of(chunk: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(chunk);
    u64::from_le_bytes(word)
}

/// The bytes of `x` equal to `b` (zero after XOR with `b`; see the module).
#[inline]
pub fn equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & TOP
}

/// The bytes of `x` below `n`, for `n` up to 0x80 (see the module).
#[inline]
pub fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & TOP
}

/// The ASCII bytes of `x` in `lo..=hi`, exactly. Each bound is tested by adding
/// to the byte's low seven bits a constant that carries into its top bit exactly
/// when the bound is reached (a sum of at most 0x7F + 0x80), so no byte spills
/// into the next.
#[inline]
pub fn ascii_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !TOP;
    let at_least_lo = low + ONES * (0x80 - u64::from(lo));
    let past_hi = low + ONES * (0x80 - u64::from(hi) - 1);
    at_least_lo & !past_hi & !x & TOP
}

/// The index of the first byte flagged in `flags` (not zero).
#[inline]
pub fn first(flags: u64) -> usize {
    flags.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every place, beside bytes of every kind, as the first
    /// flagged byte or above one.
    #[test]
    fn flags_are_exact_for_any_and_for_the_first() {
        let fillers = [
            0x00, 0x1F, b' ', b'"', b'0', b'9', b'a', b'z', 0x7F, 0x80, 0xC3, 0xFF,
        ];
        for b in 0..=255u8 {
            for filler in fillers {
                for k in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[k] = b;
                    let x = word_of(&bytes);
                    let tests: [(u64, &dyn Fn(u8) -> bool); 5] = [
                        (equal(x, b'"'), &|v| v == b'"'),
                        (equal(x, 0x7F), &|v| v == 0x7F),
                        (below(x, 0x20), &|v| v < 0x20),
                        (below(x, 0x80), &|v| v < 0x80),
                        (ascii_in(x, b'0', b'9'), &|v| v.is_ascii_digit()),
                    ];
                    for (i, (flags, plain)) in tests.iter().enumerate() {
                        let want = bytes.iter().position(|&v| plain(v));
                        assert_eq!(flags != &0, want.is_some(), "test {i}: {bytes:x?}");
                        if let Some(w) = want {
                            assert_eq!(first(*flags), w, "test {i}: {bytes:x?}");
                        }
                    }
                    for (v, flag) in bytes.iter().zip(0..) {
                        let set = ascii_in(x, b'a', b'z') >> (8 * flag + 7) & 1 == 1;
                        assert_eq!(set, v.is_ascii_lowercase(), "{bytes:x?}");
                    }
                }
            }
        }
    }
}
