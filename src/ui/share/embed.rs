//! Embed mode, for an `<iframe>` in a lesson: `#…&embed=1&panels=form,liq,chart
//! &lock=entry,leverage&caption=…&accent=%23c00&bg=%23fff`. A compact page with the chosen
//! panels only, locked inputs (read-only or disabled, with a note; any input of the form, or
//! `all`), the lesson's caption, theme colours from the address (strictly `#rgb` or `#rrggbb`),
//! and its height posted to the parent (`{type: "levcalc:height", height}`) on every layout
//! change, so the frame fits without scrollbars. At narrow widths the liquidation price sits in
//! a bar at the top of the frame, so it is in the first screen whatever the form's length.

use super::link::{self, LinkNotice};
use super::web;
use crate::ui::{chart, compare, form, results, Ctx};
use leptos::prelude::*;

/// The panels an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Form,
    Liq,
    Results,
    Modes,
    Chart,
    Risk,
    Compare,
    Explain,
}

/// (panel, key in the address, label in the Embed dialog).
pub const PANELS: &[(Panel, &str, &str)] = &[
    (Panel::Form, "form", "Inputs"),
    (Panel::Liq, "liq", "Liquidation card"),
    (Panel::Results, "results", "All results"),
    (Panel::Modes, "modes", "Target, max open, open price"),
    (Panel::Chart, "chart", "PnL chart"),
    (Panel::Risk, "risk", "Liquidation risk"),
    (Panel::Compare, "compare", "Compare venues"),
    (Panel::Explain, "explain", "Formulas"),
];

/// Panels shown when the address names none.
const DEFAULT_PANELS: &[Panel] = &[Panel::Form, Panel::Results, Panel::Chart];

/// The longest caption kept, in characters.
pub const MAX_CAPTION: usize = 160;

/// (input, label): every input of the form, each of which a lesson can lock. The key is the
/// input's id (`data-testid="input-<key>"`, `select-<key>`, `combo-<key>`), read by
/// [`crate::ui::Ctx::locked`].
pub const LOCKABLE: &[(&str, &str)] = &[
    ("side", "Side"),
    ("venue", "Venue"),
    ("symbol", "Symbol"),
    ("contract", "Contract"),
    ("margin-mode", "Margin mode"),
    ("account", "Account"),
    ("entry", "Entry price"),
    ("mark", "Mark price"),
    ("size-mode", "Size by"),
    ("quantity", "Quantity"),
    ("notional", "Notional"),
    ("margin", "Margin"),
    ("equity", "Equity"),
    ("risk", "Risk"),
    ("leverage", "Leverage"),
    ("stop", "Stop"),
    ("target", "Target"),
    ("mmr", "Maintenance rate"),
    ("mm-amount", "Maintenance amount"),
    ("taker-fee", "Taker fee"),
    ("maker-fee", "Maker fee"),
    ("contract-size", "Contract size"),
    ("isolated-margin", "Isolated margin"),
    ("wallet-balance", "Wallet balance"),
    ("other-positions", "Other positions"),
];

/// Embed options read from the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedConfig {
    pub panels: Vec<Panel>,
    /// Locked inputs (keys of [`LOCKABLE`]); `all` locks the whole form.
    pub locks: Vec<&'static str>,
    pub all_locked: bool,
    pub accent: Option<String>,
    pub bg: Option<String>,
    pub text: Option<String>,
    /// The lesson's caption, shown above the calculator (plain text).
    pub caption: Option<String>,
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            panels: DEFAULT_PANELS.to_vec(),
            locks: Vec::new(),
            all_locked: false,
            accent: None,
            bg: None,
            text: None,
            caption: None,
        }
    }
}

/// A caption as kept: control characters dropped, spaces collapsed, at most
/// [`MAX_CAPTION`] characters; `None` when nothing is left.
pub fn caption(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let text: String = words.join(" ").chars().take(MAX_CAPTION).collect();
    (!text.is_empty()).then_some(text)
}

