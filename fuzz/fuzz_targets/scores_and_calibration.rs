//! Calibrated scores and calibrations: `read_scores` in every format (what
//! it reads, `write_scores` writes back so that it reads back the same),
//! and `Calibration::from_json` / `Calibration::read` (a calibration that
//! parses maps any raw influence to a score from 1 to 100, and survives
//! `to_json`). Must never panic; errors are fine.

#![no_main]

use influence::io;
use influence::score::Calibration;
use libfuzzer_sys::fuzz_target;

mod common;

fn check_calibration(cal: &Calibration) {
    let mut raws = vec![
        0.0,
        -0.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        5e-324,
        1e-300,
        1e-10,
        0.5,
        1.0,
        2.0,
        1e10,
        1e300,
        f64::MAX,
    ];
    // Round trips through JSON give the knots back; probe around them.
    let json = cal.to_json();
    let back = Calibration::from_json(&json);
    assert_eq!(back.as_ref().ok(), Some(cal), "calibration JSON round trip: {back:?}");
    if let Ok(serde_json::Value::Array(knots)) =
        serde_json::from_str::<serde_json::Value>(&json).map(|v| v["knots"].clone())
    {
        for k in knots.iter().filter_map(|k| k.get(0).and_then(serde_json::Value::as_f64)) {
            raws.extend([k, k * 0.5, k * 2.0, k * (1.0 + 1e-9), k * (1.0 - 1e-9)]);
        }
    }
    for raw in raws {
        let score = cal.apply(raw);
        assert!((1.0..=100.0).contains(&score), "apply({raw:e}) = {score} is outside 1..=100 for {cal:?}");
    }
}

fuzz_target!(init: common::single_thread(), |data: &[u8]| {
    if data.len() > common::MAX_LEN {
        return;
    }
    for format in common::OUTPUT_FORMATS {
        if let Ok(scores) = io::read_scores(data, format, None) {
            let mut out = Vec::new();
            if io::write_scores(&scores, &mut out, format, None).is_ok() {
                let back = io::read_scores(out.as_slice(), format, None);
                assert_eq!(back.as_ref().ok(), Some(&scores), "{format} round trip: {back:?}");
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(cal) = Calibration::from_json(text) {
            check_calibration(&cal);
        }
    }
    if let Ok(cal) = Calibration::read(data, None) {
        check_calibration(&cal);
    }
});
