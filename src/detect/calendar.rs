//! Calendar words shared by the detectors: a weekday is a date for a claim, an
//! adjunct after a cue ("said on Monday that") and never a speaker's name.

pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `word` is a day of the week, in any case.
pub fn is_weekday(word: &str) -> bool {
    WEEKDAYS.iter().any(|day| day.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_in_any_case_and_nothing_else() {
        assert!(is_weekday("Monday") && is_weekday("SUNDAY"));
        assert!(!is_weekday("Mon") && !is_weekday("May") && !is_weekday("Mondays"));
    }
}
