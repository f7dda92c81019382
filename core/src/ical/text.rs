//! Content lines: `NAME;PARAM=VALUE:value`, TEXT values escaped (backslash, semicolon, comma,
//! newline), every line folded so that no line is longer than 75 octets before its CRLF, never
//! inside a UTF-8 sequence (RFC 5545 §3.1, §3.3.11).

/// The longest line, in octets, not counting the CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// A TEXT value escaped: `\` → `\\`, `;` → `\;`, `,` → `\,`, a line break → `\n`; other
/// control characters (never meaningful in a lesson's topic) are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted when it holds `:`, `;` or `,`; double quotes and control
/// characters (which a parameter cannot carry) are dropped.
pub fn param_value(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// One logical line folded into physical lines, each ended by CRLF. A continuation line
/// starts with one space, which counts towards its 75 octets. A fold never splits a UTF-8
/// character, and avoids leaving a line ending in a space (some readers trim line ends).
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 60 * 3 + 2);
    let mut rest = line;
    let mut budget = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= budget {
            out.push_str(rest);
            out.push_str("\r\n");
            return out;
        }
        let mut cut = budget;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Do not end a physical line with a space when an earlier cut is possible.
        let mut nice = cut;
        while nice > 1 && rest.as_bytes()[nice - 1] == b' ' {
            nice -= 1;
            while !rest.is_char_boundary(nice) {
                nice -= 1;
            }
        }
        if nice > 0 && rest.as_bytes()[nice - 1] != b' ' {
            cut = nice;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        budget = MAX_LINE_OCTETS - 1;
    }
}

/// Builds an iCalendar object line by line.
#[derive(Debug, Default)]
pub struct IcsWriter {
    out: String,
}

impl IcsWriter {
    pub fn new() -> Self {
        IcsWriter::default()
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", &[], component);
    }

    /// `END:NAME`.
    pub fn end(&mut self, component: &str) {
        self.raw("END", &[], component);
    }

    /// A property whose value is already in its type's form (dates, offsets, keywords).
    pub fn raw(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::from(name);
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(&param_value(v));
        }
        line.push(':');
        line.push_str(value);
        self.out.push_str(&fold_line(&line));
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &[], &escape_text(value));
    }

    /// The object's text, CRLF line ends.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("Дроби; задачи 1,2\\3\r\nстр. 5\nи 6"),
            "Дроби\\; задачи 1\\,2\\\\3\\nстр. 5\\nи 6"
        );
        assert_eq!(escape_text("a\rb\u{7}c"), "a\\nbc");
        assert_eq!(param_value("Europe/Moscow"), "Europe/Moscow");
        assert_eq!(param_value("a:b\"c"), "\"a:bc\"");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold_line("SUMMARY:Математика"), "SUMMARY:Математика\r\n");
        let exact = "X".repeat(MAX_LINE_OCTETS);
        assert_eq!(fold_line(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let value = "Домашнее задание: решить задачи из учебника, параграф 12, упражнения 3–7, и повторить таблицу умножения";
        let line = format!("DESCRIPTION:{}", escape_text(value));
        let folded = fold_line(&line);
        assert!(folded.ends_with("\r\n"));
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() >= 3, "{physical:?}");
        for (i, p) in physical.iter().enumerate() {
            assert!(p.len() <= MAX_LINE_OCTETS, "line {i}: {} octets", p.len());
            assert!(!p.ends_with(' '), "line {i} ends with a space: {p:?}");
            if i > 0 {
                assert!(p.starts_with(' '), "continuation {i}");
            }
        }
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_character_whatever_its_width() {
        for lead in 0..8 {
            let line = format!("{}{}", "a".repeat(lead), "ж€😀".repeat(40));
            let folded = fold_line(&line);
            for p in folded.split("\r\n") {
                assert!(p.len() <= MAX_LINE_OCTETS);
            }
            assert_eq!(unfold(&folded), format!("{line}\r\n"));
        }
        // A run of spaces longer than a line still folds (inside the run).
        let spaces = format!("X:{}", " ".repeat(200));
        assert_eq!(unfold(&fold_line(&spaces)), format!("{spaces}\r\n"));
    }

    #[test]
    fn the_writer_writes_crlf_content_lines() {
        let mut w = IcsWriter::new();
        w.begin("VEVENT");
        w.raw("DTSTART", &[("TZID", "Europe/Moscow")], "20261125T090000");
        w.text("LOCATION", "каб. 12, 2 этаж");
        w.end("VEVENT");
        assert_eq!(
            w.finish(),
            "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Moscow:20261125T090000\r\n\
             LOCATION:каб. 12\\, 2 этаж\r\nEND:VEVENT\r\n"
        );
    }
}
