//! The drawing area of every chart on the page: its size in SVG units for the width the
//! chart has ([`super::measured_width`]) and its margins, by the chart's [`Layout`].
//!
//! A chart is drawn at its CSS width, so the SVG is not scaled and its text is the CSS size
//! at every width; below [`NARROW`] px a chart gets narrow margins (and its axes fewer ticks).
//!
//! ```text
//! w = clamp(width, 240, 1200)
//! x range = [left, w − right]      y range = [h − bottom, top]   (SVG y grows downwards)
//! ```

use super::geometry::{px, Scale};

/// Widths below this many CSS pixels draw the narrow layout.
pub const NARROW: f64 = 500.0;
/// The narrowest and widest drawing, in SVG units.
pub const MIN_WIDTH: f64 = 240.0;
pub const MAX_WIDTH: f64 = 1200.0;

/// Height and margins of one drawing (SVG units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub h: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// A kind of chart: its margins when narrow and when wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub narrow: Margins,
    pub wide: Margins,
}

/// The PnL chart: room above the plot for the level labels (entry, stop, liquidation).
pub const PNL: Layout = Layout {
    narrow: Margins {
        h: 300.0,
        left: 54.0,
        right: 10.0,
        top: 46.0,
        bottom: 30.0,
    },
    wide: Margins {
        h: 360.0,
        left: 70.0,
        right: 18.0,
        top: 50.0,
        bottom: 34.0,
    },
};

/// The risk charts: room below the plot for the axis title.
pub const RISK: Layout = Layout {
    narrow: Margins {
        h: 280.0,
        left: 50.0,
        right: 12.0,
        top: 30.0,
        bottom: 40.0,
    },
    wide: Margins {
        h: 320.0,
        left: 62.0,
        right: 20.0,
        top: 32.0,
        bottom: 42.0,
    },
};

/// The dynamics charts: lower, with room above for the marks' labels.
pub const DYNAMICS: Layout = Layout {
    narrow: Margins {
        h: 260.0,
        left: 52.0,
        right: 10.0,
        top: 46.0,
        bottom: 28.0,
    },
    wide: Margins {
        h: 300.0,
        left: 66.0,
        right: 16.0,
        top: 46.0,
        bottom: 30.0,
    },
};

/// Drawing size and margins in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The frame of a `layout` chart `width` CSS pixels wide.
    pub fn for_width(width: f64, layout: &Layout) -> Frame {
        let (w, m) = if width < NARROW {
            (width.max(MIN_WIDTH), layout.narrow)
        } else {
            (width.min(MAX_WIDTH), layout.wide)
        };
        Frame {
            w,
            h: m.h,
            left: m.left,
            right: m.right,
            top: m.top,
            bottom: m.bottom,
        }
    }

    /// Whether the narrow layout is drawn.
    pub fn narrow(&self) -> bool {
        self.w < NARROW
    }

    /// The plot's horizontal range, left to right.
    pub fn x_range(&self) -> (f64, f64) {
        (self.left, self.w - self.right)
    }

    /// The plot's vertical range: top to bottom is flipped, the range starts at the bottom.
    pub fn y_range(&self) -> (f64, f64) {
        (self.h - self.bottom, self.top)
    }

    /// The scales of the plot for these domains.
    pub fn scales(&self, x: (f64, f64), y: (f64, f64)) -> (Scale, Scale) {
        (Scale::new(x, self.x_range()), Scale::new(y, self.y_range()))
    }

    /// The SVG `viewBox`: the drawing at its own size.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", px(self.w), px(self.h))
    }

    /// A pointer's point in SVG units, from its offset in an element of `client` size (width,
    /// height) that shows the drawing with `preserveAspectRatio="xMidYMid meet"`: one scale,
    /// the drawing centred. `None` for an element with no size.
    pub fn point_of_offset(&self, offset: (f64, f64), client: (f64, f64)) -> Option<(f64, f64)> {
        let (cw, ch) = client;
        if cw <= 0.0 || ch <= 0.0 {
            return None;
        }
        let s = (cw / self.w).min(ch / self.h);
        Some((
            (offset.0 - 0.5 * (cw - self.w * s)) / s,
            (offset.1 - 0.5 * (ch - self.h * s)) / s,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_clamped_and_pick_their_margins() {
        for layout in [PNL, RISK, DYNAMICS] {
            let f = Frame::for_width(100.0, &layout);
            assert_eq!(
                (f.w, f.h, f.left),
                (MIN_WIDTH, layout.narrow.h, layout.narrow.left)
            );
            assert!(f.narrow());
            let f = Frame::for_width(499.0, &layout);
            assert_eq!(f.w, 499.0);
            assert!(f.narrow());
            let f = Frame::for_width(500.0, &layout);
            assert_eq!(
                (f.w, f.h, f.bottom),
                (500.0, layout.wide.h, layout.wide.bottom)
            );
            assert!(!f.narrow());
            assert_eq!(Frame::for_width(5000.0, &layout).w, MAX_WIDTH);
        }
    }

    #[test]
    fn ranges_scales_and_pointer() {
        let f = Frame::for_width(800.0, &RISK);
        assert_eq!(f.x_range(), (62.0, 780.0));
        assert_eq!(f.y_range(), (320.0 - 42.0, 32.0));
        let (x, y) = f.scales((0.0, 10.0), (0.0, 1.0));
        assert_eq!((x.map(0.0), x.map(10.0)), (62.0, 780.0));
        assert_eq!((y.map(0.0), y.map(1.0)), (278.0, 32.0));
        assert_eq!(f.view_box(), "0 0 800 320");
        // Drawn at 800 × 320 units in an element shown 400 × 160 px: the pointer's point doubles.
        assert_eq!(
            f.point_of_offset((100.0, 50.0), (400.0, 160.0)),
            Some((200.0, 100.0))
        );
        // A taller element centres the drawing: 400 × 260 shows it 400 × 160, 50 px down.
        assert_eq!(
            f.point_of_offset((100.0, 150.0), (400.0, 260.0)),
            Some((200.0, 200.0))
        );
        assert_eq!(f.point_of_offset((100.0, 0.0), (0.0, 10.0)), None);
    }
}
