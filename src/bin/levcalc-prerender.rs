//! `levcalc-prerender`: print the page's first screen (the app's markup for the opening
//! scenario, with every venue file loaded) for `scripts/postbuild.mjs` to write into
//! `index.html`, so the page shows real figures before the wasm arrives (issue 14).

#![deny(clippy::arithmetic_side_effects)]

#[path = "common/venue_files.rs"]
mod venue_files;

fn main() {
    venue_files::load_venue_files();
    print!("{}", levcalc::ui::first_paint::app_html());
}
