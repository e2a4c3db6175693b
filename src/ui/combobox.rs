//! A type-ahead picker for a long list of names (a venue's symbols: Binance lists 808).
//!
//! The WAI-ARIA "combobox with listbox popup, list autocomplete" pattern
//! (<https://www.w3.org/WAI/ARIA/apg/patterns/combobox/>): an editable `input role="combobox"`
//! with `aria-expanded`, `aria-controls` and `aria-activedescendant`, and a `ul role="listbox"`
//! of `li role="option"`. Keyboard: Down/Up open the list and move the active option, Enter
//! picks it, Escape closes the list (a second Escape restores the current value), Home/End
//! stay in the text. Typing filters; leaving the field picks the typed name when it is one of
//! the options (any case) and otherwise puts the current value back, so the field never holds
//! a name the venue does not list. A polite live region says how many names match.
//!
//! The matching ([`suggestions`]) is a pure function, tested natively.

use leptos::prelude::*;

/// The most options the list shows at once (typing narrows it).
pub const SHOWN: usize = 50;

/// The options to show for `query`, best first, at most `limit`, and how many match in all:
/// the `recent` names that match (most recent first), then names that start with the query,
/// then names that contain it, each group in the options' order. Matching ignores case and
/// surrounding blanks; an empty query matches everything. A recent name that is not an option
/// is left out.
pub fn suggestions(
    query: &str,
    options: &[String],
    recent: &[String],
    limit: usize,
) -> (Vec<String>, usize) {
    let q = query.trim().to_ascii_uppercase();
    let upper: Vec<String> = options.iter().map(|o| o.to_ascii_uppercase()).collect();
    let matches = |u: &str| u.contains(q.as_str());
    let mut out: Vec<String> = Vec::new();
    for r in recent {
        if let Some(i) = options.iter().position(|o| o == r) {
            let hit = upper.get(i).is_some_and(|u| matches(u));
            if hit && !out.contains(r) {
                out.push(r.clone());
            }
        }
    }
    let mut starts = Vec::new();
    let mut contains = Vec::new();
    for (o, u) in options.iter().zip(&upper) {
        if out.contains(o) {
            continue;
        }
        if u.starts_with(q.as_str()) {
            starts.push(o.clone());
        } else if matches(u) {
            contains.push(o.clone());
        }
    }
    out.extend(starts);
    out.extend(contains);
    let total = out.len();
    out.truncate(limit);
    (out, total)
}

/// The option that `text` names, ignoring case and blanks (`None`: not an option).
pub fn exact<'a>(text: &str, options: &'a [String]) -> Option<&'a String> {
    let t = text.trim();
    options.iter().find(|o| o.eq_ignore_ascii_case(t))
}

