//! The page's own state in a link, beside the scenario (issue 13 §5): the open dynamics tab,
//! the Monte Carlo settings of the risk panel and every input of the dynamics panels (what-ifs,
//! ladder rungs, limits, CPPI, cascade). The scenario's format (`v=1`, [`crate::share`]) is
//! unchanged: these are extra keys, `tab=account`, `r.<name>` for the risk panel and
//! `d.<name>` for the dynamics panels, each written only when it differs from the page's
//! default, so a link without them (every older link) opens as it always did.
//!
//! Values are text, as typed: the page parses them with its one parser and shows an error at
//! the input, as for a scenario field. A value longer than a number may be, an unknown key or
//! an unknown model is ignored and reported in the link's notice.

use crate::limits::MAX_NUMBER_CHARS;
use crate::ui::dynamics::state::{DynForm, RungRow};
use crate::ui::risk::params::{McKind, RiskForm};

/// The dynamics tabs, in order, as named in links.
pub const TABS: [&str; 4] = ["funding", "account", "cppi", "cascade"];

/// The page's sections, as named in links (`at=risk`): (key, label in the page's index, id
/// of the section's heading).
pub const SECTIONS: [(&str, &str, &str); 8] = [
    ("results", "Results", "results-title"),
    ("modes", "Target, max, open price", "modes-title"),
    ("chart", "PnL chart", "chart-title"),
    ("risk", "Risk", "risk-title"),
    ("dynamics", "Over time", "dyn-title"),
    ("compare", "Compare venues", "compare-title"),
    ("explain", "Formulas", "explain-title"),
    ("saved", "Saved", "saved-title"),
];

/// The most ladder rungs a link holds.
pub const MAX_RUNGS: usize = 20;

type RiskText = (
    &'static str,
    fn(&RiskForm) -> &String,
    fn(&mut RiskForm) -> &mut String,
);
type DynText = (
    &'static str,
    fn(&DynForm) -> &String,
    fn(&mut DynForm) -> &mut String,
);

/// The Monte Carlo settings, `r.<key>` (the model, `r.mc`, is written apart).
const RISK: &[RiskText] = &[
    ("df", |f| &f.mc_df, |f| &mut f.mc_df),
    ("jr", |f| &f.mc_jump_rate, |f| &mut f.mc_jump_rate),
    ("jm", |f| &f.mc_jump_mean, |f| &mut f.mc_jump_mean),
    ("js", |f| &f.mc_jump_std, |f| &mut f.mc_jump_std),
    ("paths", |f| &f.mc_paths, |f| &mut f.mc_paths),
    ("seed", |f| &f.mc_seed, |f| &mut f.mc_seed),
];

/// The dynamics panels' text inputs, `d.<key>` (the preset, rungs, mix and position apart).
const DYN: &[DynText] = &[
    ("sigma", |f| &f.sigma, |f| &mut f.sigma),
    ("mu", |f| &f.mu, |f| &mut f.mu),
    ("days", |f| &f.drag_days, |f| &mut f.drag_days),
    ("tliq", |f| &f.target_liq, |f| &mut f.target_liq),
    ("tlev", |f| &f.target_lev, |f| &mut f.target_lev),
    ("tmr", |f| &f.target_mr, |f| &mut f.target_mr),
    ("alert", |f| &f.alert_mr, |f| &mut f.alert_mr),
    ("lrisk", |f| &f.lim_risk, |f| &mut f.lim_risk),
    ("llev", |f| &f.lim_lev, |f| &mut f.lim_lev),
    ("lnot", |f| &f.lim_notional, |f| &mut f.lim_notional),
    ("ltier", |f| &f.lim_tier, |f| &mut f.lim_tier),
    ("cap", |f| &f.capital, |f| &mut f.capital),
    ("floor", |f| &f.floor, |f| &mut f.floor),
    ("mult", |f| &f.mult, |f| &mut f.mult),
    ("maxlev", |f| &f.max_lev, |f| &mut f.max_lev),
    ("csig", |f| &f.cppi_sigma, |f| &mut f.cppi_sigma),
    ("cmu", |f| &f.cppi_mu, |f| &mut f.cppi_mu),
    ("cdays", |f| &f.cppi_days, |f| &mut f.cppi_days),
    ("rebal", |f| &f.rebalance, |f| &mut f.rebalance),
    ("law", |f| &f.law, |f| &mut f.law),
    ("paths", |f| &f.paths, |f| &mut f.paths),
    ("seed", |f| &f.seed, |f| &mut f.seed),
    ("loi", |f| &f.long_oi, |f| &mut f.long_oi),
    ("soi", |f| &f.short_oi, |f| &mut f.short_oi),
    ("efrom", |f| &f.entry_from, |f| &mut f.entry_from),
    ("eto", |f| &f.entry_to, |f| &mut f.entry_to),
    ("cmmr", |f| &f.cascade_mmr, |f| &mut f.cascade_mmr),
    ("depth", |f| &f.depth, |f| &mut f.depth),
    ("impact", |f| &f.impact, |f| &mut f.impact),
    ("shock", |f| &f.shock, |f| &mut f.shock),
];

