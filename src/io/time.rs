//! Parsing interaction times (Unix seconds or an ISO 8601 date and time)
//! and writing them back as ISO 8601 UTC date-times.
//!
//! Accepted: Unix seconds as an integer (`1700000000`, negative for before
//! 1970) or with a fraction (`1289241911.72836`, rounded down to the whole
//! second before it: `-1.5` is `-2`); a date `YYYY-MM-DD` (midnight UTC); a
//! date and time `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD HH:MM:SS` (a space for
//! the `T`, as SQL exports write it), with optional fractional seconds
//! (rounded down) and an optional zone: `Z`, or an offset `+HH:MM`,
//! `-HH:MM`, `+HHMM` or `+HH`. A date and time without a zone is UTC: the
//! zone is never guessed from the machine. This module must never consult
//! the local time zone or the clock.

use super::fields::quote;
use crate::error::{Error, Result};

/// What [`parse_time`] accepts, for error messages.
const ACCEPTED: &str = "Unix seconds, YYYY-MM-DD or YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+HH:MM], UTC unless a zone is given";

/// Parses `text` (surrounding whitespace ignored) as Unix seconds.
///
/// # Errors
///
/// A parse error quoting `text` when it is neither a number of seconds nor
/// a valid date, including impossible dates such as `2023-02-29`.
pub(crate) fn parse_time(text: &str) -> Result<i64> {
    let t = text.trim();
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().map_err(|_| out_of_range(text));
    }
    if let Some((whole, fraction)) = unsigned.split_once('.') {
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if all_digits(whole) && all_digits(fraction) {
            let seconds = whole.parse::<i64>().map_err(|_| out_of_range(text))?;
            let negative = t.starts_with('-');
            // Rounded down: before 1970 that is away from zero, unless the
            // fraction is all zeros.
            let down = negative && fraction.bytes().any(|b| b != b'0');
            let value = if negative { seconds.checked_neg() } else { Some(seconds) };
            return value.and_then(|v| v.checked_sub(i64::from(down))).ok_or_else(|| out_of_range(text));
        }
    }
    parse_iso(t).ok_or_else(|| Error::parse(format!("time {} is neither {ACCEPTED}", quote(text))))
}

fn out_of_range(text: &str) -> Error {
    Error::parse(format!("time {} is out of range", quote(text)))
}

/// `time` (Unix seconds) as `YYYY-MM-DDTHH:MM:SSZ`, or as the integer when
/// its year lies outside 0000–9999; either way [`parse_time`] reads it back.
pub(crate) fn format_time(time: i64) -> String {
    let (days, seconds) = (time.div_euclid(86_400), time.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return time.to_string();
    }
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// `YYYY-MM-DD[(T| )HH:MM:SS[.fff][zone]]` as Unix seconds, or `None` if
/// malformed or not a real date and time.
fn parse_iso(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(&b[..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date = days_from_civil(year, month, day) * 86_400;
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b[10], b'T' | b' ') || b.len() < 19 {
        return None;
    }
    let time = &b[11..19];
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (h, m, s) = (digits(&time[..2])?, digits(&time[3..5])?, digits(&time[6..8])?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        // Fractional seconds, rounded down: only their digits are checked.
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &fraction[n..];
    }
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), zone @ ..] => {
            let (hours, minutes) = match zone {
                [_, _] => (digits(zone)?, 0),
                [_, _, b':', _, _] => (digits(&zone[..2])?, digits(&zone[3..])?),
                [_, _, _, _] => (digits(&zone[..2])?, digits(&zone[2..])?),
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    // The local time is UTC plus the offset.
    Some(date + h * 3600 + m * 60 + s - offset)
}

/// The value of an all-digit ASCII slice.
fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// Howard Hinnant's `days_from_civil` ("chrono-Compatible Low-Level Date
/// Algorithms", 2013): shift the year to start in March so that the leap day
/// ends it, then count 400-year eras of 146 097 days.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01: the inverse of
/// [`days_from_civil`] (Hinnant's `civil_from_days`, same paper).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_timestamps() {
        assert_eq!(parse_time("1970-01-01").unwrap(), 0);
        assert_eq!(parse_time("2000-03-01").unwrap(), 951_868_800);
        assert_eq!(parse_time("2023-11-14T22:13:20Z").unwrap(), 1_700_000_000);
        assert_eq!(parse_time("2023-11-14T22:13:20").unwrap(), 1_700_000_000);
        assert_eq!(parse_time("1969-12-31T23:59:59").unwrap(), -1);
        assert_eq!(parse_time("2024-02-29").unwrap(), 1_709_164_800);
        assert_eq!(parse_time(" 1700000000 ").unwrap(), 1_700_000_000);
        assert_eq!(parse_time("-5").unwrap(), -5);
    }

    #[test]
    fn formatted_times_read_back() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_time(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(format_time(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_time(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(format_time(i64::MAX), i64::MAX.to_string());
        assert_eq!(format_time(i64::MIN), i64::MIN.to_string());
        for t in [0, 1, -1, 951_868_800, 1_709_164_799, -62_167_219_200, 253_402_300_799, 253_402_300_800, i64::MIN] {
            assert_eq!(parse_time(&format_time(t)).unwrap(), t, "{t}");
        }
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn fractional_seconds_round_down() {
        assert_eq!(parse_time("1289241911.72836").unwrap(), 1_289_241_911);
        assert_eq!(parse_time("1289241911.0").unwrap(), 1_289_241_911);
        assert_eq!(parse_time("0.999").unwrap(), 0);
        assert_eq!(parse_time("-1.5").unwrap(), -2);
        assert_eq!(parse_time("-1.000").unwrap(), -1);
        assert_eq!(parse_time("-0.5").unwrap(), -1);
    }

    #[test]
    fn date_times_with_a_space_fractions_and_zones() {
        let t = 1_700_000_000;
        assert_eq!(parse_time("2023-11-14 22:13:20").unwrap(), t);
        assert_eq!(parse_time("2023-11-14T22:13:20.999Z").unwrap(), t);
        assert_eq!(parse_time("2023-11-14 22:13:20.5").unwrap(), t);
        assert_eq!(parse_time("2023-11-15T00:13:20+02:00").unwrap(), t);
        assert_eq!(parse_time("2023-11-15T00:13:20+0200").unwrap(), t);
        assert_eq!(parse_time("2023-11-15T00:13:20+02").unwrap(), t);
        assert_eq!(parse_time("2023-11-14T17:43:20-04:30").unwrap(), t);
        assert_eq!(parse_time("2023-11-14 22:13:20z").unwrap(), t);
        // Enron's placeholder date, read as UTC.
        assert_eq!(parse_time("1979-12-31 21:00:00").unwrap(), 315_522_000);
    }

    #[test]
    fn impossible_or_malformed_times_are_errors() {
        for bad in [
            "",
            "-",
            ".5",
            "1.",
            "1.5.2",
            "1e9",
            "+5",
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-1-01",
            "2023-01-01T24:00:00",
            "2023-01-01 10:00",
            "2023-01-01T10:00:00.",
            "2023-01-01T10:00:00+2:00",
            "2023-01-01T10:00:00+24:00",
            "2023-01-01T10:00:00+02:60",
            "2023-01-01T10:00:00 UTC",
            "2023-01-01T10:00:00ZZ",
            "2023-01-01x10:00:00",
            "yesterday",
            "99999999999999999999",
            "99999999999999999999.5",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        let err = parse_time("soon").unwrap_err().to_string();
        assert!(err.contains("\"soon\"") && err.contains("UTC unless a zone is given"), "{err}");
    }
}