/// A labelled type-ahead field (`data-testid="combo-<id>"`; options `option-<id>`).
#[component]
pub fn ComboField(
    /// Element id suffix and test id.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Every name that can be picked.
    #[prop(into)]
    options: Signal<Vec<String>>,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the picked name (always one of `options`).
    #[prop(into)]
    on_change: Callback<String>,
    /// Names picked lately, most recent first (listed first).
    #[prop(optional, into)]
    recent: Signal<Vec<String>>,
    /// Disabled (the Custom venue has no list).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Locked by a lesson (embed mode): disabled and marked `data-locked`.
    #[prop(optional, into)]
    locked: Signal<bool>,
    /// Help text under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
) -> impl IntoView {
    let input_id = format!("f-{id}");
    let list_id = format!("list-{id}");
    let hint_id = format!("hint-{id}");
    let status_id = format!("status-{id}");
    let text = RwSignal::new(value.get_untracked());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // The text follows the value when it changes elsewhere (a link, a venue switch), unless
    // the user is typing.
    Effect::new(move |_| {
        let v = value.get();
        if !open.get_untracked() {
            text.set(v);
        }
    });
    // While the text is the current value the whole list is offered, recent names first.
    let shown = Memo::new(move |_| {
        let t = text.get();
        let q = if value.with(|v| *v == t) {
            String::new()
        } else {
            t
        };
        options.with(|o| recent.with(|r| suggestions(&q, o, r, SHOWN)))
    });
    let pick = move |name: String| {
        text.set(name.clone());
        open.set(false);
        active.set(None);
        if value.with_untracked(|v| *v != name) {
            on_change.run(name);
        }
    };
    // Leaving the field or Enter without an active option: the typed name if it is one.
    let settle = move || {
        let t = text.get_untracked();
        let hit = options.with_untracked(|o| exact(&t, o).cloned());
        match hit {
            Some(name) => pick(name),
            None => {
                open.set(false);
                active.set(None);
                text.set(value.get_untracked());
            }
        }
    };
    let option_id = {
        let id = id.to_owned();
        move |i: usize| format!("opt-{id}-{i}")
    };
    let keydown = {
        let option_id = option_id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let count = shown.with_untracked(|(s, _)| s.len());
            let step = |d: isize| {
                open.set(true);
                let next = match active.get_untracked() {
                    None if d > 0 => 0,
                    None => count.saturating_sub(1),
                    Some(i) if d > 0 => (i + 1) % count.max(1),
                    Some(i) => (i + count.max(1) - 1) % count.max(1),
                };
                active.set((count > 0).then_some(next));
                if let Some(el) = document_element(&option_id(next)) {
                    el.scroll_into_view_with_bool(false);
                }
            };
            match ev.key().as_str() {
                "ArrowDown" if ev.alt_key() => {
                    ev.prevent_default();
                    open.set(true);
                }
                "ArrowDown" => {
                    ev.prevent_default();
                    step(1);
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    step(-1);
                }
                "Enter" => {
                    ev.prevent_default();
                    let chosen = active
                        .get_untracked()
                        .and_then(|i| shown.with_untracked(|(s, _)| s.get(i).cloned()));
                    match chosen.filter(|_| open.get_untracked()) {
                        Some(name) => pick(name),
                        None => settle(),
                    }
                }
                "Escape" => {
                    if open.get_untracked() {
                        ev.prevent_default();
                        open.set(false);
                        active.set(None);
                    } else {
                        text.set(value.get_untracked());
                    }
                }
                _ => {}
            }
        }
    };
    let status = move || {
        let (s, total) = shown.get();
        match total {
            0 => "No symbol matches.".to_owned(),
            n if n > s.len() => format!("{} of {n} symbols shown: type to narrow.", s.len()),
            1 => "1 symbol.".to_owned(),
            n => format!("{n} symbols."),
        }
    };
    let has_hint = hint.is_some();
    let describedby = {
        let hint_id = hint_id.clone();
        has_hint.then_some(hint_id)
    };
    let active_id = {
        let option_id = option_id.clone();
        move || active.get().filter(|_| open.get()).map(&option_id)
    };
    let list_id2 = list_id.clone();
    view! {
        <div class="field combo">
            <label for=input_id.clone()>{label}</label>
            <input
                id=input_id
                type="text"
                role="combobox"
                aria-autocomplete="list"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=list_id.clone()
                aria-activedescendant=active_id
                aria-describedby=describedby
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                data-testid=format!("combo-{id}")
                node_ref=input_ref
                value=(!crate::ui::browser::present()).then(|| text.get_untracked())
                prop:value=move || text.get()
                prop:disabled=move || disabled.get() || locked.get()
                data-locked=move || locked.get().then_some("")
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:focus=move |_| {
                    if let Some(el) = input_ref.get_untracked() {
                        el.select();
                    }
                }
                on:click=move |_| open.update(|o| *o = !*o)
                on:blur=move |_| settle()
                on:keydown=keydown
            />
            <ul
                id=list_id2
                role="listbox"
                class="combo-list"
                aria-label=label
                hidden=move || !open.get()
            >
                // Options only while the list is open: a closed list costs no elements (the
                // page's first task builds the form, issue 14).
                {move || {
                    let option_id = option_id.clone();
                    let names = if open.get() {
                        shown.with(|(s, _)| s.clone())
                    } else {
                        Vec::new()
                    };
                    names
                        .into_iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let selected = value.with(|v| *v == name);
                            let n = name.clone();
                            view! {
                                <li
                                    id=option_id(i)
                                    role="option"
                                    data-testid=format!("option-{id}")
                                    aria-selected=if selected { "true" } else { "false" }
                                    class:active=move || active.get() == Some(i)
                                    on:mousedown=move |ev| {
                                        // Keep the focus in the input: the click picks, blur must not settle first.
                                        ev.prevent_default();
                                        pick(n.clone());
                                    }
                                >
                                    {name}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p id=status_id class="visually-hidden" aria-live="polite">
                {move || open.get().then(status)}
            </p>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
        </div>
    }
}

fn document_element(id: &str) -> Option<leptos::web_sys::Element> {
    leptos::prelude::document().get_element_by_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn recent_first_then_prefix_then_substring() {
        let opts = names(&[
            "BTCUSDT",
            "DOGEUSDT",
            "ETHUSDT",
            "1000PEPEUSDT",
            "PEPEUSDC",
            "ETHBTC",
        ]);
        let (s, n) = suggestions("pepe", &opts, &[], 10);
        assert_eq!(s, names(&["PEPEUSDC", "1000PEPEUSDT"]));
        assert_eq!(n, 2);
        let recent = names(&["1000PEPEUSDT", "GONE"]);
        let (s, _) = suggestions(" Pepe ", &opts, &recent, 10);
        assert_eq!(
            s,
            names(&["1000PEPEUSDT", "PEPEUSDC"]),
            "recent first, unknown recent dropped"
        );
        let (s, n) = suggestions("", &opts, &names(&["ETHUSDT"]), 3);
        assert_eq!(s, names(&["ETHUSDT", "BTCUSDT", "DOGEUSDT"]));
        assert_eq!(n, 6, "the count is of every match, not of those shown");
        let (s, n) = suggestions("xyz", &opts, &[], 10);
        assert!(s.is_empty());
        assert_eq!(n, 0);
        let (s, _) = suggestions("eth", &opts, &[], 10);
        assert_eq!(s, names(&["ETHUSDT", "ETHBTC"]));
    }

    #[test]
    fn exact_ignores_case_and_blanks() {
        let opts = names(&["BTC-USDT-SWAP", "XBTUSD"]);
        assert_eq!(exact(" xbtusd ", &opts).map(String::as_str), Some("XBTUSD"));
        assert_eq!(exact("XBT", &opts), None);
        assert_eq!(exact("", &opts), None);
    }
}
