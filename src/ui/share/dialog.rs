//! A modal `<dialog>` opened and closed by a signal (Escape and the Close button close it).

use leptos::prelude::*;

#[component]
pub fn Dialog(
    /// Open while true.
    open: RwSignal<bool>,
    /// Heading (also the dialog's accessible name).
    title: &'static str,
    /// Element id prefix and `data-testid`.
    id: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
    });
    let title_id = format!("{id}-title");
    let heading_id = title_id.clone();
    view! {
        <dialog
            class="dialog"
            node_ref=dialog
            aria-labelledby=title_id.clone()
            data-testid=id
            on:close=move |_| open.set(false)
        >
            <div class="dialog-head">
                <h2 id=heading_id>{title}</h2>
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
            {children()}
        </dialog>
    }
}
