//! Saved scenarios: the format kept in localStorage and in exported files.
//!
//! ```json
//! {"schema": 1, "scenarios": [{"name": "BTC swing", "saved_at": "2026-11-25T14:00:00Z",
//!                              "scenario": { …the scenario format… }}]}
//! ```
//!
//! Reading never fails as a whole: each entry is read on its own, and an entry that cannot be
//! read (corrupted, or from a newer schema) is kept aside in [`Store::quarantine`] with the
//! reason, so the app still starts, the user is told, and nothing is silently dropped. Writing
//! keeps the quarantined entries too. Export and import use the same text, so a round trip is
//! exact.

use crate::scenario::{Scenario, SCENARIO_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The storage schema this build writes.
pub const STORE_SCHEMA: u32 = 1;
/// The localStorage key.
pub const STORAGE_KEY: &str = "levcalc.saved.v1";
/// At most this many saved scenarios.
pub const MAX_SAVED: usize = 200;

/// One saved scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    pub name: String,
    #[serde(default)]
    pub saved_at: String,
    pub scenario: Scenario,
}

/// An entry that could not be read, kept as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    /// The entry's raw JSON text.
    pub raw: String,
    /// Why it could not be read.
    pub reason: String,
}

/// Everything in storage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Store {
    pub saved: Vec<Saved>,
    pub quarantine: Vec<Quarantined>,
}

#[derive(Serialize)]
struct Out<'a> {
    schema: u32,
    scenarios: Vec<Value>,
    #[serde(skip_serializing_if = "<[Quarantined]>::is_empty")]
    quarantine: &'a [Quarantined],
}

impl Store {
    /// Read stored text. `None` (nothing stored) gives an empty store.
    pub fn read(text: Option<&str>) -> Store {
        let Some(text) = text else {
            return Store::default();
        };
        let mut store = Store::default();
        let root: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                store.quarantine.push(Quarantined {
                    raw: truncate(text),
                    reason: format!("the saved data is not valid JSON ({e})"),
                });
                return store;
            }
        };
        let schema = root.get("schema").and_then(Value::as_u64).unwrap_or(0);
        if let Some(q) = root.get("quarantine").and_then(Value::as_array) {
            for item in q {
                if let Ok(item) = serde_json::from_value::<Quarantined>(item.clone()) {
                    store.quarantine.push(item);
                }
            }
        }
        let entries = root.get("scenarios").and_then(Value::as_array);
        match (schema, entries) {
            (s, Some(entries)) if s == u64::from(STORE_SCHEMA) => {
                for entry in entries {
                    match read_entry(entry) {
                        Ok(saved) => store.saved.push(saved),
                        Err(reason) => store.quarantine.push(Quarantined {
                            raw: truncate(&entry.to_string()),
                            reason,
                        }),
                    }
                }
            }
            (s, _) if s > u64::from(STORE_SCHEMA) => store.quarantine.push(Quarantined {
                raw: truncate(text),
                reason: format!(
                    "saved by a newer version of the calculator (storage schema {s}); kept aside"
                ),
            }),
            _ => store.quarantine.push(Quarantined {
                raw: truncate(text),
                reason: "the saved data has no readable list of scenarios".into(),
            }),
        }
        store
    }

    /// The text to store (and to export).
    pub fn write(&self) -> String {
        let out = Out {
            schema: STORE_SCHEMA,
            scenarios: self
                .saved
                .iter()
                .filter_map(|s| serde_json::to_value(s).ok())
                .collect(),
            quarantine: &self.quarantine,
        };
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// Save under `name`, replacing an entry of the same name.
    pub fn save(&mut self, name: &str, saved_at: &str, scenario: Scenario) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("Give the scenario a name.".into());
        }
        if name.chars().count() > 80 {
            return Err("Names are at most 80 characters.".into());
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

    /// Merge an imported file: its scenarios replace same-named ones; its unreadable entries
    /// are kept aside. Returns (imported, set aside).
    pub fn import(&mut self, text: &str) -> (usize, usize) {
        let other = Store::read(Some(text));
        let n = other.saved.len();
        let q = other.quarantine.len();
        for s in other.saved {
            let name = s.name.clone();
            self.saved.retain(|x| x.name != name);
            self.saved.push(s);
        }
        self.quarantine.extend(other.quarantine);
        (n, q)
    }
}

fn read_entry(entry: &Value) -> Result<Saved, String> {
    let saved: Saved = serde_path_to_error::deserialize(entry.clone())
        .map_err(|e| format!("field `{}`: {}", e.path(), e.inner()))?;
    if saved.scenario.version != SCENARIO_VERSION {
        return Err(format!(
            "scenario version {} is not readable by this version",
            saved.scenario.version
        ));
    }
    Ok(saved)
}

fn truncate(s: &str) -> String {
    s.chars().take(20_000).collect()
}
