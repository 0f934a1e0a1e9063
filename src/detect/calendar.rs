//! Calendar words shared by the detectors: a weekday or a month is a date for
//! a claim and never a speaker's name; a weekday is also an adjunct after a cue
//! ("said on Monday that").

pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The months but May, which in running text is mostly the verb: a claim's
/// date feature leaves it out.
pub const MONTHS_BUT_MAY: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `word` names a month, in any case ("May" included).
pub fn is_month(word: &str) -> bool {
    word.eq_ignore_ascii_case("may") || MONTHS_BUT_MAY.iter().any(|m| m.eq_ignore_ascii_case(word))
}

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

    #[test]
    fn months_in_any_case_may_only_as_a_month() {
        assert!(is_month("January") && is_month("MAY") && is_month("december"));
        assert!(!is_month("Jan") && !is_month("Monday") && !is_month("mayor"));
        assert!(!MONTHS_BUT_MAY.contains(&"may"));
    }
}
