//! Decoding fixtures, generated here from a corpus plan: its Windows-1258, UTF-16
//! LE/BE, TCVN3 and VNI renderings each decode to exactly the UTF-8 plan.

use std::fs;

use kehoach::decode::{decode, tcvn3, vni, Encoding};
use kehoach::syllable::{split_tone, tone_mark, Tone};

fn plan() -> String {
    fs::read_to_string("corpus/ha-nam-province.txt").unwrap()
}

fn check(bytes: &[u8], encoding: Encoding, expected: &str) {
    let d = decode(bytes, None).unwrap();
    assert_eq!(d.encoding, encoding);
    assert_eq!(d.replaced, 0);
    assert!(d.text == expected, "{encoding} does not decode to the plan");
}

#[test]
fn windows_1258() {
    // Windows-1258 writes tones as combining marks after the letter.
    let text = plan();
    let mut split = String::new();
    for c in text.chars() {
        let (base, tone) = split_tone(c);
        if tone == Tone::Level {
            split.push(c);
        } else {
            split.push(base);
            split.extend(tone_mark(tone));
        }
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&split);
    assert!(!unmappable);
    check(&bytes, Encoding::Windows1258, &text);
}

#[test]
fn utf16_both_orders() {
    let text = plan();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    check(&le, Encoding::Utf16Le, &text);
    check(&be, Encoding::Utf16Be, &text);
}

#[test]
fn vni() {
    let text = plan();
    let bytes = vni::encode(&text).expect("every character of the plan exists in VNI");
    check(&bytes, Encoding::Vni, &text);
}

#[test]
fn tcvn3() {
    // TCVN3 has no capitals with tone marks (documents use a separate capitals
    // font on the same bytes), so those are written as lowercase. They come back
    // as capitals on lines in capitals that show it (a toned letter in a word with
    // two capitals TCVN3 can write), and lowercase elsewhere.
    let text = plan();
    let bytes = tcvn3::encode(&text).expect("every character of the plan exists in TCVN3");
    let d = decode(&bytes, None).unwrap();
    assert_eq!(d.encoding, Encoding::Tcvn3);
    assert_eq!(d.replaced, 0);
    let lowered = |line: &str| -> String {
        line.chars()
            .map(|c| {
                if c.is_uppercase() && split_tone(c).1 != Tone::Level {
                    c.to_lowercase().next().unwrap()
                } else {
                    c
                }
            })
            .collect()
    };
    let mut restored = 0;
    assert_eq!(d.text.lines().count(), text.lines().count());
    for (got, line) in d.text.lines().zip(text.lines()) {
        let capitals = !line.chars().any(char::is_lowercase);
        let shows_it = line.split(|c: char| !c.is_alphabetic()).any(|w| {
            let toned = |c: &char| split_tone(*c).1 != Tone::Level;
            w.chars().filter(|c| c.is_uppercase() && !toned(c)).count() >= 2
                && w.chars().any(|c| toned(&c))
        });
        if capitals && shows_it {
            assert_eq!(got, line);
            restored += 1;
        } else {
            assert_eq!(got, lowered(line));
        }
    }
    assert!(restored >= 8, "the title and section headings: {restored}");
}

#[test]
fn forced_encoding_wins() {
    let bytes = vni::encode("Kế hoạch").unwrap();
    assert_eq!(
        decode(&bytes, Some(Encoding::Vni)).unwrap().text,
        "Kế hoạch"
    );
}
