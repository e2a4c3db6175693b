//! Share, embed, keep, go offline, and explain every figure.
//!
//! - [`link`]: the scenario in the address (`#v=1&…`), read on start, rewritten on change.
//! - [`ShareBar`]: "Copy link", the "Embed" dialog, "Download for offline use".
//! - [`saved`]: saved scenarios in localStorage (compare, export, import, kept-aside entries).
//! - [`embed`]: the compact page for iframes, with its height posted to the parent.
//! - [`explain`]: every figure's formula with the user's own numbers.
//!
//! The pure parts (link reading, embed options, the snippet, `FormValues::from_scenario`) are
//! tested natively below; the browser parts in `tests/e2e/specs/share.test.mjs`.

mod dialog;
mod embed;
mod explain;
mod link;
pub mod page_state;
mod saved;
pub(crate) mod web;

pub use embed::Embed;
pub use explain::ExplainPanel;
pub use link::{opening_venue, start, LinkNotice};
pub use saved::SavedPanel;

use crate::share::MAX_LINK_LEN;
use embed::{EmbedConfig, LOCKABLE, PANELS};
use leptos::prelude::*;

use super::Ctx;

/// True when the address asks for embed mode (`embed=1`).
pub fn embedded() -> bool {
    let (hash, search) = web::hash_and_search();
    link::embed_options(&hash, &search).is_some() || web::is_frame_page()
}

/// What to say when the trade is too large for a link of at most [`MAX_LINK_LEN`] characters.
fn too_long_text(n: usize) -> String {
    format!(
        "This trade is too large for a link ({} characters; a link holds at most {}): save it \
         under Saved scenarios or export it as a file.",
        crate::ui::format::fixed(rust_decimal::Decimal::from(n), 0),
        crate::ui::format::fixed(rust_decimal::Decimal::from(MAX_LINK_LEN), 0)
    )
}

