//! The dynamics panels' inputs as types: [`DField`] names each input (its element id and its
//! [`DynForm`] text follow from one list, so a typo does not compile), [`Bad`] is the error
//! that blames one, and [`DynForm::set_field`] writes one with the cascade's preset rule.

use super::state::DynForm;

/// `dfields! { Variant = "id" => (field path) … }`: the enum, its ids and its lenses from one
/// list, so an input, its element id and its [`DynForm`] text cannot disagree.
macro_rules! dfields {
    ($($v:ident = $id:literal => ($($f:tt)+)),* $(,)?) => {
        /// One input of the dynamics panels (the ladder's rungs are edited by their own rows).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum DField {
            $($v),*
        }

        impl DField {
            /// Every input, for tests.
            #[cfg(test)]
            pub const ALL: &'static [DField] = &[$(DField::$v),*];

            /// The element id suffix: the input is `dyn-<id>`, its error `dyn-err-<id>`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(DField::$v => $id),*
                }
            }

            /// The [`DynForm`] text the input edits.
            pub fn lens(self) -> super::DLens {
                match self {
                    $(DField::$v => super::dl!($($f)+)),*
                }
            }
        }
    };
}

dfields! {
    Sigma = "sigma" => (sigma),
    Mu = "mu" => (mu),
    DragDays = "drag-days" => (drag_days),
    TargetLiq = "target-liq" => (target_liq),
    TargetLev = "target-lev" => (target_lev),
    TargetMr = "target-mr" => (target_mr),
    AlertMr = "alert-mr" => (alert_mr),
    LimRisk = "lim-risk" => (lim_risk),
    LimLev = "lim-lev" => (lim_lev),
    LimNotional = "lim-notional" => (lim_notional),
    LimTier = "lim-tier" => (lim_tier),
    Capital = "capital" => (capital),
    Floor = "floor" => (floor),
    Mult = "mult" => (mult),
    MaxLev = "max-lev" => (max_lev),
    CppiSigma = "cppi-sigma" => (cppi_sigma),
    CppiMu = "cppi-mu" => (cppi_mu),
    CppiDays = "cppi-days" => (cppi_days),
    Rebalance = "rebalance" => (rebalance),
    Law = "law" => (law),
    Paths = "paths" => (paths),
    Seed = "seed" => (seed),
    Preset = "preset" => (preset),
    LongOi = "long-oi" => (long_oi),
    ShortOi = "short-oi" => (short_oi),
    EntryFrom = "entry-from" => (entry_from),
    EntryTo = "entry-to" => (entry_to),
    Mix5 = "mix-5" => (mix[0]),
    Mix10 = "mix-10" => (mix[1]),
    Mix25 = "mix-25" => (mix[2]),
    Mix50 = "mix-50" => (mix[3]),
    Mix100 = "mix-100" => (mix[4]),
    CascadeMmr = "cascade-mmr" => (cascade_mmr),
    Depth = "depth" => (depth),
    Impact = "impact" => (impact),
    Shock = "shock" => (shock),
}

impl DField {
    /// The inputs that describe the cascade's market: editing one turns the preset into
    /// "custom".
    pub const fn is_market(self) -> bool {
        use DField::*;
        matches!(
            self,
            LongOi
                | ShortOi
                | EntryFrom
                | EntryTo
                | Mix5
                | Mix10
                | Mix25
                | Mix50
                | Mix100
                | CascadeMmr
                | Depth
                | Impact
        )
    }
}

/// An input to blame and the message for it: the page's one field-error shape for the
/// dynamics panels (the main form's is the engine's `CalcError` for its `Field`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub field: DField,
    pub msg: String,
}

impl DynForm {
    /// Write `value` into `field`; `false` when it already holds it. A preset other than
    /// "custom" rewrites the market inputs; editing a market input makes the preset "custom".
    pub fn set_field(&mut self, field: DField, value: String) -> bool {
        let lens = field.lens();
        if *(lens.get)(self) == value {
            return false;
        }
        if field == DField::Preset && value != "custom" {
            self.apply_preset(&value);
            return true;
        }
        *(lens.set)(self) = value;
        if field.is_market() && self.preset != "custom" {
            self.preset = "custom".into();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_own_id_and_text() {
        let mut seen = std::collections::HashSet::new();
        for &f in DField::ALL {
            assert!(seen.insert(f.id()), "{} twice", f.id());
            // Each lens reaches its own text: writing through one changes no other field.
            let mut form = DynForm::default();
            *(f.lens().set)(&mut form) = "\u{1}marker".into();
            for &g in DField::ALL {
                let v = (g.lens().get)(&form) == "\u{1}marker";
                assert_eq!(v, f == g, "{} wrote {}", f.id(), g.id());
            }
        }
        assert_eq!(DField::ALL.len(), 36);
    }

    #[test]
    fn inputs_reach_the_form() {
        let mut f = DynForm::default();
        assert!(f.set_field(DField::Sigma, "80".into()));
        assert_eq!(f.sigma, "80");
        assert!(
            !f.set_field(DField::Sigma, "80".into()),
            "the same text is no change"
        );
        assert!(f.set_field(DField::Depth, "7".into()));
        assert_eq!(f.preset, "custom", "editing the market makes it custom");
        assert!(f.set_field(DField::Preset, "thin-book".into()));
        assert_eq!((f.depth.as_str(), f.preset.as_str()), ("5", "thin-book"));
        assert!(f.set_field(DField::Shock, "-7".into()));
        assert_eq!(f.preset, "thin-book", "the shock is not the market");
        assert!(f.set_field(DField::Preset, "custom".into()));
        assert_eq!((f.depth.as_str(), f.preset.as_str()), ("5", "custom"));
    }
}
