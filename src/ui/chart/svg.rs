//! The one SVG markup writer of the page's charts: every [`super::shell::ChartModel`] draws
//! its chart and its cursor with it (the `<svg>` element itself is the shell's).
//!
//! Escaping holds by construction: the buffer is private, element and attribute names are
//! `&'static str` chosen here, numbers go through [`px`](super::geometry::px) (one decimal,
//! never `NaN`) and every other text (classes, labels, test ids, path data) through the page's
//! one escaper. A caller cannot put raw markup into a chart.

use super::geometry::px_into;
use crate::ui::escape::escape_into;

/// SVG markup, written element by element.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Svg(String);

/// Where a text sits relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    /// The anchor of a label `width` wide at `x` in a plot from `left` to `right`: centred,
    /// unless that would run past an edge (then it starts or ends at `x`).
    pub fn within(x: f64, width: f64, left: f64, right: f64) -> Anchor {
        let half = width / 2.0;
        if x - half < left {
            Anchor::Start
        } else if x + half > right {
            Anchor::End
        } else {
            Anchor::Middle
        }
    }

    /// The pixel span `(from, to)` of a label `width` wide anchored at `x`.
    pub fn span(self, x: f64, width: f64) -> (f64, f64) {
        match self {
            Anchor::Start => (x, x + width),
            Anchor::Middle => (x - width / 2.0, x + width / 2.0),
            Anchor::End => (x - width, x),
        }
    }
}

/// Width in pixels a chart label takes at most (the charts' label font, about 8 px per
/// character: measured 7.2–8.0 in Chromium for "Stop", "Target", "Bankruptcy").
pub fn label_width(text: &str) -> f64 {
    8.0 * text.chars().count() as f64
}

/// Where the label `text` at `x` goes in a plot from `left` to `right`: its anchor
/// ([`Anchor::within`]) and the pixel span it then covers ([`Anchor::span`]), what
/// [`super::geometry::span_rows`] sorts into rows.
pub fn place_label(x: f64, text: &str, left: f64, right: f64) -> (Anchor, (f64, f64)) {
    let width = label_width(text);
    let anchor = Anchor::within(x, width, left, right);
    (anchor, anchor.span(x, width))
}

/// The baseline of a marker label in row `row` of a plot whose top is `top`: row 0 just above
/// the plot (6 px), rows 13 px apart, at most the three rows [`super::geometry::span_rows`] is
/// asked for (row 2 and beyond share the top row). Its marker line starts 3 px below it.
pub fn label_row_y(top: f64, row: usize) -> f64 {
    top - 6.0 - 13.0 * row.min(2) as f64
}

/// The mark [`Svg::layer`] leaves in the markup (an empty comment: it draws nothing).
pub const LAYER: &str = "<!--layer-->";

/// Markup split at its [`LAYER`] marks into `N` parts, each a whole group of elements (the
/// last part holds whatever is beyond `N`); the whole markup in the last part when a part
/// would cut a group.
pub fn layers<const N: usize>(markup: &str) -> [String; N] {
    let mut out: [String; N] = std::array::from_fn(|_| String::new());
    if N == 0 {
        return out;
    }
    let parts: Vec<&str> = markup.splitn(N, LAYER).collect();
    let whole = |p: &str| p.matches("<g").count() == p.matches("</g>").count();
    if parts.len() < 2 || !parts.iter().all(|p| whole(p)) {
        if let Some(last) = out.last_mut() {
            *last = markup.to_owned();
        }
        return out;
    }
    let skip = N - parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        if let Some(slot) = out.get_mut(skip + i) {
            *slot = p.to_owned();
        }
    }
    out
}

impl Svg {
    pub fn new() -> Svg {
        Svg(String::with_capacity(4096))
    }

    /// The markup.
    pub fn into_string(self) -> String {
        self.0
    }

    /// A boundary between layers ([`LAYER`]): what lies between two boundaries (the axes, say)
    /// is written to the page apart from the rest, and only when it changes.
    pub fn layer(&mut self) {
        self.0.push_str(LAYER);
    }

    /// The markup so far.
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `name="v"` with a number.
    fn num(&mut self, name: &'static str, v: f64) {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        px_into(&mut self.0, v);
        self.0.push('"');
    }

    /// `name="v"` with a text, escaped.
    fn attr(&mut self, name: &'static str, v: &str) {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        escape_into(&mut self.0, v);
        self.0.push('"');
    }

    /// `<tag class="…"`: the class only when there is one.
    fn start(&mut self, tag: &'static str, class: &str) {
        self.0.push('<');
        self.0.push_str(tag);
        if !class.is_empty() {
            self.attr("class", class);
        }
    }

    /// A clip path `id` of one rectangle, and a group clipped by it (close with [`Svg::close`]).
    pub fn open_clipped(&mut self, id: &str, x: f64, y: f64, w: f64, h: f64) {
        self.0.push_str("<defs><clipPath");
        self.attr("id", id);
        self.0.push('>');
        self.rect("", x, y, w, h);
        self.0.push_str("</clipPath></defs><g clip-path=\"url(#");
        escape_into(&mut self.0, id);
        self.0.push_str(")\">");
    }

