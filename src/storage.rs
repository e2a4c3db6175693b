//! Saved scenarios: the format kept in localStorage and in exported files.
//!
//! ```json
//! {"schema": 1, "scenarios": [{"name": "BTC swing", "saved_at": "2026-11-25T14:00:00Z",
//!                              "scenario": { …the scenario format… }}]}
//! ```
//!
//! Nothing the page cannot read is ever cut, rewritten or dropped without the user asking:
//! - an entry that cannot be read (corrupted, over the limits, a newer scenario version) is kept
//!   aside in [`Store::quarantine`] with the reason and its exact original text, and written
//!   back with the store;
//! - stored text that cannot be read as a whole (not JSON, no list of scenarios) is kept whole
//!   under a key of its own ([`unreadable_key`]) before the page writes the main key again
//!   ([`Store::unreadable`], [`Store::kept_aside`]);
//! - a store written by a newer version of the page ([`Store::newer_schema`]) is never written
//!   at all: [`Store::writable`] says why, and the page keeps new saves in memory.
//!
//! Export and import use the same text, so a round trip is exact. Import applies the same
//! limits as saving ([`MAX_SAVED`] scenarios, [`MAX_NAME_CHARS`] characters a name) and reports
//! exactly what was added, replaced, renamed and refused ([`ImportReport`]).

use crate::engine::json_tree::{self, Value};
pub use crate::limits::{MAX_NAME_CHARS, MAX_SAVED};
use crate::scenario::reader::{self, Fields};
use crate::scenario::ScenarioError;
use crate::scenario::{Scenario, SCENARIO_VERSION};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The storage schema this build writes.
pub const STORE_SCHEMA: u32 = 1;
/// The localStorage key.
pub const STORAGE_KEY: &str = "levcalc.saved.v1";
/// Entries kept aside one by one; past this (and past [`MAX_SAVED`] readable ones) the rest are
/// kept together as one list, so a crafted store of a million entries is still one item to draw.
pub const MAX_QUARANTINE: usize = 50;

/// The key under which the `n`-th (from 1) unreadable stored text is kept whole:
/// `levcalc.saved.v1.unreadable`, `levcalc.saved.v1.unreadable.2`, …
pub fn unreadable_key(n: usize) -> String {
    if n <= 1 {
        format!("{STORAGE_KEY}.unreadable")
    } else {
        format!("{STORAGE_KEY}.unreadable.{n}")
    }
}

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saved {
    pub name: String,
    pub saved_at: String,
    pub scenario: Scenario,
}

/// An entry that could not be read, kept as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    /// The entry's exact original text (empty in storage when it lives under `key`).
    pub raw: String,
    /// Why it could not be read.
    pub reason: String,
    /// The localStorage key holding the text whole, when it was a whole store.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Everything in storage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Store {
    pub saved: Vec<Saved>,
    pub quarantine: Vec<Quarantined>,
    /// The stored text could not be read as a whole; it must be kept under a key of its own
    /// ([`Store::kept_aside`]) before this store may be written.
    pub unreadable: Option<String>,
    /// The stored text is from this newer storage schema: it is never overwritten.
    pub newer_schema: Option<u64>,
}

/// The stored text's shape, as serde would write it: the test that [`Store::write`] writes
/// the same text.
#[cfg(test)]
#[derive(Serialize)]
struct Out<'a> {
    schema: u32,
    scenarios: &'a [Saved],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quarantine: Vec<QuarantinedOut<'a>>,
}

#[cfg(test)]
#[derive(Serialize)]
struct QuarantinedOut<'a> {
    raw: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
}

/// What an import did, entry by entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Names added or replaced, as stored.
    pub imported: Vec<String>,
    /// Names that replaced a saved scenario of the same name.
    pub replaced: Vec<String>,
    /// (name in the file, name stored): over-long or repeated names.
    pub renamed: Vec<(String, String)>,
    /// Entries not imported.
    pub refused: usize,
    /// The first refusal's reason, and how many refusals had another reason.
    pub refused_first: Option<String>,
    pub refused_other: usize,
}

