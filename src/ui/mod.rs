//! Leptos components (placeholder until the UI lands).
use leptos::prelude::*;

/// Mount the app on `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(|| view! { <p>"Loading…"</p> });
}
