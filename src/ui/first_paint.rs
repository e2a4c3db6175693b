//! The page's first screen as HTML, rendered natively at build time (issue 14): the same
//! components as the app, with the opening scenario, so the figures a visitor sees before the
//! wasm arrives are the engine's own. `scripts/postbuild.mjs` writes it into `index.html`
//! (`levcalc-prerender`); [`crate::ui::mount`] removes it when the app takes over.
//!
//! Rendered as on a server: effects never run (no executor polls them), and the components
//! that need a browser see none ([`crate::ui::browser`]), so the panels built after the first
//! frame ([`crate::ui::Later`]) are left out and charts take the default width.

use leptos::prelude::*;

/// An executor that never runs a task: the render reads signals and memos directly and leaves
/// effects (links, storage, fetches, timers) unrun.
struct NoTasks;

impl any_spawner::CustomExecutor for NoTasks {
    fn spawn(&self, _fut: any_spawner::PinnedFuture<()>) {}
    fn spawn_local(&self, _fut: any_spawner::PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// The app's markup for the opening scenario, with the venue tables that are loaded now (load
/// the venue files first, as the page will have fetched its venue's by the time it settles).
pub fn app_html() -> String {
    // A second render in one process (tests) finds the executor set: that is fine.
    let _ = any_spawner::Executor::init_custom_executor(NoTasks);
    let owner = Owner::new();
    let html = owner.with(|| view! { <super::App /> }.to_html());
    owner.unset();
    html
}