/// `#rgb` or `#rrggbb` (lower-cased), nothing else.
pub fn colour(s: &str) -> Option<String> {
    let hex = s.strip_prefix('#')?;
    ((hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| s.to_ascii_lowercase())
}

/// Black or white, whichever reads better on the colour (WCAG relative luminance).
fn text_on(colour: &str) -> &'static str {
    let hex = &colour[1..];
    let channel = |i: usize| -> f64 {
        let v = if hex.len() == 3 {
            u8::from_str_radix(&hex[i..=i], 16).unwrap_or(0) * 17
        } else {
            u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0)
        };
        let c = f64::from(v) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    // Contrast with black (l + 0.05) / 0.05 against with white 1.05 / (l + 0.05).
    if (l + 0.05) * (l + 0.05) > 0.0525 {
        "#000000"
    } else {
        "#ffffff"
    }
}

impl EmbedConfig {
    /// The options among the page's own keys; `None` unless `embed=1`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<EmbedConfig> {
        let get = |k: &str| pairs.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v);
        if !matches!(get("embed").map(String::as_str), Some("1" | "true")) {
            return None;
        }
        let mut c = EmbedConfig::default();
        if let Some(list) = get("panels") {
            let panels: Vec<Panel> = PANELS
                .iter()
                .filter(|(_, key, _)| list.split(',').any(|k| k.trim() == *key))
                .map(|(p, _, _)| *p)
                .collect();
            if !panels.is_empty() {
                c.panels = panels;
            }
        }
        if let Some(list) = get("lock") {
            c.all_locked = list.split(',').any(|k| k.trim() == "all");
            c.locks = LOCKABLE
                .iter()
                .filter(|(key, _)| list.split(',').any(|k| k.trim() == *key))
                .map(|(key, _)| *key)
                .collect();
        }
        c.accent = get("accent").and_then(|v| colour(v));
        c.bg = get("bg").and_then(|v| colour(v));
        c.text = get("text").and_then(|v| colour(v));
        c.caption = get("caption").and_then(|v| caption(v));
        Some(c)
    }

    /// The options as address pairs, `&embed=1&panels=…` (appended to the scenario's).
    pub fn to_query(&self) -> String {
        let mut q = String::from("&embed=1&panels=");
        let keys: Vec<&str> = PANELS
            .iter()
            .filter(|(p, _, _)| self.panels.contains(p))
            .map(|(_, k, _)| *k)
            .collect();
        q.push_str(&keys.join(","));
        if self.all_locked {
            q.push_str("&lock=all");
        } else if !self.locks.is_empty() {
            q.push_str("&lock=");
            q.push_str(&self.locks.join(","));
        }
        for (key, v) in [
            ("accent", &self.accent),
            ("bg", &self.bg),
            ("text", &self.text),
        ] {
            if let Some(v) = v {
                q.push_str(&format!("&{key}={}", crate::share::percent_encode(v)));
            }
        }
        if let Some(v) = &self.caption {
            q.push_str("&caption=");
            q.push_str(&crate::share::percent_encode(v));
        }
        q
    }

    pub fn has(&self, p: Panel) -> bool {
        self.panels.contains(&p)
    }

    /// The locks, as the page's inputs read them.
    pub fn locks(&self) -> crate::ui::Locks {
        crate::ui::Locks {
            all: self.all_locked,
            ids: self.locks.clone(),
        }
    }

    /// Labels of the locked inputs, for the note.
    fn lock_note(&self) -> Option<String> {
        if self.all_locked {
            return Some("The inputs are fixed for this lesson.".into());
        }
        let labels: Vec<&str> = LOCKABLE
            .iter()
            .filter(|(k, _)| self.locks.contains(k))
            .map(|(_, l)| *l)
            .collect();
        (!labels.is_empty()).then(|| format!("Locked for this lesson: {}.", labels.join(", ")))
    }
}

/// Text for an HTML attribute value: the page's one escaper.
use crate::ui::escape::escape as attr;

/// The HTML to paste into a page: the frame and the script that sizes it from its messages.
/// The frame's title is the lesson's caption when it has one.
pub fn snippet(src: &str, caption: Option<&str>) -> String {
    let title = caption.unwrap_or("Leverage and liquidation calculator");
    format!(
        r#"<iframe src="{}" title="{}" style="width:100%;height:520px;border:0" loading="lazy"></iframe>
<script>
  // Fit the frame to its content: the calculator posts its height on every layout change.
  addEventListener("message", function (e) {{
    var d = e.data;
    if (!d || d.type !== "levcalc:height" || typeof d.height !== "number") return;
    document.querySelectorAll("iframe").forEach(function (f) {{
      if (f.contentWindow === e.source) f.style.height = Math.min(Math.max(d.height, 100), 10000) + "px";
    }});
  }});
</script>"#,
        attr(src),
        attr(title)
    )
}

