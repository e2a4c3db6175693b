//! Lists read with a bound (other positions, bracket tiers): the element past the limit stops
//! the reading, in a scenario and in a share link's lists alike.

use super::{BracketSpec, OtherPosition};
use crate::limits::{MAX_BRACKETS, MAX_OTHER_POSITIONS};
use core::fmt;
use serde::{Deserialize, Deserializer};

/// A list read with a bound: the element past `N` stops the reading with an error naming the
/// limit, so a crafted list of 60,000 entries costs no more than one of `N + 1`.
#[derive(Debug)]
struct Bounded<T, const N: usize>(Vec<T>);

/// What a bounded list holds, for its error message.
trait Listed {
    const NOUN: &'static str;
}

impl Listed for OtherPosition {
    const NOUN: &'static str = "other positions";
}

impl Listed for BracketSpec {
    const NOUN: &'static str = "bracket tiers";
}

impl<'de, T: Deserialize<'de> + Listed, const N: usize> Deserialize<'de> for Bounded<T, N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const N: usize>(core::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Listed, const N: usize> serde::de::Visitor<'de> for V<T, N> {
            type Value = Bounded<T, N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {N} {}", T::NOUN)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    if out.len() >= N {
                        return Err(serde::de::Error::custom(format!(
                            "at most {N} {} are accepted; this list has more",
                            T::NOUN
                        )));
                    }
                    out.push(item);
                }
                Ok(Bounded(out))
            }
        }
        d.deserialize_seq(V::<T, N>(core::marker::PhantomData))
    }
}

pub(super) fn bounded_positions<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<OtherPosition>, D::Error> {
    Bounded::<OtherPosition, MAX_OTHER_POSITIONS>::deserialize(d).map(|b| b.0)
}

pub(super) fn bounded_brackets<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<BracketSpec>>, D::Error> {
    Option::<Bounded<BracketSpec, MAX_BRACKETS>>::deserialize(d).map(|o| o.map(|b| b.0))
}

/// Read a list of other positions (a share link's `op`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the limit's message.
pub fn positions_from_json(text: &str) -> Result<Vec<OtherPosition>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = bounded_positions(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Read a bracket table (a share link's `br`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the limit's message.
pub fn brackets_from_json(text: &str) -> Result<Vec<BracketSpec>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Bounded::<BracketSpec, MAX_BRACKETS>::deserialize(&mut de)?.0;
    de.end()?;
    Ok(v)
}