/// The page's share and keep actions: copy the link, embed, download the offline copy.
#[component]
pub fn ShareBar(ctx: Ctx) -> impl IntoView {
    let status = RwSignal::new(String::new());
    // The link to paste by hand when the clipboard is not available.
    let manual = RwSignal::new(None::<String>);
    let copy = move |_| {
        let url = match link::link_to(ctx, "") {
            None => {
                status
                    .set("Fix the highlighted input first: the link carries valid trades.".into());
                return;
            }
            Some(Err(n)) => {
                status.set(too_long_text(n));
                return;
            }
            Some(Ok(url)) => url,
        };
        let u = url.clone();
        web::copy_text(&url, move |ok| {
            if ok {
                manual.set(None);
                status.set("Link copied.".into());
            } else {
                manual.set(Some(u));
                status.set("Copy this link:".into());
            }
        });
    };
    // The trade as a saved-scenarios file of one entry ("Import a JSON file" reads it back).
    let export_trade = move |_| {
        let Ok(scenario) = ctx.scenario.get_untracked() else {
            return;
        };
        let mut one = crate::storage::Store::default();
        if one.save("This trade", &web::now_iso(), scenario).is_ok()
            && web::download("levcalc-trade.json", &one.write(), "application/json").is_err()
        {
            status.set("The browser did not allow the download.".into());
        }
    };
    let embed_open = RwSignal::new(false);
    let embed_built =
        Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || embed_open.get());
    let from_disk = web::base_url(true).starts_with("file:");
    view! {
        <section class="share-bar" aria-label="Share and keep">
            <div class="share-actions">
                <button type="button" class="button secondary" data-testid="copy-link" on:click=copy>
                    "Copy link"
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="open-embed"
                    on:click=move |_| embed_open.set(true)
                >
                    "Embed…"
                </button>
                {(!from_disk)
                    .then(|| {
                        view! {
                            <a
                                class="button link-button"
                                href="offline.html"
                                download="levcalc-offline.html"
                                data-testid="offline-link"
                            >
                                "Download for offline use"
                            </a>
                        }
                    })}
            </div>
            <p class="hint share-hint">
                {if from_disk {
                    "This is the offline copy: it runs from your disk with no server and no network."
                } else {
                    "The link holds the whole trade. The offline copy is one HTML file that runs from your disk; this page also installs as an app (your browser's Install or Add to Home screen) and then works offline."
                }}
            </p>
            <p class="status-line" role="status" data-testid="share-status">
                {move || status.get()}
            </p>
            {move || {
                ctx.link_too_long
                    .get()
                    .map(|n| {
                        view! {
                            <div class="link-too-long" role="status" data-testid="link-too-long">
                                <p>
                                    {too_long_text(n)}
                                    " The address no longer carries it, so a reload opens the example trade."
                                </p>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="export-scenario"
                                    on:click=export_trade
                                >
                                    "Export this trade as a file"
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                manual
                    .get()
                    .map(|u| {
                        view! {
                            <input
                                class="manual-link"
                                type="text"
                                readonly
                                aria-label="Link to this trade"
                                prop:value=u
                            />
                        }
                    })
            }}
            // Built the first time it is opened, not with the page (issue 14), then kept with its
            // choices.
            {move || embed_built.get().then(|| view! { <EmbedDialog ctx=ctx open=embed_open /> })}
        </section>
    }
}

/// Checkboxes choosing keys from `options` ((key, label)); `chosen` holds the checked keys.
fn checkboxes(
    prefix: &'static str,
    options: &[(&'static str, &'static str)],
    chosen: RwSignal<Vec<&'static str>>,
) -> impl IntoView {
    options
        .iter()
        .map(|&(key, label)| {
            let id = format!("{prefix}-{key}");
            let for_id = id.clone();
            view! {
                <label class="check" for=for_id>
                    <input
                        type="checkbox"
                        id=id
                        checked=chosen.with_untracked(|c| c.contains(&key))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen
                                .update(|c| {
                                    c.retain(|x| *x != key);
                                    if on {
                                        c.push(key);
                                    }
                                })
                        }
                    />
                    {label}
                </label>
            }
        })
        .collect_view()
}

/// Builds the iframe snippet for the current scenario, with panel, lock and colour choices.
#[component]
fn EmbedDialog(ctx: Ctx, open: RwSignal<bool>) -> impl IntoView {
    // The inputs are on by default: a lesson lets students change what is not locked.
    let panels = RwSignal::new(vec!["form", "liq", "chart"]);
    let locks = RwSignal::new(Vec::new());
    let accent = RwSignal::new(String::new());
    let caption = RwSignal::new(String::new());
    let src = Memo::new(move |_| {
        // The choices read back through the address parser: one canonical form.
        let pairs = [
            ("embed", "1".to_owned()),
            ("panels", panels.get().join(",")),
            ("lock", locks.get().join(",")),
            ("accent", accent.get()),
            ("caption", caption.get()),
        ]
        .map(|(k, v)| (k.to_owned(), v));
        let query = EmbedConfig::from_pairs(&pairs)
            .map(|c| c.to_query())
            .unwrap_or_default();
        // Other sites frame `frame.html`: the app page itself refuses to be framed.
        link::link_at(ctx, &web::sibling_url("frame.html"), &query)
            .and_then(Result::ok)
            .unwrap_or_default()
    });
    let snippet = Memo::new(move |_| {
        let caption = embed::caption(&caption.get());
        embed::snippet(&src.get(), caption.as_deref())
    });
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        web::copy_text(&snippet.get_untracked(), move |ok| {
            status.set(
                if ok {
                    "Snippet copied."
                } else {
                    "Select the snippet and copy it."
                }
                .into(),
            )
        });
    };
    let panel_options: Vec<(&'static str, &'static str)> =
        PANELS.iter().map(|&(_, key, label)| (key, label)).collect();
    let lock_options: Vec<(&'static str, &'static str)> = std::iter::once(("all", "Every input"))
        .chain(LOCKABLE.iter().copied())
        .collect();
    view! {
        <dialog::Dialog open=open title="Embed this calculator" id="embed-dialog">
            <p class="hint">
                "Paste the snippet into your page: the frame shows this trade with the panels you pick, and resizes itself to fit. "
                <a href="public/embed.html" target="_blank" rel="noopener">
                    "More about embedding, and the JavaScript API"
                </a>
            </p>
            <fieldset class="embed-choices">
                <legend>"Panels"</legend>
                {checkboxes("embed-panel", &panel_options, panels)}
            </fieldset>
            <fieldset class="embed-choices locks">
                <legend>"Lock for a lesson"</legend>
                {checkboxes("embed-lock", &lock_options, locks)}
            </fieldset>
            <div class="field">
                <label for="f-embed-caption">"Caption"</label>
                <input
                    id="f-embed-caption"
                    type="text"
                    maxlength=embed::MAX_CAPTION
                    placeholder="e.g. Lesson 3: how leverage moves the liquidation price"
                    data-testid="embed-caption-input"
                    on:input=move |ev| caption.set(event_target_value(&ev))
                />
            </div>
            <div class="field embed-colour">
                <label for="f-embed-accent">"Accent colour"</label>
                <input
                    id="f-embed-accent"
                    type="color"
                    value="#1b5cc4"
                    on:input=move |ev| accent.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="f-embed-snippet">"Snippet"</label>
                <textarea id="f-embed-snippet" readonly rows="8" data-testid="embed-snippet" prop:value=move || snippet.get()></textarea>
            </div>
            <div class="share-actions">
                <button type="button" class="button secondary" on:click=copy>
                    "Copy snippet"
                </button>
                <a class="button link-button" href=move || src.get() target="_blank" rel="noopener">
                    "Preview"
                </a>
                <span role="status">{move || status.get()}</span>
            </div>
        </dialog::Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::embed::{colour, snippet, EmbedConfig, Panel};
    use super::link::open;
    use crate::engine::venues::Venue;
    use crate::scenario::{MarginModeName, SideName};
    use crate::share::encode;
    use crate::ui::state::{ContractName, FormValues, RiskUnit, SizeMode};
    use rust_decimal::Decimal;

    fn round_trip(f: &FormValues) {
        let s = f.to_scenario().unwrap();
        assert_eq!(&FormValues::from_scenario(&s), f, "{s:?}");
        // And through a link.
        let opened = open(&format!("#{}", encode(&s)), "");
        assert_eq!(opened.form.as_ref(), Some(f));
        assert_eq!(opened.notice, None);
    }

    #[test]
    fn from_scenario_inverts_to_scenario() {
        round_trip(&FormValues::default());
        round_trip(&FormValues {
            side: SideName::Short,
            stop: String::new(),
            target: "52000".into(),
            mark: "60500".into(),
            taker_fee: String::new(),
            isolated_margin: "3500".into(),
            leverage: "25".into(),
            funding_rate: "0.01".into(),
            funding_interval: "4".into(),
            holding_hours: "72".into(),
            ..FormValues::default()
        });
        for mode in [SizeMode::Notional, SizeMode::Margin, SizeMode::Risk] {
            round_trip(&FormValues {
                size_mode: mode,
                ..FormValues::default()
            });
        }
        round_trip(&FormValues {
            size_mode: SizeMode::Risk,
            risk_unit: RiskUnit::Amount,
            risk: "150".into(),
            ..FormValues::default()
        });
        for v in [Venue::BinanceUsdm, Venue::BinanceCoinm, Venue::Hyperliquid] {
            let mut f = FormValues::default();
            f.set_venue(v, Some(Decimal::from(30_000)));
            round_trip(&f);
            f.mm_override = true;
            f.mmr = "0.65".into();
            f.mm_amount = "12".into();
            round_trip(&f);
        }
        let mut f = FormValues {
            margin_mode: MarginModeName::Cross,
            ..FormValues::default()
        };
        f.add_other();
        f.add_other();
        f.others[1].mmr = "1.5".into();
        f.others[1].side = SideName::Long;
        round_trip(&f);
        // Custom: the user picks the contract type.
        let mut f = FormValues {
            venue: Venue::Custom,
            ..FormValues::default()
        };
        f.set_contract(ContractName::Inverse, Some(Decimal::from(30_000)));
        round_trip(&f);
        // Bybit's account: carried by the link (`acct`) only when not the default.
        for v in [Venue::BybitLinear, Venue::BybitInverse] {
            let mut f = FormValues::default();
            f.set_venue(v, Some(Decimal::from(30_000)));
            round_trip(&f);
            assert!(!encode(&f.to_scenario().unwrap()).contains("acct"));
            f.set_account("uta");
            round_trip(&f);
            assert!(encode(&f.to_scenario().unwrap()).contains("&acct=uta"));
        }
    }

    #[test]
    fn a_link_keeps_text_that_is_not_a_number_for_the_page_to_report() {
        let opened = open("#v=1&entry=abc&tf=x", "");
        let f = opened.form.unwrap();
        assert_eq!(f.entry, "abc");
        assert_eq!(f.taker_fee, "x");
    }

    #[test]
    fn links_without_a_fragment_are_read_from_the_query() {
        let o = open("", "?entry=61000&lev=5");
        assert!(o.from_search);
        let f = o.form.unwrap();
        assert_eq!((f.entry.as_str(), f.leverage.as_str()), ("61000", "5"));
        // An in-page anchor is not a link.
        assert_eq!(open("#results", ""), Default::default());
        assert_eq!(open("", "?nosw"), Default::default());
    }

    #[test]
    fn newer_malformed_and_hostile_links_give_a_notice_and_no_form() {
        for bad in [
            "#v=2&entry=1".to_owned(),
            "#v=x".to_owned(),
            "#venue=%3Cscript%3Ealert(1)%3C/script%3E".to_owned(),
            format!("#entry={}", "9".repeat(100_000)),
            format!("#entry={}", "1".repeat(200)),
            "#op=%5B%7B%22side%22".to_owned(),
        ] {
            let o = open(&bad, "");
            assert_eq!(o.form, None, "{bad:.60}");
            let n = o.notice.expect("a notice");
            assert!(n.error);
            assert!(n.lines.iter().all(|l| l.chars().count() <= 241));
        }
        let o = open("#v=2&entry=1", "");
        assert!(o.notice.unwrap().lines[0].contains("newer version"));
    }

    #[test]
    fn a_link_carries_the_panels_state_beside_the_scenario() {
        let o = open(
            "#v=1&venue=bybit-linear&sym=ETHUSDT&side=short&entry=3000&qty=4&lev=15&stop=3120\
             &tab=account&r.mc=student-t&r.df=3&d.rg=3040:2,3080:1&d.shock=-8",
            "",
        );
        assert_eq!(
            o.notice, None,
            "page keys are neither scenario fields nor ignored"
        );
        let form = o.form.unwrap();
        assert_eq!(form.entry, "3000");
        assert_eq!(form.risk_model.mc_kind.key(), "student-t");
        assert_eq!(form.risk_model.mc_df, "3");
        let (d, applied) = o.dynamics.unwrap();
        assert_eq!(applied.tab, Some(1));
        assert_eq!(d.shock, "-8");
        let rungs: Vec<(&str, &str)> = d
            .rungs
            .iter()
            .map(|r| (r.price.as_str(), r.quantity.as_str()))
            .collect();
        assert_eq!(rungs, [("3040", "2"), ("3080", "1")]);
        // A bad page value is named, the rest of the link still opens.
        let o = open("#v=1&entry=61000&tab=nowhere&r.mc=x", "");
        assert_eq!(o.form.unwrap().entry, "61000");
        let n = o.notice.unwrap();
        assert!(!n.error);
        assert!(n.lines[0].contains("tab, r.mc"), "{:?}", n.lines);
        // An old link has no page keys: the panels keep their defaults.
        assert_eq!(open("#v=1&entry=61000", "").dynamics, None);
    }

    #[test]
    fn unknown_keys_are_listed_and_old_links_say_they_were_migrated() {
        let o = open("#v=0&%3Cscript%3E=1&entry=61000&%25%25=2", "");
        let n = o.notice.unwrap();
        assert!(!n.error);
        assert!(n.lines[0].contains("earlier version"), "{n:?}");
        assert!(n.lines[1].contains("<script>"), "{n:?}");
        assert_eq!(o.form.unwrap().entry, "61000");
        // A field the form has no input for is reported, not silently dropped.
        let o = open("#entry=61000&liq=maker&step=0.001", "");
        let n = o.notice.unwrap();
        assert!(n.lines[0].contains("entry_liquidity"), "{n:?}");
        assert!(n.lines[0].contains("quantity_step"), "{n:?}");
    }

    #[test]
    fn embed_options_are_read_from_the_address_and_kept_out_of_the_scenario() {
        let o = open(
            "#v=1&entry=61000&embed=1&panels=liq,chart,bogus&lock=entry,leverage,%3Cx%3E&accent=%23C00&bg=red&text=%23112233",
            "",
        );
        assert_eq!(o.notice, None, "embed keys are not reported as ignored");
        let c = o.embed.unwrap();
        assert_eq!(c.panels, vec![Panel::Liq, Panel::Chart]);
        assert_eq!(c.locks, vec!["entry", "leverage"]);
        assert_eq!(c.accent.as_deref(), Some("#c00"));
        assert_eq!(c.bg, None, "named colours are refused");
        assert_eq!(c.text.as_deref(), Some("#112233"));
        assert_eq!(
            c.to_query(),
            "&embed=1&panels=liq,chart&lock=entry,leverage&accent=%23c00&text=%23112233"
        );
        // Read back the same.
        let again = open(&format!("#entry=1{}", c.to_query()), "")
            .embed
            .unwrap();
        assert_eq!(again, c);
        // Without embed=1 nothing applies; with no valid panel the defaults do.
        assert_eq!(open("#panels=liq", "").embed, None);
        assert_eq!(
            open("#embed=1&panels=nope", "").embed,
            Some(EmbedConfig::default())
        );
    }

    #[test]
    fn colours_are_strictly_hex() {
        for ok in ["#abc", "#A0b1C2"] {
            assert!(colour(ok).is_some(), "{ok}");
        }
        for bad in [
            "abc",
            "#abcd",
            "#ggg",
            "red",
            "#fff;background:url(x)",
            "#12345",
            "",
            "#",
            "rgb(0,0,0)",
        ] {
            assert_eq!(colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_lesson_caption_and_every_lock_travel_in_the_address() {
        let c = EmbedConfig {
            caption: super::embed::caption("  Lesson 3:\n leverage & <b>liquidation</b>\u{7}  "),
            locks: super::embed::LOCKABLE.iter().map(|(k, _)| *k).collect(),
            ..EmbedConfig::default()
        };
        assert_eq!(
            c.caption.as_deref(),
            Some("Lesson 3: leverage & <b>liquidation</b>"),
            "control characters and runs of spaces go"
        );
        let q = c.to_query();
        let pairs: Vec<(String, String)> = q
            .trim_start_matches('&')
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_owned(), crate::share::percent_decode(v))
            })
            .collect();
        assert_eq!(EmbedConfig::from_pairs(&pairs), Some(c.clone()), "{q}");
        let long = "x".repeat(500);
        assert_eq!(
            super::embed::caption(&long).map(|t| t.chars().count()),
            Some(super::embed::MAX_CAPTION)
        );
        assert_eq!(super::embed::caption(" \t "), None);
        // In the snippet the caption is the frame's title, escaped.
        let s = snippet("https://x.test/", c.caption.as_deref());
        assert!(
            s.contains("title=\"Lesson 3: leverage &amp; &lt;b&gt;liquidation&lt;/b&gt;\""),
            "{s}"
        );
    }

    #[test]
    fn the_snippet_escapes_the_address() {
        let s = snippet("https://x.test/#v=1&sym=A\"B<c>", None);
        assert!(s.contains("src=\"https://x.test/#v=1&amp;sym=A&quot;B&lt;c&gt;\""));
        assert!(s.contains("levcalc:height"));
    }
}