    pub fn line(&mut self, class: &str, x1: f64, y1: f64, x2: f64, y2: f64) {
        self.start("line", class);
        self.num("x1", x1);
        self.num("y1", y1);
        self.num("x2", x2);
        self.num("y2", y2);
        self.0.push_str("/>");
    }

    /// A path; nothing when `d` is empty.
    pub fn path(&mut self, class: &str, d: &str) {
        if d.is_empty() {
            return;
        }
        self.start("path", class);
        self.attr("d", d);
        self.0.push_str("/>");
    }

    /// A circle, with `data` attributes (`("data-testid", "…")`), their values escaped.
    pub fn circle(&mut self, class: &str, cx: f64, cy: f64, r: f64, data: &[(&'static str, &str)]) {
        self.start("circle", class);
        self.num("cx", cx);
        self.num("cy", cy);
        self.num("r", r);
        for (name, v) in data {
            self.attr(name, v);
        }
        self.0.push_str("/>");
    }

    /// A rectangle; a negative size draws nothing visible (it becomes 0).
    pub fn rect(&mut self, class: &str, x: f64, y: f64, w: f64, h: f64) {
        self.start("rect", class);
        self.num("x", x);
        self.num("y", y);
        self.num("width", w.max(0.0));
        self.num("height", h.max(0.0));
        self.0.push_str("/>");
    }

    /// Text at `(x, y)`.
    pub fn text(&mut self, class: &str, x: f64, y: f64, anchor: Anchor, s: &str) {
        self.start("text", class);
        self.num("x", x);
        self.num("y", y);
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => self.0.push_str(" text-anchor=\"middle\""),
            Anchor::End => self.0.push_str(" text-anchor=\"end\""),
        }
        self.0.push('>');
        escape_into(&mut self.0, s);
        self.0.push_str("</text>");
    }

    /// A group (close with [`Svg::close`]).
    pub fn open(&mut self, class: &str) {
        self.start("g", class);
        self.0.push('>');
    }

    pub fn close(&mut self) {
        self.0.push_str("</g>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_split_at_the_marks_and_never_cut_a_group() {
        let mut s = Svg::new();
        s.open("cells");
        s.line("c", 0.0, 0.0, 1.0, 1.0);
        s.close();
        s.layer();
        s.open("axes");
        s.close();
        s.layer();
        s.line("curve", 0.0, 1.0, 1.0, 0.0);
        let m = s.into_string();
        let [a, b, c] = layers::<3>(&m);
        assert!(
            a.starts_with("<g class=\"cells\">") && a.ends_with("</g>"),
            "{a}"
        );
        assert_eq!(b, "<g class=\"axes\"></g>");
        assert!(c.starts_with("<line class=\"curve\""), "{c}");
        assert_eq!(format!("{a}{LAYER}{b}{LAYER}{c}"), m, "nothing lost");
        // Fewer marks: the parts go last, the first stays empty.
        let [a, b, c] = layers::<3>(&format!("x{LAYER}y"));
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("", "x", "y"));
        // More parts than layers: the last holds the rest, marks and all.
        let [a, b] = layers::<2>(&format!("x{LAYER}y{LAYER}z"));
        assert_eq!((a.as_str(), b), ("x", format!("y{LAYER}z")));
        // A mark inside an open group: not split.
        let cut = format!("<g class=\"a\">{LAYER}</g>");
        assert_eq!(
            layers::<3>(&cut),
            [String::new(), String::new(), cut.clone()]
        );
        assert_eq!(
            layers::<3>("plain"),
            [String::new(), String::new(), "plain".to_owned()]
        );
    }

    #[test]
    fn markup_is_escaped_and_never_nan() {
        let mut s = Svg::new();
        s.text("a", 1.0, f64::NAN, Anchor::Middle, "P < 5 % & \"x\"");
        s.line("grid", 0.0, 1.25, f64::INFINITY, 2.0);
        s.path("curve", "");
        s.path("curve", "M0,0L1,1");
        s.circle("dot", 1.0, 2.0, 3.0, &[("data-testid", "p\"><script>")]);
        s.rect("cell", 0.0, 0.0, -1.0, 2.0);
        s.open("mark <b>");
        s.close();
        assert_eq!(
            s.as_str(),
            "<text class=\"a\" x=\"1\" y=\"0\" text-anchor=\"middle\">P &lt; 5 % &amp; &quot;x&quot;</text>\
             <line class=\"grid\" x1=\"0\" y1=\"1.3\" x2=\"0\" y2=\"2\"/>\
             <path class=\"curve\" d=\"M0,0L1,1\"/>\
             <circle class=\"dot\" cx=\"1\" cy=\"2\" r=\"3\" data-testid=\"p&quot;&gt;&lt;script&gt;\"/>\
             <rect class=\"cell\" x=\"0\" y=\"0\" width=\"0\" height=\"2\"/>\
             <g class=\"mark &lt;b&gt;\"></g>"
        );
    }

    #[test]
    fn the_clip_is_a_whole_element() {
        let mut s = Svg::new();
        s.open_clipped("clip-t'1", 1.0, 2.0, 3.0, 4.0);
        s.close();
        assert_eq!(
            s.into_string(),
            "<defs><clipPath id=\"clip-t&#39;1\"><rect x=\"1\" y=\"2\" width=\"3\" height=\"4\"/></clipPath></defs>\
             <g clip-path=\"url(#clip-t&#39;1)\"></g>"
        );
    }
}