/// Is `key` one of this module's (kept out of the scenario)?
pub fn is_page_key(key: &str) -> bool {
    key == "tab" || key == "at" || key.starts_with("r.") || key.starts_with("d.")
}

fn push(q: &mut String, key: &str, value: &str) {
    q.push('&');
    q.push_str(key);
    q.push('=');
    q.push_str(&crate::share::percent_encode(value));
}

/// The state as link pairs (`&tab=account&r.mc=student-t&d.rg=3040:2,3080:2`): only what
/// differs from the defaults; the rungs and the account target only when the user set them
/// (not when they follow the trade).
pub fn query(risk: &RiskForm, dynamics: &DynForm, tab: usize, at: Option<usize>) -> String {
    let mut q = String::new();
    if let Some((name, _, _)) = at.and_then(|i| SECTIONS.get(i)) {
        push(&mut q, "at", name);
    }
    if let Some(name) = TABS.get(tab).filter(|_| tab != 0) {
        push(&mut q, "tab", name);
    }
    let r0 = RiskForm::default();
    if risk.mc_kind != r0.mc_kind {
        push(&mut q, "r.mc", risk.mc_kind.key());
    }
    for (key, get, _) in RISK {
        if get(risk) != get(&r0) {
            push(&mut q, &format!("r.{key}"), get(risk));
        }
    }
    let d0 = DynForm::default();
    if dynamics.preset != d0.preset {
        push(&mut q, "d.preset", &dynamics.preset);
    }
    let followed = &dynamics.trade_defaults;
    for (key, get, _) in DYN {
        let value = get(dynamics);
        let default = if *key == "tliq" && !followed.target_liq.is_empty() {
            &followed.target_liq
        } else {
            get(&d0)
        };
        if value != default {
            push(&mut q, &format!("d.{key}"), value);
        }
    }
    if dynamics.mix != d0.mix {
        push(&mut q, "d.mix", &dynamics.mix.join(":"));
    }
    if dynamics.position != 0 {
        push(&mut q, "d.pos", &dynamics.position.to_string());
    }
    // The rungs count as the user's unless they are what follows the trade (or, before the
    // trade was followed, the page's own defaults).
    let page_defaults: Vec<(String, String)> = d0
        .rungs
        .iter()
        .map(|r| (r.price.clone(), r.quantity.clone()))
        .collect();
    let follows = dynamics.rungs_are(&followed.rungs)
        || (followed.rungs.is_empty() && dynamics.rungs_are(&page_defaults));
    if !follows {
        let list: Vec<String> = dynamics
            .rungs
            .iter()
            .map(|r| format!("{}:{}", r.price, r.quantity))
            .collect();
        push(&mut q, "d.rg", &list.join(","));
    }
    q
}