impl ImportReport {
    /// The one status line the page shows.
    pub fn message(&self) -> String {
        let mut msg = format!(
            "Imported {}.",
            count(self.imported.len(), "scenario", "scenarios")
        );
        if !self.replaced.is_empty() {
            msg.push_str(&format!(
                " Replaced {} of the same name.",
                self.replaced.len()
            ));
        }
        if !self.renamed.is_empty() {
            let shown: Vec<String> = self
                .renamed
                .iter()
                .take(3)
                .map(|(a, b)| format!("“{}” → “{}”", clip(a, 40), clip(b, 40)))
                .collect();
            let more = self.renamed.len().saturating_sub(shown.len());
            msg.push_str(&format!(
                " Renamed {}: {}{}.",
                self.renamed.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        if let Some(first) = &self.refused_first {
            msg.push_str(&format!(
                " Refused {}: {}{}.",
                self.refused,
                first.trim_end_matches('.'),
                if self.refused_other > 0 {
                    format!(" ({} for other reasons)", self.refused_other)
                } else {
                    String::new()
                }
            ));
        }
        msg
    }

    /// Count an entry not imported (`_name`: as the file names it).
    fn refuse(&mut self, _name: String, reason: String) {
        self.refused = self.refused.saturating_add(1);
        match &self.refused_first {
            None => self.refused_first = Some(reason),
            Some(first) if *first != reason => {
                self.refused_other = self.refused_other.saturating_add(1)
            }
            Some(_) => {}
        }
    }
}

/// "1 scenario", "3 scenarios" (the saved panel's counts too).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A name cut to [`MAX_NAME_CHARS`] characters.
fn fit_name(name: &str) -> String {
    clip(name, MAX_NAME_CHARS)
}

impl Store {
    /// Read stored text. `None` (nothing stored) gives an empty store.
    pub fn read(text: Option<&str>) -> Store {
        let Some(text) = text else {
            return Store::default();
        };
        let mut store = Store::default();
        let root = match parse_root(text) {
            Ok(root) => root,
            Err(Whole::Unreadable(reason)) => {
                store.unreadable = Some(text.to_owned());
                store.quarantine.push(Quarantined {
                    raw: text.to_owned(),
                    reason,
                    key: None,
                });
                return store;
            }
            Err(Whole::Newer(schema)) => {
                store.newer_schema = Some(schema);
                store.quarantine.push(Quarantined {
                    raw: text.to_owned(),
                    reason: format!(
                        "saved by a newer version of the calculator (storage schema {schema}); \
                         this page reads it as it is and never overwrites it"
                    ),
                    key: None,
                });
                return store;
            }
        };
        // Entries past the limits, kept together (exact texts, as one JSON list).
        let mut overflow: Vec<&str> = Vec::new();
        for item in root.kept_aside {
            if store.quarantine.len() >= MAX_QUARANTINE {
                overflow.push(item);
                continue;
            }
            match read_quarantined(item) {
                Ok(item) => store.quarantine.push(item),
                // An entry of the kept-aside list we cannot read is kept aside too.
                Err(e) => store.quarantine.push(Quarantined {
                    raw: item.to_owned(),
                    reason: format!("a kept-aside entry that cannot be read ({e})"),
                    key: None,
                }),
            }
        }
        for entry in root.entries {
            // Past the limit of saved scenarios an entry is kept as it is, not read.
            let reason = if store.saved.len() >= MAX_SAVED {
                format!("past the limit of {MAX_SAVED} saved scenarios")
            } else {
                match read_entry(entry) {
                    Ok(saved) => {
                        store.saved.push(saved);
                        continue;
                    }
                    Err(reason) => reason,
                }
            };
            if store.quarantine.len() < MAX_QUARANTINE {
                store.quarantine.push(Quarantined {
                    raw: entry.to_owned(),
                    reason,
                    key: None,
                });
            } else {
                overflow.push(entry);
            }
        }
        if !overflow.is_empty() {
            store.quarantine.push(Quarantined {
                raw: format!("[{}]", overflow.join(",")),
                reason: format!(
                    "{} more entries past the limits ({MAX_SAVED} saved, {MAX_QUARANTINE} kept \
                     aside one by one), kept together as one list",
                    overflow.len()
                ),
                key: None,
            });
        }
        store
    }

    /// Whether this store may be written to storage, and why not.
    ///
    /// # Errors
    /// The reason, for the user: a newer version's store, or unreadable text not yet kept.
    pub fn writable(&self) -> Result<(), String> {
        if self.newer_schema.is_some() {
            return Err(
                "the saved scenarios were written by a newer version of the calculator, and \
                 this page will not overwrite them (reload to update)"
                    .into(),
            );
        }
        if self.unreadable.is_some() {
            return Err(
                "the stored data this page cannot read could not be kept aside, so it is not \
                 overwritten"
                    .into(),
            );
        }
        Ok(())
    }

    /// The unreadable stored text is now kept whole under `key`: the store may be written.
    pub fn kept_aside(&mut self, key: &str) {
        if let Some(raw) = self.unreadable.take() {
            if let Some(item) = self
                .quarantine
                .iter_mut()
                .find(|q| q.key.is_none() && q.raw == raw)
            {
                item.key = Some(key.to_owned());
            }
        }
    }

    /// The text to store (and to export): `{"schema", "scenarios": [{"name", "saved_at",
    /// "scenario"}], "quarantine"?: [{"raw", "reason", "key"?}]}`, compact, written straight
    /// from the scenarios (no tree in between; [`crate::scenario::write`]): a full store of 200
    /// scenarios writes in a third of the time, and takes ~40 % less of the browser's storage
    /// quota than indented text. The same text as serde_json's for [`Out`] (tested).
    pub fn write(&self) -> String {
        use crate::scenario::write::{list, scenario, Obj};
        let mut out =
            String::with_capacity(self.saved.len().saturating_mul(600).saturating_add(64));
        let mut root = Obj::new(&mut out);
        root.key("schema").push_str(&STORE_SCHEMA.to_string());
        list(root.key("scenarios"), &self.saved, |out, e| {
            let mut o = Obj::new(out);
            o.str("name", &e.name);
            o.str("saved_at", &e.saved_at);
            scenario(o.key("scenario"), &e.scenario);
            o.end();
        });
        if !self.quarantine.is_empty() {
            list(root.key("quarantine"), &self.quarantine, |out, q| {
                let mut o = Obj::new(out);
                // Text kept under its own key is not copied into the store.
                o.str("raw", if q.key.is_some() { "" } else { &q.raw });
                o.str("reason", &q.reason);
                o.opt_str("key", q.key.as_deref());
                o.end();
            });
        }
        root.end();
        out
    }

    /// Save under `name`, replacing an entry of the same name.
    ///
    /// # Errors
    /// An empty or over-long name, or a full store.
    pub fn save(&mut self, name: &str, saved_at: &str, scenario: Scenario) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("Give the scenario a name.".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("Names are at most {MAX_NAME_CHARS} characters."));
        }
        let entry = Saved {
            name: name.to_owned(),
            saved_at: saved_at.to_owned(),
            scenario,
        };
        match self.saved.iter_mut().find(|s| s.name == name) {
            Some(existing) => *existing = entry,
            None => {
                if self.saved.len() >= MAX_SAVED {
                    return Err(format!("At most {MAX_SAVED} scenarios can be saved."));
                }
                self.saved.push(entry);
            }
        }
        Ok(())
    }

    pub fn delete(&mut self, name: &str) {
        self.saved.retain(|s| s.name != name);
    }

    pub fn get(&self, name: &str) -> Option<&Saved> {
        self.saved.iter().find(|s| s.name == name)
    }

    /// Merge an imported file. Its scenarios replace saved ones of the same name; a name used
    /// twice in the file is renamed `name (2)`, a name over [`MAX_NAME_CHARS`] is cut; entries
    /// past [`MAX_SAVED`] and entries that cannot be read are refused (the file still holds
    /// them). Nothing changes when the file as a whole cannot be read.
    ///
    /// # Errors
    /// Why the file cannot be read at all.
    pub fn import(&mut self, text: &str) -> Result<ImportReport, String> {
        let root =
            match parse_root(text) {
                Ok(root) => root,
                Err(Whole::Newer(_)) => return Err(
                    "That file was written by a newer version of the calculator: nothing imported."
                        .into(),
                ),
                Err(Whole::Unreadable(reason)) => {
                    return Err(format!(
                        "That file is not a saved-scenarios file ({}): nothing imported.",
                        clip(&reason, 160)
                    ))
                }
            };
        let mut report = ImportReport::default();
        let mut taken_in_file: BTreeSet<String> = BTreeSet::new();
        let mut next_suffix: BTreeMap<String, usize> = BTreeMap::new();
        let mut saved_names: BTreeSet<String> = self.saved.iter().map(|x| x.name.clone()).collect();
        for entry in root.entries {
            // Once the store is full, only a name already saved can still come in: the others
            // are refused on their name alone, without reading their scenario.
            // So is one whose name the file used before: it would be renamed `name (k)`,
            // and that name is not saved (it is counted as the read below counts it).
            if self.saved.len() >= MAX_SAVED {
                if let Some(n) = name_only(entry) {
                    let name = fit_name(n.trim());
                    if !saved_names.contains(&name) {
                        report.refuse(n, format!("only {MAX_SAVED} scenarios can be kept"));
                        continue;
                    }
                    let next = next_suffix.get(&name).copied().unwrap_or(2);
                    let (renamed, after) = file_name(&name, &taken_in_file, next);
                    if !saved_names.contains(&renamed) {
                        next_suffix.insert(name, after);
                        report.refuse(n, format!("only {MAX_SAVED} scenarios can be kept"));
                        continue;
                    }
                }
            }
            let s = match read_entry(entry) {
                Ok(s) => s,
                Err(reason) => {
                    report.refuse(
                        String::new(),
                        format!("unreadable ({})", clip(&reason, 160)),
                    );
                    continue;
                }
            };
            let original = s.name.clone();
            let base = {
                let t = original.trim();
                if t.is_empty() {
                    "Imported scenario".to_owned()
                } else {
                    fit_name(t)
                }
            };
            let next = next_suffix.get(&base).copied().unwrap_or(2);
            let (name, after) = file_name(&base, &taken_in_file, next);
            next_suffix.insert(base.clone(), after);
            let exists = saved_names.contains(&name);
            if !exists && self.saved.len() >= MAX_SAVED {
                report.refuse(original, format!("only {MAX_SAVED} scenarios can be kept"));
                continue;
            }
            taken_in_file.insert(name.clone());
            if name != original {
                report.renamed.push((original, name.clone()));
            }
            let entry = Saved {
                name: name.clone(),
                ..s
            };
            match self.saved.iter_mut().find(|x| x.name == name) {
                Some(existing) => {
                    *existing = entry;
                    report.replaced.push(name.clone());
                }
                None => {
                    saved_names.insert(name.clone());
                    self.saved.push(entry);
                }
            }
            report.imported.push(name);
        }
        Ok(report)
    }
}

/// The name an entry named `base` takes in an imported file: `base` while the file has not
/// used it, else `base (k)` for the first `k` from `next` not used ("name (2)", "name (3)" …:
/// the next number per name is kept, so repeats cost no search). Also the next `k` to try.
fn file_name(base: &str, taken: &BTreeSet<String>, next: usize) -> (String, usize) {
    let mut name = base.to_owned();
    let mut next = next;
    while taken.contains(&name) {
        let suffix = format!(" ({next})");
        let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
        name = format!("{}{suffix}", clip(base, room));
        next = next.saturating_add(1);
    }
    (name, next)
}

/// Why stored text cannot be read as a store at all.
enum Whole {
    Unreadable(String),
    Newer(u64),
}

/// A store's parts, as exact texts.
struct Root<'a> {
    entries: Vec<&'a str>,
    kept_aside: Vec<&'a str>,
}

