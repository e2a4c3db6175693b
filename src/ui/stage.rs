//! The app's first build, spread over several tasks (issue 14: no main-thread task over
//! 50 ms, so the page answers a tap while the wasm takes over).
//!
//! The app is mounted into a container outside the document while the build-time first screen
//! (`#first-paint`) stays on view. Each [`Stage`] of the view builds its children in a task of
//! its own, in the order the view names them. When the last one is built, [`start`] swaps the
//! two in one task: the first screen goes, the app's nodes move into
//! `<body>`, and what waited for that moment runs ([`after_reveal`]: the panels below the fold
//! and the first measurement of a chart's width). No frame shows neither screen, or both.
//!
//! Where there is no browser (the build-time render, native tests) a [`Stage`] builds its
//! children at once, so the first screen's HTML is the whole view.

use super::browser;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// Work for a later task.
pub type Job = Box<dyn FnOnce()>;

thread_local! {
    /// The stages not built yet, in view order.
    static STAGES: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    /// What runs once the app is on view.
    static AFTER: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    /// Whether the app is on view (always, once [`start`] has finished).
    static REVEALED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the app is on view: true from the swap on (a component built after it sees that at
/// once); false before it, and always where there is no browser (no swap runs there).
pub fn revealed() -> bool {
    REVEALED.with(Cell::get)
}

/// Runs `f` once the app is on view (at once when it is).
pub fn after_reveal(f: impl FnOnce() + 'static) {
    if revealed() {
        f();
    } else {
        AFTER.with(|a| a.borrow_mut().push(Box::new(f)));
    }
}

/// Its children, built in a task of their own during the app's first build (before the app
/// is shown); at once where there is no browser or the app is already on view.
#[component]
pub fn Stage(children: ChildrenFn) -> impl IntoView {
    if !browser::present() || revealed() {
        return children().into_any();
    }
    deferred(children, |build| {
        STAGES.with(|s| s.borrow_mut().push(build));
    })
}

/// `children`, built when the job handed to `schedule` runs (one view type for [`Stage`] and
/// [`super::Later`]: each reactive view type costs the bundle its own code).
pub fn deferred(children: ChildrenFn, schedule: impl FnOnce(Job)) -> AnyView {
    let ready = RwSignal::new(false);
    schedule(Box::new(move || ready.set(true)));
    (move || ready.get().then(|| children())).into_any()
}

/// Builds the stages the mounted view registered, one per task, then runs `reveal` (which puts
/// the app on view) and everything [`after_reveal`] queued.
pub fn start(reveal: impl FnOnce() + 'static) {
    next(Box::new(reveal));
}

fn next(reveal: Job) {
    set_timeout(
        move || match STAGES.with(|s| {
            let mut s = s.borrow_mut();
            (!s.is_empty()).then(|| s.remove(0))
        }) {
            Some(build) => {
                build();
                next(reveal);
            }
            None => {
                reveal();
                REVEALED.with(|r| r.set(true));
                for job in AFTER.with(|a| std::mem::take(&mut *a.borrow_mut())) {
                    job();
                }
            }
        },
        core::time::Duration::ZERO,
    );
}