/// What [`apply`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The tab to open (its index in [`TABS`]).
    pub tab: Option<usize>,
    /// The section to scroll to (its index in [`SECTIONS`]).
    pub at: Option<usize>,
    /// Keys whose values were left out (unknown key or value, too long).
    pub ignored: Vec<String>,
}

/// Write the link's page pairs into the risk and dynamics inputs. Values the user set in the
/// link are theirs: the rungs and account target no longer follow the trade.
pub fn apply(pairs: &[(String, String)], risk: &mut RiskForm, dynamics: &mut DynForm) -> Applied {
    let mut out = Applied::default();
    let mut bad = |k: &str| {
        if !out.ignored.iter().any(|x| x == k) {
            out.ignored.push(k.chars().take(40).collect());
        }
    };
    // The preset first: it fills the cascade's inputs, which the link may then change.
    if let Some((_, v)) = pairs.iter().rev().find(|(k, _)| k == "d.preset") {
        if crate::engine::cascade::presets().iter().any(|p| p.key == v) {
            dynamics.apply_preset(v);
        } else {
            bad("d.preset");
        }
    }
    let mut tab = None;
    let mut at = None;
    for (key, value) in pairs {
        let short = value.chars().count() <= MAX_NUMBER_CHARS;
        if key == "tab" {
            match TABS.iter().position(|t| t == value) {
                Some(i) => tab = Some(i),
                None => bad(key),
            }
        } else if key == "at" {
            match SECTIONS.iter().position(|(k, _, _)| k == value) {
                Some(i) => at = Some(i),
                None => bad(key),
            }
        } else if let Some(k) = key.strip_prefix("r.") {
            if k == "mc" {
                match McKind::from_key(value) {
                    Some(m) => risk.mc_kind = m,
                    None => bad(key),
                }
            } else if let Some((_, _, set)) = RISK.iter().find(|(n, _, _)| *n == k) {
                if short {
                    *set(risk) = value.clone();
                } else {
                    bad(key);
                }
            } else {
                bad(key);
            }
        } else if let Some(k) = key.strip_prefix("d.") {
            match k {
                "preset" => {}
                "mix" => {
                    let parts: Vec<&str> = value.split(':').collect();
                    if parts.len() == dynamics.mix.len()
                        && parts.iter().all(|p| p.chars().count() <= MAX_NUMBER_CHARS)
                    {
                        for (slot, p) in dynamics.mix.iter_mut().zip(parts) {
                            *slot = p.to_owned();
                        }
                    } else {
                        bad(key);
                    }
                }
                "pos" => match value.parse::<usize>() {
                    Ok(n) if n <= crate::limits::MAX_OTHER_POSITIONS => dynamics.position = n,
                    _ => bad(key),
                },
                "rg" => match read_rungs(value) {
                    Some(rows) => {
                        let n = u32::try_from(rows.len()).unwrap_or(0);
                        dynamics.rungs = rows
                            .into_iter()
                            .zip(1u32..)
                            .map(|((price, quantity), id)| RungRow {
                                id,
                                price,
                                quantity,
                            })
                            .collect();
                        dynamics.next_rung = n.saturating_add(1);
                        dynamics.pin_rungs();
                    }
                    None => bad(key),
                },
                _ => match DYN.iter().find(|(n, _, _)| *n == k) {
                    Some((name, _, set)) if short => {
                        *set(dynamics) = value.clone();
                        if *name == "tliq" {
                            dynamics.pin_target();
                        }
                    }
                    _ => bad(key),
                },
            }
        }
    }
    out.tab = tab;
    out.at = at;
    out
}