fn parse_root(text: &str) -> Result<Root<'_>, Whole> {
    let (root, parts) = json_tree::parse_parts(text)
        .map_err(|e| Whole::Unreadable(format!("the saved data is not valid JSON ({e})")))?;
    let Value::Object(root) = root else {
        return Err(Whole::Unreadable(format!(
            "the saved data has no readable list of scenarios (it is {})",
            root.kind()
        )));
    };
    // The element texts of a member that is a list (the last of repeated keys, as the tree
    // keeps the last).
    let elements = |key: &str| match root.get(key) {
        Some(Value::Array(_)) => parts
            .iter()
            .rev()
            .find(|p| p.key.as_deref() == Some(key))
            .map(|p| p.inner.clone()),
        _ => None,
    };
    let schema = root.get("schema").and_then(Value::as_u64).unwrap_or(0);
    if schema > u64::from(STORE_SCHEMA) {
        return Err(Whole::Newer(schema));
    }
    let entries = elements("scenarios")
        .filter(|_| schema == u64::from(STORE_SCHEMA))
        .ok_or_else(|| {
            Whole::Unreadable("the saved data has no readable list of scenarios".into())
        })?;
    let kept_aside = elements("quarantine").unwrap_or_default();
    Ok(Root {
        entries,
        kept_aside,
    })
}

