//! The UI's shape (issue 12), checked on the source: what the redesign removed must not come
//! back. Every input is a typed field bound through a lens (no string ids routed through a
//! delegated handler, no DOM patching of values or `aria-invalid`), the charts drawn as text
//! have one SVG writer, and the page has one escaper.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src/ui") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every UI source file with its text, test modules left out (they may spell anything).
fn ui_sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/ui"), &mut files);
    assert!(files.len() > 40, "src/ui holds the UI: {}", files.len());
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).expect("read");
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            let name = p.strip_prefix(root).unwrap().display().to_string();
            (name, code)
        })
        .collect()
}

/// The files whose code (comments included) contains `needle`.
fn files_with(needle: &str) -> Vec<String> {
    ui_sources()
        .into_iter()
        .filter(|(_, code)| code.contains(needle))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn no_input_is_routed_by_a_string_id_or_patched_in_the_dom() {
    // Buttons with a `data-act` read by one delegated click handler, inputs found by id.
    assert_eq!(files_with("data-act"), Vec::<String>::new());
    assert_eq!(files_with("closest(\"[data-act"), Vec::<String>::new());
    for needle in [
        "set_attribute(\"aria-invalid\"",
        "remove_attribute(\"aria-invalid\"",
        "HtmlInputElement>();",
    ] {
        assert_eq!(files_with(needle), Vec::<String>::new(), "{needle}");
    }
    // The dynamics panels bind their inputs through the typed field list.
    assert_eq!(
        files_with("macro_rules! dfields"),
        ["src/ui/dynamics/field.rs"]
    );
}

#[test]
fn one_svg_writer_and_one_escaper() {
    assert_eq!(files_with("pub struct Svg"), ["src/ui/chart/svg.rs"]);
    assert_eq!(files_with("\"&amp;\""), ["src/ui/escape.rs"], "one escaper");
    // Chart markup is not written with format!: a `<svg`, `<line`, `<path`, `<rect` or
    // `<text` element starts only inside the writer.
    for tag in [
        "\"<svg",
        "\"<line",
        "\"<path",
        "\"<rect",
        "\"<text",
        "\"<circle",
    ] {
        let mut with = files_with(&format!("r#{tag}"));
        with.extend(files_with(&format!("format!({tag}")));
        assert_eq!(with, Vec::<String>::new(), "{tag}");
    }
}

#[test]
fn one_figure_card() {
    assert_eq!(files_with("pub struct Stat "), ["src/ui/stat.rs"]);
    assert_eq!(
        files_with("<div class=\\\"stat\\\">"),
        ["src/ui/stat.rs"],
        "figure cards are written once"
    );
}

#[test]
fn one_chart_component() {
    // The only chart `<svg>` element of the page is the shell's (the logo is not a chart).
    let mut with: Vec<String> = ui_sources()
        .into_iter()
        .filter(|(_, text)| {
            text.lines()
                .any(|l| l.trim_start().starts_with("<svg") && !l.contains("class=\"logo\""))
        })
        .map(|(path, _)| path)
        .collect();
    with.sort();
    assert_eq!(with, ["src/ui/chart/shell.rs"]);
    assert_eq!(
        files_with("pub trait ChartModel"),
        ["src/ui/chart/shell.rs"]
    );
    // Every chart is a model: the PnL chart, the four risk charts (the fan among them) and
    // the dynamics plots.
    let mut models = files_with("impl ChartModel for");
    models.sort();
    assert_eq!(
        models,
        [
            "src/ui/chart/pnl.rs",
            "src/ui/dynamics/plot.rs",
            "src/ui/risk/distance.rs",
            "src/ui/risk/fan.rs",
            "src/ui/risk/heatmap.rs",
            "src/ui/risk/leverage.rs",
        ]
    );
}

#[test]
fn one_parser_for_what_the_user_types() {
    // What the user typed (a form field) is read by the engine's one parser,
    // `engine::input::parse_decimal` (grouping, spaces, the field's own message); the UI's
    // `format::parse` reads only the engine's own exact texts.
    for needle in [
        "format::parse(&f.",
        "parse::<Decimal>()",
        "Decimal::from_str(",
    ] {
        let with: Vec<String> = files_with(needle)
            .into_iter()
            .filter(|name| name != "src/ui/format.rs")
            .collect();
        assert_eq!(with, Vec::<String>::new(), "{needle}");
    }
}