/// `price:size,price:size` (at most [`MAX_RUNGS`]; an empty list is no rungs).
fn read_rungs(value: &str) -> Option<Vec<(String, String)>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    let rows: Vec<&str> = value.split(',').collect();
    if rows.len() > MAX_RUNGS {
        return None;
    }
    rows.into_iter()
        .map(|row| {
            let (p, s) = row.split_once(':')?;
            (p.chars().count() <= MAX_NUMBER_CHARS && s.chars().count() <= MAX_NUMBER_CHARS)
                .then(|| (p.to_owned(), s.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn dec(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn pairs(q: &str) -> Vec<(String, String)> {
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), crate::share::percent_decode(v))
            })
            .collect()
    }

    /// The panels' defaults after following a 60,000 long with its stop at 57,000.
    fn following() -> DynForm {
        let mut d = DynForm::default();
        d.follow_trade(
            true,
            dec(60000),
            dec(1),
            Some(dec(54000)),
            Some(dec(57000)),
            false,
        );
        d
    }

    #[test]
    fn the_defaults_write_nothing() {
        assert_eq!(
            query(&RiskForm::default(), &DynForm::default(), 0, None),
            ""
        );
        // Rungs and target that follow the trade are not the user's: still nothing.
        let d = following();
        assert_eq!(query(&RiskForm::default(), &d, 0, None), "");
    }

    #[test]
    fn what_the_user_set_reads_back_whole() {
        let mut risk = RiskForm {
            mc_kind: McKind::StudentT,
            mc_df: "3".into(),
            mc_paths: "5000".into(),
            ..RiskForm::default()
        };
        let mut d = following();
        d.apply_preset("crowded-longs");
        d.preset = "crowded-longs".into();
        d.rungs[0].price = "58000".into();
        d.target_liq = "50000".into();
        d.lim_lev = "7".into();
        d.law = "t".into();
        d.mix[2] = "33".into();
        let q = query(&risk, &d, 1, Some(3));
        assert!(
            q.starts_with("&at=risk&tab=account&r.mc=student-t&r.df=3&r.paths=5000"),
            "{q}"
        );
        assert!(q.contains("d.rg=58000:0.5,"), "{q}");
        assert!(q.contains("d.tliq=50000"), "{q}");

        // Opened on a fresh page, the same inputs come back, and the trade no longer moves the
        // rungs or the target.
        let mut risk2 = RiskForm::default();
        let mut d2 = DynForm::default();
        let applied = apply(&pairs(&q), &mut risk2, &mut d2);
        assert_eq!(
            applied,
            Applied {
                tab: Some(1),
                at: Some(3),
                ignored: vec![]
            }
        );
        risk.mc_seed = risk2.mc_seed.clone();
        assert_eq!(risk2, risk);
        for (key, get, _) in DYN {
            assert_eq!(get(&d2), get(&d), "d.{key}");
        }
        assert_eq!(d2.mix, d.mix);
        let rungs = |f: &DynForm| {
            f.rungs
                .iter()
                .map(|r| (r.price.clone(), r.quantity.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(rungs(&d2), rungs(&d));
        let before = (rungs(&d2), d2.target_liq.clone());
        d2.follow_trade(
            false,
            dec(3000),
            dec(4),
            Some(dec(3150)),
            Some(dec(3120)),
            false,
        );
        assert_eq!(
            (rungs(&d2), d2.target_liq.clone()),
            before,
            "the link's values stay"
        );
    }

    #[test]
    fn bad_values_are_ignored_and_named() {
        let long = "9".repeat(MAX_NUMBER_CHARS + 1);
        let many = vec!["1:1"; MAX_RUNGS + 1].join(",");
        let q = format!(
            "tab=nope&at=footer&r.mc=cauchy&r.df={long}&r.x=1&d.rg={many}&d.mix=1:2&d.pos=x&d.preset=zz&d.bogus=1&d.tlev=6"
        );
        let mut risk = RiskForm::default();
        let mut d = DynForm::default();
        let a = apply(&pairs(&q), &mut risk, &mut d);
        assert_eq!(a.tab, None);
        assert_eq!(
            a.ignored,
            ["d.preset", "tab", "at", "r.mc", "r.df", "r.x", "d.rg", "d.mix", "d.pos", "d.bogus"]
        );
        assert_eq!(risk, RiskForm::default());
        assert_eq!(d.target_lev, "6", "a good value beside bad ones is kept");
        assert_eq!(d.rungs.len(), DynForm::default().rungs.len());
    }
}
