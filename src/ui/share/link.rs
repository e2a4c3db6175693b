//! URL state: the scenario lives in the address as `#v=1&venue=…&entry=…`
//! ([`crate::share::encode`]). On start the fragment (or, without one, the query) is read into
//! the form; every change rewrites it with `history.replaceState` (no history entries, no
//! reload). A link that cannot be read leaves the page on its opening example with a notice in
//! plain text; nothing from a link is ever inserted as markup.

use super::embed::EmbedConfig;
use super::page_state;
use super::web;
use crate::scenario::Scenario;
use crate::share::{self, MAX_LINK_LEN};
use crate::ui::dynamics::state::DynForm;
use crate::ui::state::FormValues;
use crate::ui::Ctx;
use leptos::prelude::*;

/// Keys the page reads itself (embed mode, the service-worker switch): kept out of `decode`,
/// so they are neither scenario fields nor "ignored".
const PAGE_KEYS: &[&str] = &[
    "embed", "panels", "lock", "accent", "bg", "text", "caption", "nosw",
];

/// The longest notice line shown (a hostile link can make serde quote a long value).
const MAX_NOTICE: usize = 240;

/// What to tell the user about the link the page was opened with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The link could not be read (the page shows its example instead).
    pub error: bool,
    pub lines: Vec<String>,
}

/// The page's address, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Opened {
    /// The inputs the link describes (`None`: no link, or one that could not be read).
    pub form: Option<FormValues>,
    pub notice: Option<Notice>,
    pub embed: Option<EmbedConfig>,
    /// The dynamics panels' inputs, tab and section the link set ([`page_state`]), if any.
    pub dynamics: Option<(DynForm, page_state::Applied)>,
    /// The scenario came from the query (`?v=1&…`) rather than the fragment.
    pub from_search: bool,
    /// The table the link carries for its symbol ([`share::read_table`]), to use in this tab.
    pub table: Option<(
        crate::engine::venue_data::VenueKey,
        Vec<crate::engine::tables::Entry>,
    )>,
}

impl Opened {
    /// Add an information line (clipped) to the notice, starting one if there is none.
    fn say(&mut self, line: String) {
        self.notice
            .get_or_insert_with(|| Notice {
                error: false,
                lines: Vec::new(),
            })
            .lines
            .push(clip(line));
    }
}

/// The link part of an address: its fragment, or its query when the fragment holds no
/// `key=value`, and whether it was the query. A fragment without `=` is an in-page anchor
/// (`#results`), not a link.
fn link_part<'a>(hash: &'a str, search: &'a str) -> Option<(&'a str, bool)> {
    let hash = hash.trim_start_matches('#');
    let search = search.trim_start_matches('?');
    let (raw, from_search) = if hash.contains('=') {
        (hash, false)
    } else {
        (search, true)
    };
    raw.contains('=').then_some((raw, from_search))
}

/// Split a link into the scenario's pairs and the embed options; an over-long link is left
/// whole for `decode` to refuse with its own message.
fn split_link(raw: &str) -> Split {
    if raw.len() > MAX_LINK_LEN {
        Split {
            scenario: raw.to_owned(),
            ..Split::default()
        }
    } else {
        split(raw)
    }
}

/// The embed options of an address, without reading its scenario.
pub fn embed_options(hash: &str, search: &str) -> Option<EmbedConfig> {
    link_part(hash, search).and_then(|(raw, _)| split_link(raw).embed)
}

/// Read an address into the inputs it describes and what to tell the user about it.
pub fn open(hash: &str, search: &str) -> Opened {
    let Some((raw, from_search)) = link_part(hash, search) else {
        return Opened::default();
    };
    let Split {
        scenario: scenario_part,
        embed,
        page,
        table,
    } = split_link(raw);
    let mut opened = Opened {
        embed,
        from_search,
        ..Opened::default()
    };
    if !scenario_part.is_empty() {
        read_scenario(&scenario_part, &mut opened);
    }
    // The page's own state: read only with a scenario that could be read (or none at all).
    if !page.is_empty() && !opened.notice.as_ref().is_some_and(|n| n.error) {
        let mut form = opened.form.take().unwrap_or_default();
        let mut dynamics = DynForm::default();
        let applied = page_state::apply(&page, &mut form.risk_model, &mut dynamics);
        if !applied.ignored.is_empty() {
            opened.say(format!(
                "Ignored, not values this page can use: {}.",
                applied.ignored.join(", ")
            ));
        }
        opened.form = Some(form);
        opened.dynamics = Some((dynamics, applied));
    }
    if let (Some(text), Some(form)) = (table, opened.form.as_ref()) {
        let line = match share::read_table(form.venue, &form.symbol, &text) {
            Ok((key, entries)) => {
                let line = format!(
                    "This link brings its sender's {} table (imported {}): it is used in this tab and not kept. Import the venue's answer yourself to keep one.",
                    form.symbol,
                    entries.first().map(|e| e.info.as_of.as_str()).unwrap_or_default()
                );
                opened.table = Some((key, entries));
                line
            }
            Err(e) => format!("The link's table was not used ({e}): the bundled table is."),
        };
        opened.say(line);
    }
    opened
}

