//! A small JSON reader (RFC 8259), written for the page: a value tree whose numbers keep their
//! text, so a decimal is read exactly from what was written (no binary double in between, and
//! no float parser in the wasm). The one JSON reader of the page: the venues' answers
//! ([`crate::engine::venue_import`]), scenarios, share links and saved scenarios
//! ([`crate::scenario::from_json`], [`crate::storage`]) are all read with it.
//!
//! - Objects keep the last of repeated keys (as serde_json does) and are looked up by key;
//!   they iterate in key order.
//! - Nesting is at most [`MAX_DEPTH`] deep (serde_json's limit), so a hostile answer cannot
//!   exhaust the stack; every other bound is the caller's (the text's length).
//! - A syntax error gives its line and column (1-based, columns in characters) and what was
//!   expected there.

#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::fmt;

/// The deepest nesting of lists and objects read.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Numbers are their JSON text, checked against the grammar.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Obj),
}

/// A JSON object: its members sorted by key, each key once (the last one written).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Obj(Vec<(String, Value)>);

impl Obj {
    /// An object of these members (for a repeated key, the last one written is kept).
    pub fn from_members(mut members: Vec<(String, Value)>) -> Obj {
        // Already in key order, each key once (as a writer that sorts its keys leaves them):
        // nothing to sort, nothing to drop.
        let ordered = members
            .iter()
            .zip(members.iter().skip(1))
            .all(|(a, b)| a.0 < b.0);
        if ordered {
            return Obj(members);
        }
        // Reversed, then a stable sort: the first of each run of equal keys is the last one
        // written, and it is the one kept.
        members.reverse();
        crate::engine::order::sort_vec(&mut members, &|a, b| a.0 < b.0);
        members.dedup_by(|later, kept| later.0 == kept.0);
        Obj(members)
    }

    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Members in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Obj {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Value {
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Obj> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A JSON integer that fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(t) if t.bytes().all(|c| c.is_ascii_digit()) => t.parse().ok(),
            _ => None,
        }
    }

    /// A JSON integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(t)
                if t.strip_prefix('-')
                    .unwrap_or(t)
                    .bytes()
                    .all(|c| c.is_ascii_digit()) =>
            {
                t.parse().ok()
            }
            _ => None,
        }
    }

    /// What kind of value this is, for a message: `a string`, `a list` …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// Member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }
}

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub what: &'static str,
    /// The byte offset of the place in the text.
    pub offset: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Read `text` as one JSON value (surrounding whitespace allowed).
///
/// # Errors
/// The first place where `text` departs from the JSON grammar, or nesting past
/// [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    Reader::new(text, false).whole()
}

/// Read one JSON value at the start of `text` (after whitespace); what follows it is not read.
///
/// # Errors
/// As [`parse`], within the value.
pub fn parse_prefix(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Reader::new(text, false);
    p.blank();
    p.value()
}

/// A member of a top-level object or an element of a top-level list, as its exact text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The member's key (`None` for a list element).
    pub key: Option<String>,
    /// The value's text exactly as written.
    pub text: &'a str,
    /// When the value is a list or an object: the exact text of each of its elements (or
    /// member values), in the order written.
    pub inner: Vec<&'a str>,
}

/// [`parse`], and the exact text of each member (object) or element (list) of the top level,
/// in the order written (a repeated key appears each time). The whole text is checked, but
/// the tree keeps the top level only: a part that is a list or an object comes back empty
/// (read its text again for its contents), so a large store is not built twice.
///
/// # Errors
/// As [`parse`].
pub fn parse_parts(text: &str) -> Result<(Value, Vec<Part<'_>>), SyntaxError> {
    let mut p = Reader::new(text, true);
    let v = p.whole()?;
    let parts = p
        .parts
        .unwrap_or_default()
        .into_iter()
        .map(|(key, start, end, inner)| Part {
            key,
            text: text.get(start..end).unwrap_or_default(),
            inner: inner
                .into_iter()
                .map(|(s, e)| text.get(s..e).unwrap_or_default())
                .collect(),
        })
        .collect();
    Ok((v, parts))
}