/// Only the liquidation figure, large (when the full results are not shown).
#[component]
fn LiquidationCard(ctx: Ctx) -> impl IntoView {
    let fig = Memo::new(move |_| {
        ctx.eval.with(|e| match e {
            Ok(e) => {
                let quote = ctx.units.with(|u| u.quote.clone());
                let r = &e.report;
                match r.liquidation_price {
                    Some(p) => (
                        p.normalize().to_string(),
                        format!("{} {quote}", crate::ui::format::price(p)),
                        r.liquidation_distance
                            .map(|d| format!("{} from entry", crate::ui::format::percent(d, 2)))
                            .unwrap_or_default(),
                    ),
                    None => (
                        String::new(),
                        "None".into(),
                        "No price liquidates this position.".into(),
                    ),
                }
            }
            Err(err) => (String::new(), "—".into(), crate::ui::message(err)),
        })
    });
    view! {
        <section class="card embed-liq" aria-label="Liquidation">
            <p class="embed-liq-label">"Liquidation price"</p>
            <p
                class="embed-liq-value"
                data-testid="result-liquidation-price"
                data-value=move || fig.with(|f| f.0.clone())
            >
                {move || fig.with(|f| f.1.clone())}
            </p>
            <p class="detail">{move || fig.with(|f| f.2.clone())}</p>
        </section>
    }
}

/// The embed page: compact, chosen panels only.
#[component]
pub fn Embed() -> impl IntoView {
    let ctx = Ctx::new();
    let (notice, config) = link::start(ctx);
    let c = config.unwrap_or_default();
    if let Some(a) = &c.accent {
        for name in ["--accent", "--focus", "--chart-curve"] {
            web::set_root_style(name, a);
        }
        web::set_root_style("--accent-text", text_on(a));
    }
    if let Some(bg) = &c.bg {
        web::set_root_style("--bg", bg);
    }
    if let Some(t) = &c.text {
        web::set_root_style("--text", t);
    }
    ctx.locks.set(c.locks());
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            web::report_height(el.into());
        }
    });
    let open_full = move || {
        link::link_at(ctx, &web::sibling_url(""), "")
            .and_then(Result::ok)
            .unwrap_or_else(|| web::sibling_url(""))
    };
    let note = c.lock_note();
    let with_form = c.has(Panel::Form);
    let caption = c.caption.clone();
    view! {
        <div class="embed" class:with-form=with_form node_ref=root>
            {caption.map(|t| view! { <p class="embed-caption" data-testid="embed-caption">{t}</p> })}
            <LinkNotice notice=notice />
            // Narrow frames: the liquidation price first, above the form (issue 13 §4).
            {with_form.then(|| view! { <results::SummaryBar ctx=ctx top=true /> })}
            <div class="embed-layout">
                {with_form
                    .then(|| {
                        view! {
                            <div class="embed-inputs">
                                {note.map(|n| view! { <p class="lock-note" data-testid="lock-note">{n}</p> })}
                                <form::TradeForm ctx=ctx />
                            </div>
                        }
                    })}
                <div class="output">
                    {(c.has(Panel::Liq) && !c.has(Panel::Results))
                        .then(|| view! { <LiquidationCard ctx=ctx /> })}
                    {c.has(Panel::Results).then(|| view! { <results::Results ctx=ctx /> })}
                    {c.has(Panel::Modes).then(|| view! { <crate::ui::modes::Modes ctx=ctx /> })}
                    {c.has(Panel::Chart).then(|| view! { <chart::PnlChart ctx=ctx /> })}
                    {c.has(Panel::Risk).then(|| view! { <crate::ui::risk::RiskPanel ctx=ctx /> })}
                    {c.has(Panel::Compare).then(|| view! { <compare::CompareVenues ctx=ctx /> })}
                    {c.has(Panel::Explain).then(|| view! { <super::explain::ExplainPanel ctx=ctx /> })}
                </div>
            </div>
            <p class="embed-credit">
                <a href=open_full target="_blank" rel="noopener">
                    "Open in levcalc"
                </a>
                " · computed in your browser, nothing is sent"
            </p>
        </div>
    }
}
