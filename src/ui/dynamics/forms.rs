//! The panels' inputs, written as HTML with one delegated handler per panel.
//!
//! A few dozen typed input components cost the bundle far more than the same inputs as one
//! string: each form is described by [`Item`]s and drawn once with [`form_html`] from the
//! current [`DynForm`] (typing never redraws it, so the focus stays), and every `input`,
//! `change` and `click` inside a panel goes through [`apply_input`] and [`action`]. The
//! input error named by the panel's [`Bad`] is shown by [`sync_errors`], which only touches the
//! DOM. Everything except the two DOM helpers is plain and tested natively.

use super::plot::esc;
use super::state::{Bad, DynForm};
use super::{DLens, Dyn};
use leptos::prelude::*;
use std::time::Duration;

/// One form item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A text input: id (`dyn-<id>`), label, unit, hint.
    In(&'static str, &'static str, &'static str, &'static str),
    /// A select: id, label, (value, label) options.
    Sel(
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    ),
}

/// The [`DynForm`] field behind an input id.
pub fn lens_of(id: &str) -> Option<DLens> {
    use super::dl;
    Some(match id {
        "sigma" => dl!(sigma),
        "mu" => dl!(mu),
        "drag-days" => dl!(drag_days),
        "target-liq" => dl!(target_liq),
        "target-lev" => dl!(target_lev),
        "target-mr" => dl!(target_mr),
        "alert-mr" => dl!(alert_mr),
        "lim-risk" => dl!(lim_risk),
        "lim-lev" => dl!(lim_lev),
        "lim-notional" => dl!(lim_notional),
        "lim-tier" => dl!(lim_tier),
        "capital" => dl!(capital),
        "floor" => dl!(floor),
        "mult" => dl!(mult),
        "max-lev" => dl!(max_lev),
        "cppi-sigma" => dl!(cppi_sigma),
        "cppi-mu" => dl!(cppi_mu),
        "cppi-days" => dl!(cppi_days),
        "rebalance" => dl!(rebalance),
        "law" => dl!(law),
        "paths" => dl!(paths),
        "seed" => dl!(seed),
        "preset" => dl!(preset),
        "long-oi" => dl!(long_oi),
        "short-oi" => dl!(short_oi),
        "entry-from" => dl!(entry_from),
        "entry-to" => dl!(entry_to),
        "mix-5" => dl!(mix[0]),
        "mix-10" => dl!(mix[1]),
        "mix-25" => dl!(mix[2]),
        "mix-50" => dl!(mix[3]),
        "mix-100" => dl!(mix[4]),
        "cascade-mmr" => dl!(cascade_mmr),
        "depth" => dl!(depth),
        "impact" => dl!(impact),
        "shock" => dl!(shock),
        _ => return None,
    })
}

/// Inputs that describe the cascade's market (editing one turns the preset into "custom").
const MARKET: [&str; 12] = [
    "long-oi",
    "short-oi",
    "entry-from",
    "entry-to",
    "mix-5",
    "mix-10",
    "mix-25",
    "mix-50",
    "mix-100",
    "cascade-mmr",
    "depth",
    "impact",
];

