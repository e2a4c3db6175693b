//! The panels' inputs: typed fields bound to [`DynForm`] through [`DField`].
//!
//! Every input of the four panels is a [`DField`]: its element id and the [`DynForm`] text it
//! edits ([`DField::lens`]) follow from the variant, so a typo does not compile. A panel lists
//! its inputs as rows of [`Item`]s and draws them with [`inputs`]: one field per item whose
//! value is read from the form (a preset that rewrites the market shows at once) and whose
//! error is a signal from the panel's [`Bad`] (each panel parses its inputs with the page's one
//! decimal parser, `state::exact`). The ladder's rungs, a list the user grows and shrinks, are
//! [`rungs`].

use super::state::{Bad, DField, Fallback};
use super::Dyn;
use leptos::either::Either;
use leptos::prelude::*;

/// One form item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A text input: field, label, unit, hint.
    In(DField, &'static str, &'static str, &'static str),
    /// A select: field, label, (value, label) options.
    Sel(
        DField,
        &'static str,
        &'static [(&'static str, &'static str)],
    ),
}

/// What a blank input means, shown as its placeholder: by field, from the panel's fallback.
pub type Placeholder = fn(DField, Fallback) -> Option<String>;

/// The message of `bad` when it blames `field`.
pub fn error_of(bad: Option<&Bad>, field: DField) -> Option<String> {
    bad.filter(|b| b.field == field).map(|b| b.msg.clone())
}

/// Rows of items (each row a `<div class="row">`) bound to the panel's form; `bad` is the
/// panel's first input error, `placeholder` what blank inputs mean. (Plain functions, not
/// components: the props builders would cost the bundle more than the fields.)
pub fn inputs(
    d: Dyn,
    rows: &'static [&'static [Item]],
    bad: Signal<Option<Bad>>,
    placeholder: Option<Placeholder>,
) -> impl IntoView {
    rows.iter()
        .map(|row| {
            let items = row
                .iter()
                .map(|item| match *item {
                    Item::In(field, label, unit, hint) => {
                        Either::Left(dyn_input(d, field, (label, unit, hint), bad, placeholder))
                    }
                    Item::Sel(field, label, options) => {
                        Either::Right(dyn_select(d, field, label, options))
                    }
                })
                .collect_view();
            view! { <div class="row">{items}</div> }
        })
        .collect_view()
}

/// A decimal text input bound to `field` (`data-testid="input-dyn-<id>"`), its error shown
/// under it (`dyn-err-<id>`).
fn dyn_input(
    d: Dyn,
    field: DField,
    (label, unit, hint): (&'static str, &'static str, &'static str),
    bad: Signal<Option<Bad>>,
    placeholder: Option<Placeholder>,
) -> impl IntoView {
    let form = d.form;
    let id = field.id();
    let lens = field.lens();
    let error = Memo::new(move |_| bad.with(|b| error_of(b.as_ref(), field)));
    let value = Memo::new(move |_| form.with(|f| (lens.get)(f).clone()));
    let fallback = d.fallback;
    let input_id = format!("dyn-{id}");
    let err_id = format!("dyn-err-{id}");
    let hint_id = format!("dyn-hint-{id}");
    let described = if hint.is_empty() {
        err_id.clone()
    } else {
        format!("{hint_id} {err_id}")
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=input_id.clone()>
                {label}
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </label>
            <input
                id=input_id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                data-testid=format!("input-dyn-{id}")
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                placeholder=move || placeholder.and_then(|p| p(field, fallback.get()))
                prop:value=value
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.maybe_update(|f| f.set_field(field, v));
                }
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="error" id=err_id role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A select bound to `field` (`data-testid="select-dyn-<id>"`).
fn dyn_select(
    d: Dyn,
    field: DField,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let form = d.form;
    let id = field.id();
    let lens = field.lens();
    let value = Memo::new(move |_| form.with(|f| (lens.get)(f).clone()));
    let select_id = format!("dyn-{id}");
    let opts = options
        .iter()
        .map(|(v, l)| {
            let selected = value.with_untracked(|cur| cur == v);
            view! { <option id=format!("dyn-{id}-{v}") value=*v selected=selected>{*l}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=select_id.clone()>{label}</label>
            <select
                id=select_id
                data-testid=format!("select-dyn-{id}")
                prop:value=value
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.maybe_update(|f| f.set_field(field, v));
                }
            >
                {opts}
            </select>
        </div>
    }
}

/// The planned adds as editable rows (ids `dyn-rung-<id>-price` / `-qty`, numbered from 2:
/// the trade is the first), each with its remove button, and "+ Add a rung".
pub fn rungs(d: Dyn) -> impl IntoView {
    let form = d.form;
    let ctx = d.ctx;
    // Drawn again when rungs come or go, not while the user types in one.
    let ids = Memo::new(move |_| form.with(|f| f.rungs.iter().map(|r| r.id).collect::<Vec<_>>()));
    let add = move |_| {
        ctx.eval.with_untracked(|e| {
            if let Ok(e) = e {
                let (long, p, q) = (
                    e.input.side.is_long(),
                    e.input.entry_price,
                    e.report.quantity,
                );
                form.update(|f| f.add_rung(long, p, q));
            }
        })
    };
    view! {
        <ul class="rung-list">
            {move || {
                ids.get()
                    .into_iter()
                    .enumerate()
                    .map(|(k, id)| rung(d, k + 2, id))
                    .collect_view()
            }}
        </ul>
        <button type="button" class="button secondary" data-testid="add-rung" on:click=add>
            "+ Add a rung"
        </button>
    }
}

/// Rung `n` (the ladder's `id`): price, quantity and its remove button.
fn rung(d: Dyn, n: usize, id: u32) -> impl IntoView {
    let form = d.form;
    let input = move |qty: bool| {
        let (key, name) = if qty {
            ("qty", "quantity")
        } else {
            ("price", "price")
        };
        let value = Memo::new(move |_| {
            form.with(|f| {
                f.rungs
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| {
                        if qty {
                            r.quantity.clone()
                        } else {
                            r.price.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        });
        let set = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| {
                if let Some(r) = f.rungs.iter_mut().find(|r| r.id == id) {
                    *(if qty { &mut r.quantity } else { &mut r.price }) = v;
                }
            });
        };
        let input_id = format!("dyn-rung-{id}-{key}");
        view! {
            <div class="field compact">
                <label for=input_id.clone()>{format!("Rung {n} {name}")}</label>
                <input
                    id=input_id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid=format!("input-rung-{n}-{key}")
                    prop:value=value
                    on:input=set
                />
            </div>
        }
    };
    view! {
        <li class="rung">
            {input(false)}
            {input(true)}
            <button
                type="button"
                class="button icon"
                aria-label=format!("Remove rung {n}")
                on:click=move |_| form.update(|f| f.rungs.retain(|r| r.id != id))
            >
                "×"
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_its_own_field() {
        let b = Bad {
            field: DField::TargetLev,
            msg: "Target leverage must be a number.".into(),
        };
        assert_eq!(
            error_of(Some(&b), DField::TargetLev).as_deref(),
            Some(b.msg.as_str())
        );
        assert_eq!(error_of(Some(&b), DField::TargetMr), None);
        assert_eq!(error_of(None, DField::TargetLev), None);
    }
}