/// Read the link's scenario pairs into `opened`'s form and notice.
fn read_scenario(scenario_part: &str, opened: &mut Opened) {
    match share::decode(scenario_part) {
        Ok(d) => {
            let form = FormValues::from_scenario(&d.scenario);
            let mut lines = Vec::new();
            if let Some(v) = d.migrated_from {
                lines.push(format!(
                    "This link was made by an earlier version of the calculator (format {v}) and was converted to the current format."
                ));
            }
            if !d.ignored.is_empty() {
                lines.push(clip(format!(
                    "Ignored, not calculator fields: {}.",
                    d.ignored.join(", ")
                )));
            }
            let dropped = form
                .to_scenario()
                .map(|kept| dropped_fields(&d.scenario, &kept))
                .unwrap_or_default();
            if !dropped.is_empty() {
                lines.push(clip(format!(
                    "This page has no input for {}: left out.",
                    dropped.join(", ")
                )));
            }
            opened.notice = (!lines.is_empty()).then_some(Notice {
                error: false,
                lines,
            });
            opened.form = Some(form);
        }
        Err(e) => {
            opened.notice = Some(Notice {
                error: true,
                lines: vec![
                    clip(e.to_string()),
                    "The calculator shows its example trade instead.".into(),
                ],
            })
        }
    }
}

/// A link's pairs, by who reads them.
#[derive(Default)]
struct Split {
    /// The scenario's pairs, as written.
    scenario: String,
    embed: Option<EmbedConfig>,
    /// The panels' state ([`page_state`]), decoded.
    page: Vec<(String, String)>,
    /// The table the link carries ([`share::TABLE_KEY`]), decoded.
    table: Option<String>,
}

/// Split `a=1&embed=1&tab=account&…` into the scenario's pairs, the embed options and the
/// panels' state.
fn split(raw: &str) -> Split {
    let mut scenario = String::new();
    let mut embed = Vec::new();
    let mut page = Vec::new();
    let mut table = None;
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = share::percent_decode(k);
        if key == share::TABLE_KEY {
            table = Some(share::percent_decode(v));
        } else if PAGE_KEYS.contains(&key.as_str()) {
            embed.push((key, share::percent_decode(v)));
        } else if page_state::is_page_key(&key) {
            page.push((key, share::percent_decode(v)));
        } else {
            if !scenario.is_empty() {
                scenario.push('&');
            }
            scenario.push_str(pair);
        }
    }
    Split {
        scenario,
        embed: EmbedConfig::from_pairs(&embed),
        page,
        table,
    }
}

/// Scenario fields the link set that the form cannot hold (they would be lost silently).
fn dropped_fields(link: &Scenario, kept: &Scenario) -> Vec<String> {
    use crate::engine::json_tree::{parse, Value};
    let tree = |s: &Scenario| parse(&crate::scenario::to_json(s));
    let (Ok(Value::Object(link)), Ok(Value::Object(kept))) = (tree(link), tree(kept)) else {
        return Vec::new();
    };
    link.iter()
        .map(|(k, _)| k)
        // The contract type is implied by some venues: the form does not repeat it.
        .filter(|k| *k != "contract" && !kept.contains_key(k))
        .cloned()
        .collect()
}

fn clip(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(MAX_NOTICE) {
        s.truncate(i);
        s.push('…');
    }
    s
}

/// The venue the page opens on: the link's, else the form's default (read before the app is
/// built, to read that venue's inline table ahead: `ui::tables::preload_inline`). Only the
/// scenario's own text is decoded here; [`start`] reads the whole link once the tables it may
/// depend on are in (a BitMEX symbol's contract type comes from its table).
pub fn opening_venue() -> crate::engine::venues::Venue {
    let (hash, search) = web::hash_and_search();
    link_part(&hash, &search)
        .map(|(raw, _)| split_link(raw).scenario)
        .filter(|part| !part.is_empty())
        .and_then(|part| share::decode(&part).ok())
        .map_or_else(|| FormValues::default().venue, |d| d.scenario.venue)
}

