//! A short seeded fuzz run at every entry point (the long one is `scripts/fuzz 1000000`):
//! no panic, no NaN or infinity shown. Timing is checked by the release run, not here (this
//! is a debug build).

use levcalc::fuzz::{run, ENTRIES};

#[test]
fn every_entry_point_survives_a_short_seeded_run() {
    levcalc::fuzz::report_panics();
    for entry in ENTRIES {
        let o = run(entry, 1_500, 7);
        assert_eq!(o.inputs, 1_500);
        assert_eq!(o.panics, 0, "{entry}: {:#?}", o.findings);
        assert_eq!(o.non_finite, 0, "{entry}: {:#?}", o.findings);
        // The mutations must reach the engine, or the run proves little.
        assert!(
            o.evaluated > 50,
            "{entry}: only {} inputs evaluated",
            o.evaluated
        );
    }
}
