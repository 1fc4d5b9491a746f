//! Compact JSON for the wire types, byte for byte what `serde_json::to_writer`
//! writes, faster where a plan's line spends its time: long strings. A plan's line
//! is mostly the words of its items and tasks, and `serde_json` looks at every byte
//! of a string on its own; here eight bytes are checked at once for the three
//! things JSON escapes (`"`, `\` and control characters), and runs without them are
//! copied whole.
//!
//! Covers the serde data model the wire types use: structs (flattened ones come as
//! maps), sequences, options, strings, integers, floats, booleans and unit enum
//! variants. Anything else (bytes, 128-bit integers, variants with data, keys that
//! are not strings) is an [`Unsupported`] error, and the caller writes the record
//! with `serde_json` instead, so the output never depends on which path wrote it.

use serde::ser::{self, Serialize};

use crate::byteword::{below, equal, word_of, ONES};

/// Appends the compact JSON of `value` to `out`. On error `out` holds a partial
/// line and should be discarded.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Unsupported> {
    value.serialize(&mut Writer { out })
}

/// A part of the serde data model this writer leaves to `serde_json`.
#[derive(Debug)]
pub struct Unsupported(String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not written by the fast JSON writer: {}", self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: std::fmt::Display>(msg: M) -> Self {
        Unsupported(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(what.to_string()))
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// The top bit of each of the eight bytes of `w` that JSON escapes (a control
/// character, `"` or `\\`), and maybe of bytes above one ([`crate::byteword`]).
fn escape_bits(w: u64) -> u64 {
    below(w, 0x20) | equal(w, b'"') | equal(w, b'\\')
}

/// True when one of the eight bytes of `w` is escaped in JSON.
fn needs_escape(w: u64) -> bool {
    escape_bits(w) != 0
}

/// True when some byte of `bytes` is escaped in JSON: a word at a time, with no
/// branch on what the words hold (most strings have nothing to escape).
fn has_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n < 8 {
        // Short strings (keys, ids): the bytes in a word padded with letters.
        let w = bytes
            .iter()
            .enumerate()
            .fold(ONES * u64::from(b'a'), |w, (i, &b)| {
                (w & !(0xFF << (8 * i))) | (u64::from(b) << (8 * i))
            });
        return needs_escape(w);
    }
    // The last eight bytes cover what the whole words leave over.
    let last = escape_bits(word_of(&bytes[n - 8..]));
    let bits = bytes
        .chunks_exact(8)
        .fold(last, |bits, chunk| bits | escape_bits(word_of(chunk)));
    bits != 0
}

/// Writes the escape of byte `b` (a control character, `"` or `\`) as `serde_json`
/// does: short forms where JSON has them, else `\u00XX` in lowercase hex.
fn escape(b: u8, out: &mut Vec<u8>) {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x00..=0x1F => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
            return;
        }
        _ => b,
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// `s` as a JSON string.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if has_escape(bytes) {
        // As serde_json does: runs without escapes copied whole, between escapes.
        let mut copied = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(&bytes[copied..i]);
                escape(b, out);
                copied = i + 1;
            }
        }
        out.extend_from_slice(&bytes[copied..]);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// A float as `serde_json` writes it (its shortest form; `null` when not finite):
/// plans carry few, so they are not worth a formatter of our own.
fn write_float<F: Serialize>(out: &mut Vec<u8>, v: F) -> Result<(), Unsupported> {
    serde_json::to_writer(out, &v).map_err(|e| Unsupported(e.to_string()))
}

fn write_int<I: itoa::Integer>(out: &mut Vec<u8>, i: I) {
    out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
}

/// The [`Writer`] methods for integers, written as `serde_json` writes them.
macro_rules! integers {
    ($($method:ident($int:ty)),*) => {
        $(fn $method(self, v: $int) -> Result<(), Unsupported> {
            write_int(self.out, v);
            Ok(())
        })*
    };
}

impl<'a, 'w> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    integers!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64)
    );

    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        write_float(self.out, v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        write_float(self.out, v)
    }

    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        unsupported("bytes")
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        unsupported("a variant with data")
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Ok(Compound::open(self, b'['))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Ok(Compound::open(self, b'['))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Ok(Compound::open(self, b'['))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        unsupported("a variant with data")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Ok(Compound::open(self, b'{'))
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Ok(Compound::open(self, b'{'))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        unsupported("a variant with data")
    }

    fn serialize_i128(self, _: i128) -> Result<(), Unsupported> {
        unsupported("a 128-bit integer")
    }

    fn serialize_u128(self, _: u128) -> Result<(), Unsupported> {
        unsupported("a 128-bit integer")
    }
}

/// An array or object being written: a comma goes before every element but the
/// first.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
}

impl<'w, 'a> Compound<'w, 'a> {
    fn open(w: &'w mut Writer<'a>, bracket: u8) -> Self {
        w.out.push(bracket);
        Compound { w, first: true }
    }

    fn separate(&mut self) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.separate();
        value.serialize(&mut *self.w)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Unsupported> {
        self.separate();
        write_str(self.w.out, key);
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }

    fn close(self, bracket: u8) -> Result<(), Unsupported> {
        self.w.out.push(bracket);
        Ok(())
    }
}