/// Whether the magnitude of a valid JSON number `text` exceeds the largest double
/// (1.7976931348623157e308), from its digits and exponent alone.
fn beyond_double(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exp) = match body.split_once(['e', 'E']) {
        Some((m, e)) => {
            let digits = e.trim_start_matches(['+', '-']);
            // A huge exponent saturates: only its sign and size matter.
            let n = digits.parse::<i64>().unwrap_or(i64::MAX);
            (
                m,
                if e.starts_with('-') {
                    n.saturating_neg()
                } else {
                    n
                },
            )
        }
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int = int.trim_start_matches('0');
    let digits: String = int.chars().chain(frac.chars()).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    if significant.is_empty() {
        return false;
    }
    // The power of ten of the leading significant digit.
    let lead = if int.is_empty() {
        let zeros = frac
            .len()
            .saturating_sub(frac.trim_start_matches('0').len());
        i64::try_from(zeros)
            .unwrap_or(i64::MAX)
            .saturating_add(1)
            .saturating_neg()
    } else {
        i64::try_from(int.len())
            .unwrap_or(i64::MAX)
            .saturating_sub(1)
    }
    .saturating_add(exp);
    match lead.cmp(&308) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        // Rounded to the nearest double: up to …8623158e308 still reads as the largest.
        std::cmp::Ordering::Equal => significant > "17976931348623158",
    }
}

/// A top-level part's key, start and end, and the places (start, end) of its own elements.
type PartPlace = (Option<String>, usize, usize, Vec<(usize, usize)>);

struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    /// When wanted ([`parse_parts`]): key, start and end of each value of the top level, and
    /// the places of that value's own elements.
    parts: Option<Vec<PartPlace>>,
    /// The places of the elements of the top-level part being read.
    inner: Vec<(usize, usize)>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`, recording the top-level parts when `parts`.
    fn new(text: &'a str, parts: bool) -> Reader<'a> {
        Reader {
            text,
            at: 0,
            depth: 0,
            parts: parts.then(Vec::new),
            inner: Vec::new(),
        }
    }

    /// The one value `text` holds, with nothing but whitespace around it.
    fn whole(&mut self) -> Result<Value, SyntaxError> {
        self.blank();
        let v = self.value()?;
        self.blank();
        if self.at < self.text.len() {
            return Err(self.error("trailing characters"));
        }
        Ok(v)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn error(&self, what: &'static str) -> SyntaxError {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line = before.matches('\n').count().saturating_add(1);
        let start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
        let column = before
            .get(start..)
            .map_or(0, |l| l.chars().count())
            .saturating_add(1);
        SyntaxError {
            line,
            column,
            what,
            offset: self.at,
        }
    }

    /// Moves past the bytes from the cursor on for which `more` holds (a slice scan, not a
    /// call per byte: the reader's hot loop) and returns how many there were.
    fn skip_while(&mut self, more: impl Fn(u8) -> bool) -> usize {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        let n = rest.iter().position(|c| !more(*c)).unwrap_or(rest.len());
        self.at = self.at.saturating_add(n);
        n
    }

    fn blank(&mut self) {
        self.skip_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
    }

    fn word(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        if self
            .text
            .get(self.at..)
            .is_some_and(|t| t.starts_with(word))
        {
            self.at = self.at.saturating_add(word.len());
            Ok(v)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'n') => self.word("null", Value::Null),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Value, SyntaxError>,
    ) -> Result<Value, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth = self.depth.saturating_add(1);
        self.bump();
        let v = read(self);
        self.depth = self.depth.saturating_sub(1);
        v
    }

    /// Whether the values read here are kept: always, except inside a top-level part when
    /// [`parse_parts`] reads (the caller reads each part again from its text, so a part's
    /// own contents are checked but not built twice).
    fn keeps(&self) -> bool {
        self.parts.is_none() || self.depth <= 1
    }

    /// A value inside a list or object, its place recorded when it is a top-level part.
    fn part(&mut self, key: Option<&str>) -> Result<Value, SyntaxError> {
        let start = self.at;
        let v = self.value()?;
        let end = self.at;
        if self.parts.is_some() {
            match self.depth {
                1 => {
                    let inner = std::mem::take(&mut self.inner);
                    if let Some(parts) = self.parts.as_mut() {
                        parts.push((key.map(str::to_owned), start, end, inner));
                    }
                }
                2 => self.inner.push((start, end)),
                _ => {}
            }
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        self.skip_while(|c| c.is_ascii_digit())
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        if beyond_double(text) {
            // As serde_json: a number no binary double holds is not read.
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at.saturating_add(4))
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid escape"))?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid escape"))?;
        self.at = self.at.saturating_add(4);
        Ok(v)
    }

    /// A string, the opening quote under the cursor.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.bump();
        // Checked but not built where the value is not kept (see `keeps`).
        let keep = self.keeps();
        let mut out = String::new();
        loop {
            let run = self.at;
            self.skip_while(|c| c != b'"' && c != b'\\' && c >= 0x20);
            // The run stops at an ASCII byte (or the end), so it is whole characters.
            if keep {
                out.push_str(self.text.get(run..self.at).unwrap_or_default());
            }
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.bump();
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.bump();
                    let c = self.peek();
                    self.bump();
                    let ch = match c {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    if keep {
                        out.push(ch);
                    }
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of a `\u` escape (a surrogate pair takes two), after the `u`.
    fn unicode(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if self
                .text
                .get(self.at..)
                .is_some_and(|t| t.starts_with("\\u"))
            {
                self.at = self.at.saturating_add(2);
            } else {
                return Err(self.error("lone leading surrogate in hex escape"));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.error("invalid surrogate pair in hex escape"));
            }
            hi.wrapping_sub(0xD800)
                .wrapping_shl(10)
                .wrapping_add(lo.wrapping_sub(0xDC00))
                .wrapping_add(0x1_0000)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        let mut items = Vec::new();
        self.blank();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.blank();
            let v = self.part(None)?;
            if self.keeps() {
                items.push(v);
            }
            self.blank();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        let mut members = Vec::new();
        self.blank();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(Value::Object(Obj::default()));
        }
        loop {
            self.blank();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let key = self.string()?;
            self.blank();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.bump();
            self.blank();
            let v = self.part(Some(&key))?;
            if self.keeps() {
                members.push((key, v));
            }
            self.blank();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(Value::Object(Obj::from_members(members)));
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            r#"{"a": [1, -2.5, 3e2, "x\u00e9\ud83d\ude00\n", true, false, null], "b": {}}"#,
            r#"[{"k": 1, "k": 2}, [], [[]], "\"\\\/\b\f\r\t"]"#,
            " 0 ",
            r#""Ünïcode ✓""#,
        ];
        for t in texts {
            let ours = parse(t).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(t).unwrap();
            assert_eq!(render(&ours), theirs.to_string(), "{t}");
        }
        // The last of repeated keys, numbers as written.
        let v = parse(r#"{"k": 1, "k": 2.50}"#).unwrap();
        assert_eq!(v.get("k"), Some(&Value::Number("2.50".into())));
    }

    /// serde_json's compact text of our tree (numbers through serde_json for its spelling).
    fn render(v: &Value) -> String {
        match v {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => serde_json::from_str::<serde_json::Value>(n)
                .unwrap()
                .to_string(),
            Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
            Value::Array(a) => format!("[{}]", a.iter().map(render).collect::<Vec<_>>().join(",")),
            Value::Object(o) => format!(
                "{{{}}}",
                o.iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::Value::String(k.clone()), render(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for (t, what, line, column) in [
            ("", "EOF while parsing a value", 1, 1),
            ("{not json", "key must be a string", 1, 2),
            ("[1,\n 2,]", "expected value", 2, 4),
            ("[01]", "expected `,` or `]`", 1, 3),
            ("[1.]", "invalid number", 1, 4),
            ("-", "invalid number", 1, 2),
            ("[1e]", "invalid number", 1, 4),
            ("\"a\u{1}\"", "control character in a string", 1, 3),
            (r#""\x""#, "invalid escape", 1, 4),
            (r#""\ud800""#, "lone leading surrogate in hex escape", 1, 8),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("1 2", "trailing characters", 1, 3),
            ("nul", "expected value", 1, 1),
            ("[\"é\", x]", "expected value", 1, 7),
            ("1e400", "number out of range", 1, 6),
            ("-1.8e308", "number out of range", 1, 9),
            ("[2000e306]", "number out of range", 1, 10),
        ] {
            let e = parse(t).unwrap_err();
            assert_eq!((e.what, e.line, e.column), (what, line, column), "{t:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(t).is_err(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().what, "recursion limit exceeded");
        let objects = "{\"a\":".repeat(200);
        assert_eq!(
            parse(&objects).unwrap_err().what,
            "recursion limit exceeded"
        );
    }

    #[test]
    fn numbers_a_double_holds_are_read() {
        for t in [
            "1.7976931348623157e308",
            "0.0001e-400",
            "0e999999999999999999999",
            "1e308",
        ] {
            assert!(parse(t).is_ok(), "{t}");
            assert!(serde_json::from_str::<serde_json::Value>(t).is_ok(), "{t}");
        }
        assert!(parse("1e999999999999999999999").is_err());
    }

    #[test]
    fn integers_read_as_integers_only() {
        let n = |t: &str| Value::Number(t.into());
        assert_eq!(n("0").as_u64(), Some(0));
        assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
        assert_eq!(n("18446744073709551616").as_u64(), None);
        assert_eq!(n("-3").as_i64(), Some(-3));
        assert_eq!(n("-3").as_u64(), None);
        assert_eq!(n("3.0").as_i64(), None);
        assert_eq!(n("3e0").as_i64(), None);
    }
}
