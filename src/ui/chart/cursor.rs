//! The keyboard cursor of every chart: which point (or heatmap cell) a key moves it to.
//!
//! One rule for the page: ←/→ move along the x axis by one point, [`SHIFT_STEP`] with Shift;
//! on a chart of one row ↓/↑ do the same (as a slider does), on a grid they move by row;
//! Home/End go to the ends of the row; Escape clears the cursor.

/// Points (or rows) a Shift+arrow moves the cursor.
pub const SHIFT_STEP: usize = 10;

/// What a key does to the cursor at `(i, j)` of a chart of `n` points by `m` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// The cursor goes here.
    To(usize, usize),
    /// Escape: no cursor.
    Clear,
    /// A key the cursor ignores.
    Ignore,
}

/// The cursor's move for `key` (a `KeyboardEvent.key`), with Shift held or not.
pub fn key_move(key: &str, shift: bool, (i, j): (usize, usize), (n, m): (usize, usize)) -> Move {
    let step = if shift { SHIFT_STEP } else { 1 };
    let (last_i, last_j) = (n.saturating_sub(1), m.saturating_sub(1));
    let back = i.saturating_sub(step);
    let on = (i + step).min(last_i);
    Move::To(
        match key {
            "ArrowLeft" => back,
            "ArrowRight" => on,
            "ArrowDown" if m <= 1 => back,
            "ArrowUp" if m <= 1 => on,
            "ArrowDown" => return Move::To(i, j.saturating_sub(step)),
            "ArrowUp" => return Move::To(i, (j + step).min(last_j)),
            "Home" => 0,
            "End" => last_i,
            "Escape" => return Move::Clear,
            _ => return Move::Ignore,
        },
        j,
    )
}

/// [`key_move`] for a keyboard event on a chart of `cells`, the cursor at `cur`: the event's
/// default (scrolling) is prevented when the cursor moves.
pub fn on_key(ev: &leptos::ev::KeyboardEvent, cur: (usize, usize), cells: (usize, usize)) -> Move {
    let m = key_move(&ev.key(), ev.shift_key(), cur, cells);
    if matches!(m, Move::To(..)) {
        ev.prevent_default();
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_move_the_cursor_along_a_line() {
        let line = (30, 1);
        assert_eq!(key_move("ArrowRight", false, (3, 0), line), Move::To(4, 0));
        assert_eq!(key_move("ArrowUp", false, (3, 0), line), Move::To(4, 0));
        assert_eq!(key_move("ArrowLeft", false, (3, 0), line), Move::To(2, 0));
        assert_eq!(key_move("ArrowDown", false, (3, 0), line), Move::To(2, 0));
        assert_eq!(key_move("ArrowRight", true, (3, 0), line), Move::To(13, 0));
        assert_eq!(key_move("ArrowRight", true, (25, 0), line), Move::To(29, 0));
        assert_eq!(key_move("ArrowLeft", true, (3, 0), line), Move::To(0, 0));
        assert_eq!(key_move("Home", false, (5, 0), line), Move::To(0, 0));
        assert_eq!(key_move("End", false, (5, 0), line), Move::To(29, 0));
        assert_eq!(key_move("Escape", false, (5, 0), line), Move::Clear);
        assert_eq!(key_move("a", true, (5, 0), line), Move::Ignore);
        // An empty chart keeps the cursor at its start.
        assert_eq!(
            key_move("ArrowRight", false, (0, 0), (0, 1)),
            Move::To(0, 0)
        );
    }

    #[test]
    fn keys_move_the_cursor_inside_a_grid() {
        let grid = (50, 30);
        assert_eq!(key_move("ArrowUp", false, (5, 29), grid), Move::To(5, 29));
        assert_eq!(key_move("ArrowUp", false, (5, 3), grid), Move::To(5, 4));
        assert_eq!(key_move("ArrowUp", true, (5, 3), grid), Move::To(5, 13));
        assert_eq!(key_move("ArrowDown", true, (5, 3), grid), Move::To(5, 0));
        assert_eq!(key_move("ArrowDown", false, (5, 0), grid), Move::To(5, 0));
        assert_eq!(key_move("ArrowRight", true, (45, 7), grid), Move::To(49, 7));
        assert_eq!(key_move("End", false, (0, 7), grid), Move::To(49, 7));
    }
}
