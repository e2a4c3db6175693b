//! Labelled inputs bound to one field of the form, with the engine's error shown inline.

use super::state::FormValues;
use super::Ctx;
use leptos::prelude::*;

/// Read and write one text field of [`FormValues`].
#[derive(Clone, Copy)]
pub struct Lens {
    pub get: fn(&FormValues) -> &String,
    pub set: fn(&mut FormValues) -> &mut String,
}

/// `lens!(entry)`: a [`Lens`] on `FormValues::entry`.
macro_rules! lens {
    ($f:ident) => {
        $crate::ui::fields::Lens {
            get: |v| &v.$f,
            set: |v| &mut v.$f,
        }
    };
}
pub(crate) use lens;

/// A decimal text input with a visible label, an optional unit and hint, and the inline error
/// for its field (`data-testid="input-<id>"`, `error-<id>`).
#[component]
pub fn NumField(
    ctx: Ctx,
    /// Test-id suffix, also the element id and the error key (see `state::input_for_key`).
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The form field.
    lens: Lens,
    /// Unit shown after the label (e.g. "USDT").
    #[prop(optional, into)]
    unit: Option<Signal<String>>,
    /// Help text under the input.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Placeholder (e.g. the default a blank field means).
    #[prop(optional, into)]
    placeholder: Option<Signal<String>>,
    /// Hidden (kept in the page, e.g. the inputs of another sizing mode).
    #[prop(optional, into)]
    hidden: Signal<bool>,
    /// `type="number"` instead of free text (the leverage box next to its slider).
    #[prop(optional)]
    number: bool,
    /// The field's own error, for an input the scenario does not hold (the calculator modes);
    /// by default the evaluation's error for `id`.
    #[prop(optional, into)]
    own_error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let form = ctx.form;
    let locked = ctx.locked(id);
    let error = own_error.unwrap_or_else(|| ctx.error_for(id));
    let input_id = format!("f-{id}");
    let err_id = format!("err-{id}");
    let hint_id = format!("hint-{id}");
    let has_hint = hint.is_some();
    // Keep the input in step with the form, touching the DOM only when the text differs: a
    // `type="number"` input reports "" while it holds half-typed text such as "1e", and
    // writing that "" back (as `prop:value` would) erases what the user is typing.
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let v = form.with(|f| (lens.get)(f).clone());
        if let Some(el) = input_ref.get() {
            if el.value() != v {
                el.set_value(&v);
            }
        }
    });
    let describedby = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(err_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some) hidden=move || hidden.get()>
            <label for=input_id.clone()>
                {label}
                {unit.map(|u| view! { <span class="unit">{move || u.get()}</span> })}
            </label>
            <input
                id=input_id
                type=if number { "number" } else { "text" }
                inputmode=(!number).then_some("decimal")
                step=number.then_some("any")
                autocomplete="off"
                spellcheck="false"
                data-testid=format!("input-{id}")
                readonly=move || locked.get()
                data-locked=move || locked.get().then_some("")
                placeholder=move || placeholder.map(|p| p.get())
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=describedby
                node_ref=input_ref
                value=form.with_untracked(|f| (lens.get)(f).clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| *(lens.set)(f) = v);
                }
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{move || h.get()}</p> })}
            <FieldError id=id error=error err_id=err_id />
        </div>
    }
}

/// The engine's message for one field (`role="alert"`), when there is one.
#[component]
pub fn FieldError(
    /// Test-id suffix.
    id: &'static str,
    /// The message, if this field is to blame.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Element id (for `aria-describedby`).
    #[prop(optional)]
    err_id: Option<String>,
) -> impl IntoView {
    let err_id = err_id.unwrap_or_else(|| format!("err-{id}"));
    move || {
        error.get().map(|msg| {
            view! {
                <p class="error" id=err_id.clone() role="alert" data-testid=format!("error-{id}")>
                    {msg}
                </p>
            }
        })
    }
}

/// A labelled `<select>`; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    /// Element id and `data-testid="select-<id>"`.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The options, (value, label).
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The selected value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    #[prop(into)]
    on_change: Callback<String>,
    /// Disabled (e.g. the venue fixes the contract type).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Help text under the select.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Hidden (kept in the page).
    #[prop(optional, into)]
    hidden: Signal<bool>,
    /// Locked by a lesson (embed mode): disabled and marked `data-locked`.
    #[prop(optional, into)]
    locked: Signal<bool>,
) -> impl IntoView {
    let select_id = format!("f-{id}");
    // The build-time first screen has no properties, only attributes: it gets the selection
    // and the disabled state as attributes, once (the page sets the properties).
    let at_build = !crate::ui::browser::present();
    let built_disabled =
        (at_build && (disabled.get_untracked() || locked.get_untracked())).then_some("");
    view! {
        <div class="field" hidden=move || hidden.get()>
            <label for=select_id.clone()>{label}</label>
            <select
                id=select_id
                data-testid=format!("select-{id}")
                disabled=built_disabled
                prop:disabled=move || disabled.get() || locked.get()
                data-locked=move || locked.get().then_some("")
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let built_selected =
                                (at_build && value.with_untracked(|cur| *cur == v)).then_some("");
                            let selected = {
                                let v = v.clone();
                                move || value.with(|cur| *cur == v)
                            };
                            view! {
                                <option value=v selected=built_selected prop:selected=selected>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {hint.map(|h| view! { <p class="hint">{move || h.get()}</p> })}
        </div>
    }
}