/// The array-like compounds: elements between brackets.
macro_rules! array_like {
    ($($compound:ident::$element:ident),*) => {
        $(impl ser::$compound for Compound<'_, '_> {
            type Ok = ();
            type Error = Unsupported;

            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
                self.element(value)
            }

            fn end(self) -> Result<(), Unsupported> {
                self.close(b']')
            }
        })*
    };
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.separate();
        key.serialize(KeyWriter { w: &mut *self.w })?;
        self.w.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self.w)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.close(b'}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.close(b'}')
    }
}

/// A map key: a string, or it is left to `serde_json`.
struct KeyWriter<'w, 'a> {
    w: &'w mut Writer<'a>,
}

/// Methods of [`KeyWriter`] for keys that are not strings.
macro_rules! not_a_string {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, Unsupported> {
            unsupported("a key that is not a string")
        })*
    };
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(self.w.out, v);
        Ok(())
    }

    not_a_string! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
        unsupported("a key that is not a string")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        unsupported("a key that is not a string")
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        unsupported("a key that is not a string")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;

    fn ours<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
        let mut out = Vec::new();
        write(value, &mut out)?;
        Ok(String::from_utf8(out).expect("the writer writes UTF-8"))
    }

    fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Unsupported> {
        super::write(out, value)
    }

    #[test]
    fn the_word_test_finds_exactly_the_bytes_json_escapes() {
        let fillers = [
            b'a', b' ', b'!', b'#', b'[', b']', 0x7F, 0x80, 0xC3, 0xE1, 0xFF,
        ];
        for b in 0..=255u8 {
            let escaped = b < 0x20 || b == b'"' || b == b'\\';
            for filler in fillers {
                for k in 0..8 {
                    let mut w = [filler; 8];
                    w[k] = b;
                    assert_eq!(
                        needs_escape(u64::from_le_bytes(w)),
                        escaped,
                        "{b:#x} at {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_string_has_an_escape_when_one_of_its_bytes_is_escaped() {
        for len in 0..=20 {
            assert!(!has_escape(&vec![b'x'; len]));
            for k in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![0xC3; len];
                    bytes[k] = b;
                    let escaped = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(has_escape(&bytes), escaped, "{b:#x} at {k} of {len}");
                }
            }
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut every_byte = String::new();
        for c in (0..0x80u8)
            .map(char::from)
            .chain(['đ', 'Ư', 'ệ', '\u{2028}', '😀'])
        {
            every_byte.push(c);
        }
        for s in [
            "",
            "\"",
            "\\",
            "Kế hoạch \"Cả nước thi đua\"\n\tsố 12/KH-UBND\r\u{1}\u{1F}\u{7F}",
            "abcdefgh\"",
            "abcdefg\n",
            &every_byte,
            &every_byte[3..],
        ] {
            assert_eq!(ours(s).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in "(?s).{0,80}") {
            prop_assert_eq!(ours(&s).unwrap(), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn control_heavy_strings_too(s in "[\\x00-\\x20\"\\\\aế]{0,40}") {
            prop_assert_eq!(ours(&s).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        UnitVariant,
    }

    #[derive(Serialize)]
    struct Inner {
        name: String,
        kind: Kind,
    }

    #[derive(Serialize)]
    struct Newtype(u32);

    #[derive(Serialize)]
    struct Every {
        yes: bool,
        no: bool,
        small: (i8, i16, i32, i64),
        big: (u8, u16, u32, u64),
        floats: Vec<f64>,
        single: f32,
        letter: char,
        none: Option<String>,
        some: Option<Inner>,
        empty: Vec<Inner>,
        list: Vec<Inner>,
        unit: (),
        newtype: Newtype,
        map: BTreeMap<String, Vec<u32>>,
        #[serde(flatten)]
        flat: Option<Inner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[test]
    fn the_data_model_of_the_wire_types_is_written_as_serde_json_writes_it() {
        let inner = |name: &str| Inner {
            name: name.to_string(),
            kind: Kind::UnitVariant,
        };
        let value = Every {
            yes: true,
            no: false,
            small: (i8::MIN, i16::MIN, -1, i64::MIN),
            big: (u8::MAX, u16::MAX, 0, u64::MAX),
            floats: vec![0.0, -0.0, 1.0, 0.1, 1e300, 5e-324, f64::NAN, f64::INFINITY],
            single: 0.3,
            letter: '"',
            none: None,
            some: Some(inner("Sở \"Giáo dục\"")),
            empty: Vec::new(),
            list: vec![inner("a"), inner("b\n")],
            unit: (),
            newtype: Newtype(7),
            map: BTreeMap::from([("k\u{1}".to_string(), vec![1, 2]), (String::new(), vec![])]),
            flat: Some(inner("flat")),
            skipped: None,
        };
        assert_eq!(
            ours(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn what_it_does_not_cover_is_an_error_not_a_different_line() {
        #[derive(Serialize)]
        enum WithData {
            Tuple(u8, u8),
        }
        assert!(ours(&BTreeMap::from([(1u8, 2u8)])).is_err());
        assert!(ours(&WithData::Tuple(1, 2)).is_err());
        assert!(ours(&1u128).is_err());
    }
}
