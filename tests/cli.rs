//! The `levcalc` command line: documented behaviour, clear errors, never a panic.

use std::io::Write;
use std::process::{Command, Stdio};

fn levcalc(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_levcalc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("levcalc runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn eval_reads_a_file_and_prints_the_report() {
    let (code, example, _) = levcalc(&["example"], None);
    assert_eq!(code, 0);
    let dir = std::env::temp_dir().join(format!("levcalc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    std::fs::write(&path, &example).unwrap();
    let (code, out, err) = levcalc(&["eval", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "liquidation_price",
        "bankruptcy_price",
        "initial_margin",
        "maintenance_margin",
        "maintenance_rate",
        "maintenance_amount",
        "bracket",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "report lacks {key}");
    }
    // (3000 − 30000) / (0.5 × (0.004 − 1)) for the opening example.
    assert!(v["liquidation_price"]
        .as_str()
        .unwrap()
        .starts_with("54216.867469879518"));
}

#[test]
fn eval_reads_stdin_and_takes_numbers_or_strings() {
    let s = r#"{"version":1,"venue":"binance-usdm","symbol":"ETHUSDT","side":"short","entry_price":3000,"quantity":"2","leverage":10}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["bracket"]["tier"], 1);
    assert_eq!(v["maintenance_rate"], "0.004");
}

#[test]
fn bad_input_is_a_clear_message_and_a_nonzero_exit() {
    for (input, needle) in [
        ("{not json", "line 1"),
        (
            r#"{"version":1,"entry_price":-5,"leverage":10,"quantity":1,"maintenance":{"rate":0.004}}"#,
            "entry_price",
        ),
        (r#"{"version":2,"entry_price":5,"leverage":10}"#, "version"),
        ("", "EOF"),
    ] {
        let (code, out, err) = levcalc(&["eval", "-"], Some(input));
        assert_eq!(code, 2, "{input}: {out}{err}");
        assert!(err.contains(needle), "{input}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = levcalc(&["eval", "/nonexistent/file.json"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
    let (code, _, _) = levcalc(&["frobnicate"], None);
    assert_ne!(code, 0);
}