/// Read the address into the form, and keep the address in step with the form from then on.
/// Returns the notice to show and the embed options, if any.
pub fn start(ctx: Ctx) -> (RwSignal<Option<Notice>>, Option<EmbedConfig>) {
    let (hash, search) = web::hash_and_search();
    let opened = open(&hash, &search);
    let loaded = opened.form.is_some() || opened.notice.is_none();
    if let Some((key, entries)) = opened.table {
        if crate::engine::tables::import_entries(key, entries) {
            ctx.tables.version.set(crate::engine::tables::version());
        }
    }
    if let Some(form) = opened.form {
        ctx.form.set(form);
    }
    if let Some((dynamics, applied)) = opened.dynamics {
        ctx.dynamics.set(dynamics);
        if let Some(t) = applied.tab {
            ctx.tab.set(t);
        }
        ctx.at.set(applied.at);
    }
    let embed_suffix = opened
        .embed
        .as_ref()
        .map(EmbedConfig::to_query)
        .unwrap_or_default();
    // The panels' state, then the embed options, after the scenario.
    let suffix = Memo::new(move |_| format!("{}{embed_suffix}", page_query(ctx)));
    let base = web::base_url(opened.from_search);
    // A link that could not be read stays in the address until the user changes something.
    let skip_first = StoredValue::new(!loaded);
    let timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let suffix = suffix.get();
        let Some(fragment) = ctx
            .scenario
            .with(|s| s.as_ref().ok().map(|s| share::link(s, suffix.len())))
        else {
            return;
        };
        // A trade too large for a link is not written (a reload would refuse it): the address
        // keeps only the page options, and the share bar offers a file instead.
        let fragment = match fragment {
            Ok(f) => {
                ctx.link_too_long.set(None);
                Some(f)
            }
            Err(share::ShareError::TooLong(n)) => {
                ctx.link_too_long.set(Some(n));
                None
            }
            Err(_) => None,
        };
        if skip_first.get_value() {
            skip_first.set_value(false);
            return;
        }
        // Chromium throttles rapid replaceState calls (a dragged slider): write once the
        // input settles.
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let base = base.clone();
        let url = match fragment {
            Some(fragment) => format!("{base}#{fragment}{suffix}"),
            None if suffix.is_empty() => base.clone(),
            None => format!("{base}#{}", suffix.trim_start_matches('&')),
        };
        let handle = set_timeout_with_handle(
            move || web::replace_url(&url),
            core::time::Duration::from_millis(120),
        );
        timer.set_value(handle.ok());
    });
    (RwSignal::new(opened.notice), opened.embed)
}

/// The link to the current scenario on this page (for "Copy link"): `None` when an input is
/// invalid, `Some(Err(length))` when the trade is too large for a link.
pub fn link_to(ctx: Ctx, extra: &str) -> Option<Result<String, usize>> {
    link_at(ctx, &web::base_url(false), extra)
}

/// The link to the current scenario on the page at `base` (the embed frame, the full app).
pub fn link_at(ctx: Ctx, base: &str, extra: &str) -> Option<Result<String, usize>> {
    let extra = format!("{}{extra}", page_query(ctx));
    let fragment = ctx
        .scenario
        .with(|s| s.as_ref().ok().map(|s| share::link(s, extra.len())))?;
    Some(match fragment {
        Ok(fragment) => Ok(format!("{base}#{fragment}{extra}")),
        Err(share::ShareError::TooLong(n)) => Err(n),
        Err(_) => Err(MAX_LINK_LEN.saturating_add(1)),
    })
}

/// The panels' state as link pairs (`&tab=…&r.…&d.…`, empty at their defaults), then the
/// symbol's imported table, if any ([`share::table_pair`]).
fn page_query(ctx: Ctx) -> String {
    let tab = ctx.tab.get();
    let at = ctx.at.get();
    ctx.tables.version.track();
    ctx.form.with(|f| {
        let panels = ctx
            .dynamics
            .with(|d| page_state::query(&f.risk_model, d, tab, at));
        format!("{panels}{}", share::table_pair(f.venue, &f.symbol))
    })
}

/// The notice about the link the page was opened with (plain text), dismissable.
#[component]
pub fn LinkNotice(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            view! {
                <div
                    class="link-notice"
                    class:error=n.error
                    role=if n.error { "alert" } else { "status" }
                    data-testid="link-notice"
                    data-kind=if n.error { "error" } else { "info" }
                >
                    <div>{n.lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}</div>
                    <button type="button" class="button" on:click=move |_| notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