/// Read `text` as JSON, a syntax error naming the path of its place.
fn parse_entry(text: &str) -> Result<Value, ScenarioError> {
    json_tree::parse(text).map_err(|e| {
        reader::at(
            &crate::engine::json_path::path_at(text, e.offset, false),
            e.to_string(),
        )
    })
}

/// Just an entry's name (the rest skipped): enough to refuse an entry once the store is full.
fn name_only(text: &str) -> Option<String> {
    // Shallow: the scenario is checked but not built.
    let (v, _) = json_tree::parse_parts(text).ok()?;
    v.get("name").and_then(Value::as_str).map(str::to_owned)
}

/// A kept-aside entry: `{raw, reason, key}` (other members ignored).
fn read_quarantined(text: &str) -> Result<Quarantined, ScenarioError> {
    let v = parse_entry(text)?;
    let o = reader::object(&v, "", "struct Quarantined")?;
    let known: Vec<&str> = o.iter().map(|(k, _)| k.as_str()).collect();
    let f = Fields::new(o, "", &known)?;
    Ok(Quarantined {
        raw: f.opt_text("raw")?.unwrap_or_default(),
        reason: f.text("reason")?,
        key: f.opt_text("key")?,
    })
}

fn read_entry(text: &str) -> Result<Saved, String> {
    let read = || -> Result<Saved, ScenarioError> {
        let v = parse_entry(text)?;
        let f = Fields::new(
            reader::object(&v, "", "struct Saved")?,
            "",
            &["name", "saved_at", "scenario"],
        )?;
        let scenario = match v.get("scenario") {
            Some(s) => reader::scenario_at(s, "scenario")?,
            None => return Err(reader::at("", "missing field `scenario`")),
        };
        Ok(Saved {
            name: f.text("name")?,
            saved_at: f.opt_text("saved_at")?.unwrap_or_default(),
            scenario,
        })
    };
    let saved = read().map_err(|e| match e {
        ScenarioError::Format { path, message } => format!("field `{path}`: {message}"),
        other => other.to_string(),
    })?;
    if saved.scenario.version != SCENARIO_VERSION {
        return Err(format!(
            "scenario version {} is not readable by this version",
            saved.scenario.version
        ));
    }
    saved
        .scenario
        .check_limits()
        .map_err(|e| format!("the scenario {}", e))?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_writes_as_serde_json_writes_it() {
        let serde_text = |st: &Store| {
            serde_json::to_string(&Out {
                schema: STORE_SCHEMA,
                scenarios: &st.saved,
                quarantine: st
                    .quarantine
                    .iter()
                    .map(|q| QuarantinedOut {
                        raw: if q.key.is_some() { "" } else { &q.raw },
                        reason: &q.reason,
                        key: q.key.as_deref(),
                    })
                    .collect(),
            })
            .unwrap()
        };
        let mut st = Store::default();
        assert_eq!(st.write(), serde_text(&st));
        st.saved.push(Saved {
            name: "a \"b\"\n".into(),
            saved_at: "2026-12-07T10:00:00Z".into(),
            scenario: Scenario::default(),
        });
        st.saved.push(Saved {
            name: "é😀".into(),
            saved_at: String::new(),
            scenario: Scenario {
                symbol: None,
                ..Scenario::default()
            },
        });
        assert_eq!(st.write(), serde_text(&st));
        st.quarantine.push(Quarantined {
            raw: "{\u{1}".into(),
            reason: "not JSON".into(),
            key: None,
        });
        st.quarantine.push(Quarantined {
            raw: "kept elsewhere".into(),
            reason: "r".into(),
            key: Some("levcalc.saved.v1.unreadable".into()),
        });
        assert_eq!(st.write(), serde_text(&st));
    }
}
