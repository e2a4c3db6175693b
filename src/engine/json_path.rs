//! Where a JSON read failed, as a path: `legs[0].entry`, `symbols[3].tiers.floor[0]`.
//!
//! serde's derives read the text with no path of their own; serde_json's error only gives a
//! line and a column. The value at that place is found again by scanning the text before it:
//! each `{` and `[` opens a frame, each key names the object's current field, each `,` in a
//! list moves its index on. The scan runs only when a read has failed, so a good read costs
//! nothing, and it is one small function instead of a wrapper around every visitor.
//!
//! The path reads like serde_path_to_error's, which this replaces: segments joined by `.`,
//! list indices as `[i]`, the whole document as `.`. A missing field names the object that
//! lacks it (its message names the field).

use serde::de::DeserializeOwned;

/// A failed read: serde_json's error and the path of the value it failed on.
#[derive(Debug)]
pub struct PathError {
    /// `legs[0].entry`, or `.` for the document itself.
    pub path: String,
    /// The parser's error, with its line and column.
    pub error: serde_json::Error,
}

/// Read `T` from the whole of `text` (trailing text other than whitespace is an error).
///
/// # Errors
/// [`PathError`]: the parser's error and the path of the value where it happened.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, PathError> {
    let mut de = serde_json::Deserializer::from_str(text);
    T::deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|error| with_path(text, error))
}

/// Attach the path of the error's place in `text` to the error.
#[must_use]
pub fn with_path(text: &str, error: serde_json::Error) -> PathError {
    let offset = offset_of(text, error.line(), error.column());
    let missing = error.to_string().starts_with("missing field");
    PathError {
        path: path_at(text, offset, missing),
        error,
    }
}

/// The byte offset of serde_json's (one-based line, column of bytes before the place).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let start = if line == 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line.saturating_sub(2))
            .map_or(text.len(), |(i, _)| i.saturating_add(1))
    };
    start.saturating_add(column).min(text.len())
}

enum Frame {
    /// An object: its current key, and whether the next string is a key.
    Object {
        key: Option<String>,
        wants_key: bool,
    },
    /// A list and the index of its current element.
    List(usize),
}

/// The path of the value being read at byte `offset`. With `missing`, the innermost object's
/// current key is left out: the error is about the object itself.
pub fn path_at(text: &str, offset: usize, missing: bool) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                wants_key: true,
            }),
            b'[' => stack.push(Frame::List(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { wants_key, .. }) = stack.last_mut() {
                    *wants_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { wants_key, .. }) => *wants_key = true,
                Some(Frame::List(index)) => *index = index.saturating_add(1),
                None => {}
            },
            b'"' => {
                let start = i.saturating_add(1);
                let mut j = start;
                while j < end && bytes[j] != b'"' {
                    j = j.saturating_add(if bytes[j] == b'\\' { 2 } else { 1 });
                }
                let stop = j.min(end);
                if let Some(Frame::Object { key, wants_key }) = stack.last_mut() {
                    if *wants_key {
                        *key = Some(String::from_utf8_lossy(&bytes[start..stop]).into_owned());
                    }
                }
                i = stop;
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    if missing {
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::List(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Leg {
        entry: u32,
        side: Side,
    }
    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Side {
        Long,
    }
    #[allow(dead_code)]
    #[derive(Deserialize, Debug)]
    struct Doc {
        name: String,
        legs: Vec<Leg>,
        tiers: Option<Tiers>,
    }
    #[allow(dead_code)]
    #[derive(Deserialize, Debug)]
    struct Tiers {
        floor: Vec<u32>,
    }

    fn path(text: &str) -> String {
        from_str::<Doc>(text).unwrap_err().path
    }

    #[test]
    fn names_the_value_that_failed() {
        let leg = r#"{"entry":1,"side":"long"}"#;
        assert_eq!(path(r#"{"name":5,"legs":[]}"#), "name");
        assert_eq!(
            path(&format!(
                r#"{{"name":"a","legs":[{leg},{{"entry":"x","side":"long"}}]}}"#
            )),
            "legs[1].entry"
        );
        assert_eq!(
            path(r#"{"name":"a","legs":[{"entry":1,"side":"sideways"}]}"#),
            "legs[0].side"
        );
        assert_eq!(
            path(r#"{"name":"a","legs":[{"entry":1,"side":"long","x":2}]}"#),
            "legs[0].x"
        );
        // a missing field names the object that lacks it
        assert_eq!(path(r#"{"name":"a","legs":[{"entry":1}]}"#), "legs[0]");
        assert_eq!(path(r#"{"name":"a"}"#), ".");
        // keys with escaped quotes, text across lines, nested objects
        assert_eq!(
            path("{\"na\\\"me\":1,\n \"name\":\"a\",\n \"legs\":[],\n \"tiers\":{\"floor\":[1,\n \"2\"]}}"),
            "tiers.floor[1]"
        );
        assert_eq!(path(""), ".");
        assert_eq!(path(r#"{"name":"a","legs":[]} x"#), ".");
    }

    #[test]
    fn a_good_read_has_no_error() {
        let doc: Doc = from_str(r#"{"name":"a","legs":[{"entry":1,"side":"long"}]}"#).unwrap();
        assert_eq!(doc.legs.len(), 1);
    }
}