/// One item as HTML, with the form's current value and an optional placeholder.
fn item_html(item: &Item, f: &DynForm, ph: &dyn Fn(&str) -> Option<String>) -> String {
    let value = |id: &str| lens_of(id).map(|l| (l.get)(f).clone()).unwrap_or_default();
    match *item {
        Item::In(id, label, unit, hint) => {
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(r#"<span class="unit">{}</span>"#, esc(unit))
            };
            let (hint_html, described) = if hint.is_empty() {
                (String::new(), format!("dyn-err-{id}"))
            } else {
                (
                    format!(r#"<p class="hint" id="dyn-hint-{id}">{}</p>"#, esc(hint)),
                    format!("dyn-hint-{id} dyn-err-{id}"),
                )
            };
            let placeholder = ph(id)
                .map(|p| format!(r#" placeholder="{}""#, esc(&p)))
                .unwrap_or_default();
            format!(
                r#"<div class="field"><label for="dyn-{id}">{}{unit}</label><input id="dyn-{id}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" data-testid="input-dyn-{id}" aria-describedby="{described}" value="{}"{placeholder}>{hint_html}<p class="error" id="dyn-err-{id}" role="alert" hidden></p></div>"#,
                esc(label),
                esc(&value(id))
            )
        }
        Item::Sel(id, label, opts) => {
            let cur = value(id);
            let options: String = opts
                .iter()
                .map(|(v, l)| {
                    format!(
                        r#"<option id="dyn-{id}-{v}" value="{v}"{}>{}</option>"#,
                        if *v == cur { " selected" } else { "" },
                        esc(l)
                    )
                })
                .collect();
            format!(
                r#"<div class="field"><label for="dyn-{id}">{}</label><select id="dyn-{id}" data-testid="select-dyn-{id}">{options}</select></div>"#,
                esc(label)
            )
        }
    }
}

/// Rows of items (each row a `<div class="row">`), with the form's current values.
pub fn form_html(rows: &[&[Item]], f: &DynForm) -> String {
    form_html_ph(rows, f, &|_| None)
}

/// [`form_html`] with placeholders (what a blank input means).
pub fn form_html_ph(rows: &[&[Item]], f: &DynForm, ph: &dyn Fn(&str) -> Option<String>) -> String {
    rows.iter()
        .map(|row| {
            let inner: String = row.iter().map(|i| item_html(i, f, ph)).collect();
            format!(r#"<div class="row">{inner}</div>"#)
        })
        .collect()
}

/// The planned adds as editable rows (ids `dyn-rung-<id>-price` / `-qty`).
pub fn rungs_html(f: &DynForm) -> String {
    let mut o = String::from(r#"<ul class="rung-list">"#);
    for (k, r) in f.rungs.iter().enumerate() {
        let n = k + 2;
        let id = r.id;
        o += &format!(
            r#"<li class="rung"><div class="field compact"><label for="dyn-rung-{id}-price">Rung {n} price</label><input id="dyn-rung-{id}-price" type="text" inputmode="decimal" autocomplete="off" data-testid="input-rung-{n}-price" value="{}"></div><div class="field compact"><label for="dyn-rung-{id}-qty">Rung {n} quantity</label><input id="dyn-rung-{id}-qty" type="text" inputmode="decimal" autocomplete="off" data-testid="input-rung-{n}-qty" value="{}"></div><button type="button" class="button icon" data-act="del-rung-{id}" aria-label="Remove rung {n}">×</button></li>"#,
            esc(&r.price),
            esc(&r.quantity)
        );
    }
    o += r#"</ul><button type="button" class="button secondary" data-act="add-rung" data-testid="add-rung">+ Add a rung</button>"#;
    o
}

/// What an input did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Not one of the panels' inputs.
    None,
    Set,
    /// A preset rewrote several inputs: write them into the page.
    Redraw,
    /// A market input changed the preset to "custom".
    Custom,
}

/// Apply the value of input `id` (without the `dyn-` prefix) to the form.
pub fn apply_input(f: &mut DynForm, id: &str, value: String) -> Applied {
    if let Some(rest) = id.strip_prefix("rung-") {
        let Some((num, part)) = rest.split_once('-') else {
            return Applied::None;
        };
        let Ok(rid) = num.parse::<u32>() else {
            return Applied::None;
        };
        let Some(r) = f.rungs.iter_mut().find(|r| r.id == rid) else {
            return Applied::None;
        };
        match part {
            "price" => r.price = value,
            "qty" => r.quantity = value,
            _ => return Applied::None,
        }
        return Applied::Set;
    }
    match id {
        "position" => {
            f.position = value.parse().unwrap_or(0);
            Applied::Set
        }
        "preset" if value != "custom" => {
            f.apply_preset(&value);
            Applied::Redraw
        }
        _ => {
            let Some(lens) = lens_of(id) else {
                return Applied::None;
            };
            *(lens.set)(f) = value;
            if MARKET.contains(&id) && f.preset != "custom" {
                f.preset = "custom".into();
                return Applied::Custom;
            }
            Applied::Set
        }
    }
}

/// The element an event happened on.
fn target(ev: &leptos::ev::Event) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The delegated `input` / `change` handler of a panel.
pub fn on_input(d: Dyn, ev: leptos::ev::Event) {
    let Some(el) = target(&ev) else { return };
    let id = el.id();
    let Some(key) = id.strip_prefix("dyn-") else {
        return;
    };
    let value = event_target_value(&ev);
    let mut applied = Applied::None;
    d.form.maybe_update(|f| {
        let same = match lens_of(key) {
            Some(l) => *(l.get)(f) == value,
            None => false,
        };
        if !same {
            applied = apply_input(f, key, value);
        }
        applied != Applied::None
    });
    match applied {
        // A preset rewrote the market: write the new values into the inputs in place (drawing
        // the form again would close "Edit the market" and move the focus).
        Applied::Redraw => d.form.with_untracked(|f| {
            for id in MARKET {
                set_value(id, lens_of(id).map(|l| (l.get)(f).as_str()).unwrap_or(""));
            }
        }),
        Applied::Custom => set_value("preset", "custom"),
        _ => {}
    }
}

/// Set the value of the input or select `dyn-<id>`.
fn set_value(id: &str, value: &str) {
    if let Some(el) = document().get_element_by_id(&format!("dyn-{id}")) {
        use wasm_bindgen::JsCast;
        let el = el.unchecked_into::<web_sys::HtmlInputElement>();
        if el.value() != value {
            el.set_value(value);
        }
    }
}

/// The `data-act` of the clicked button, if any.
pub fn action(ev: &leptos::ev::MouseEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("[data-act]").ok()??.get_attribute("data-act")
}

/// Show the error `bad` names under its input (and clear the others). The panel may still be
/// drawing in this turn, so the DOM is touched a moment later.
pub fn sync_errors(bad: impl Fn() -> Option<Bad> + 'static) {
    Effect::new(move |_| {
        let b = bad();
        set_timeout(
            move || {
                let doc = document();
                let Ok(list) = doc.query_selector_all(".dyn-panel .error[id^=dyn-err-]") else {
                    return;
                };
                for i in 0..list.length() {
                    use wasm_bindgen::JsCast;
                    let Some(p) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    else {
                        continue;
                    };
                    let id = p.id();
                    let Some(key) = id.strip_prefix("dyn-err-") else {
                        continue;
                    };
                    let msg = b.as_ref().filter(|b| b.id == key).map(|b| b.msg.as_str());
                    p.set_text_content(msg);
                    let input = doc.get_element_by_id(&format!("dyn-{key}"));
                    let _ = match msg {
                        Some(_) => p.remove_attribute("hidden"),
                        None => p.set_attribute("hidden", ""),
                    };
                    if let Some(input) = input {
                        let _ = match msg {
                            Some(_) => input.set_attribute("aria-invalid", "true"),
                            None => input.remove_attribute("aria-invalid"),
                        };
                        if let Some(field) = input.parent_element() {
                            let _ = field
                                .class_list()
                                .toggle_with_force("invalid", msg.is_some());
                        }
                    }
                }
            },
            Duration::ZERO,
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_has_a_field_and_a_label() {
        let f = DynForm {
            sigma: "60".into(),
            ..DynForm::default()
        };
        let rows: &[&[Item]] = &[&[
            Item::In("sigma", "Volatility σ", "% a year", ""),
            Item::Sel("law", "Model", &[("gbm", "GBM"), ("jumps", "Jumps")]),
        ]];
        let h = form_html(rows, &f);
        assert!(h.contains(
            r#"<label for="dyn-sigma">Volatility σ<span class="unit">% a year</span></label>"#
        ));
        assert!(h.contains(r#"id="dyn-sigma""#) && h.contains(r#"value="60""#));
        assert!(h.contains(r#"<option id="dyn-law-jumps" value="jumps" selected>Jumps</option>"#));
        let with_ph = form_html_ph(rows, &DynForm::default(), &|id| {
            (id == "sigma").then(|| "75".to_owned())
        });
        assert!(with_ph.contains(r#"value="" placeholder="75""#));
        for id in [
            "sigma",
            "mu",
            "drag-days",
            "capital",
            "floor",
            "mult",
            "max-lev",
            "paths",
            "seed",
            "shock",
            "depth",
            "mix-100",
            "lim-tier",
            "alert-mr",
        ] {
            assert!(lens_of(id).is_some(), "{id}");
        }
    }

    #[test]
    fn inputs_reach_the_form() {
        let mut f = DynForm::default();
        assert_eq!(apply_input(&mut f, "sigma", "80".into()), Applied::Set);
        assert_eq!(f.sigma, "80");
        assert_eq!(apply_input(&mut f, "nope", "1".into()), Applied::None);
        let id = f.rungs[0].id;
        assert_eq!(
            apply_input(&mut f, &format!("rung-{id}-qty"), "2".into()),
            Applied::Set
        );
        assert_eq!(f.rungs[0].quantity, "2");
        assert_eq!(apply_input(&mut f, "depth", "7".into()), Applied::Custom);
        assert_eq!(f.preset, "custom");
        assert_eq!(apply_input(&mut f, "depth", "8".into()), Applied::Set);
        assert_eq!(
            apply_input(&mut f, "preset", "thin-book".into()),
            Applied::Redraw
        );
        assert_eq!(f.depth, "5");
        assert_eq!(apply_input(&mut f, "position", "1".into()), Applied::Set);
        assert_eq!(f.position, 1);
    }

    #[test]
    fn rungs_are_escaped_and_numbered_from_two() {
        let mut f = DynForm::default();
        f.rungs[0].price = "<x>".into();
        let h = rungs_html(&f);
        assert!(h.contains("Rung 2 price") && h.contains("&lt;x&gt;"));
        assert!(h.contains(r#"data-act="add-rung""#));
    }
}
