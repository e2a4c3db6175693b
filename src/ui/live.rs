//! The first screen, live while the app is built (issue 14): once the wasm is in, the page's
//! start script (src/first-screen-live.js) sends the build-time first screen's typed inputs to
//! `shellUpdate` (src/main.rs), which returns every figure of its results panel from this
//! module, computed and worded by the app's own functions ([`super::figures`],
//! [`super::state::evaluate_form`]). Nothing here uses Leptos, so the same code could serve a
//! smaller module than the app's. The app then takes the same inputs over
//! ([`super::state::set_input`]).

use super::figures::{self, Figure, Shown, STATS};
use super::state::{self, FormValues};
use super::units::Units;

/// What the first screen shows for its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Each figure of the results panel, by its test id.
    pub figures: Vec<(&'static str, Figure)>,
    /// The report's warnings: code and text.
    pub warnings: Vec<(&'static str, String)>,
    /// The leverage input's hint ("" when the inputs cannot be evaluated).
    pub leverage_hint: String,
    /// The narrow screen's summary line.
    pub summary: String,
    /// The input to blame (test-id suffix, "" for none) and the message, when the inputs
    /// cannot be evaluated or a part of them is left out.
    pub error: Option<(&'static str, String)>,
}

/// Whether the first screen's input `id` (test-id suffix) is one the app takes over from it:
/// the others stay disabled until the app is in.
pub fn knows(id: &str) -> bool {
    state::set_input(&mut FormValues::default(), id, "")
}

/// The opening scenario with `inputs` (input test-id suffix, typed text) set as the page's
/// inputs would set them; inputs it does not know are left as they are.
pub fn form_with(inputs: &[(String, String)]) -> FormValues {
    let mut f = FormValues::default();
    for (id, value) in inputs {
        state::set_input(&mut f, id, value);
    }
    f
}

/// The first screen's figures for `inputs` (see [`form_with`]).
pub fn update(inputs: &[(String, String)]) -> Update {
    let f = form_with(inputs);
    let units = Units::new(f.venue, &f.symbol, f.is_inverse());
    let (eval, left_out) = state::evaluate_form(&f);
    let shown = eval.as_ref().ok().map(|e| Shown::new(e, f.venue));
    let figures = STATS
        .iter()
        .map(|s| {
            let fig = match &shown {
                Some(sh) => (s.figure)(sh, &units),
                None => Figure::na(),
            };
            (s.testid, fig)
        })
        .collect();
    let error = match &eval {
        Err(err) => {
            Some(state::field_error(&eval, &left_out).unwrap_or_else(|| ("", super::message(err))))
        }
        Ok(_) => state::field_error(&eval, &left_out),
    };
    let ok = eval.as_ref().ok();
    Update {
        figures,
        warnings: ok.map(|e| figures::warnings(e, &units)).unwrap_or_default(),
        leverage_hint: ok.map(figures::leverage_hint).unwrap_or_default(),
        summary: figures::summary(ok, &units),
        error,
    }
}
