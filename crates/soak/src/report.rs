//! The results table a soak mode prints, and the list of losses that makes it fail.

use std::fmt;

/// What one soak run measured, and what it found missing or inconsistent.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub title: String,
    /// Figures in the order they were added: name and value.
    pub rows: Vec<(String, String)>,
    /// Every loss or inconsistency found; empty means the run passed.
    pub failures: Vec<String>,
    /// Shortcomings that lose nothing (e.g. an error message that does not say what is wrong):
    /// printed for people to fix, without failing the run.
    pub gaps: Vec<String>,
}

impl Report {
    pub fn new(title: impl Into<String>) -> Report {
        Report {
            title: title.into(),
            ..Report::default()
        }
    }

    /// Adds (or replaces) one figure.
    pub fn row(&mut self, name: &str, value: impl fmt::Display) {
        let value = value.to_string();
        match self.rows.iter_mut().find(|(n, _)| n == name) {
            Some(row) => row.1 = value,
            None => self.rows.push((name.to_owned(), value)),
        }
    }

    /// The value of a figure, if it was recorded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.rows
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A figure as a number (for tests).
    pub fn number(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| v.parse().ok())
    }

    pub fn fail(&mut self, what: impl Into<String>) {
        self.failures.push(what.into());
    }

    pub fn gap(&mut self, what: impl Into<String>) {
        self.gaps.push(what.into());
    }

    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        writeln!(f, "{}", self.title)?;
        writeln!(f, "{}", "=".repeat(self.title.chars().count()))?;
        for (name, value) in &self.rows {
            writeln!(f, "{name:<width$}  {value}")?;
        }
        for gap in &self.gaps {
            writeln!(f, "{:<width$}  {gap}", "known gap")?;
        }
        if self.failures.is_empty() {
            writeln!(f, "{:<width$}  PASSED", "result")?;
        } else {
            writeln!(
                f,
                "{:<width$}  FAILED ({} findings)",
                "result",
                self.failures.len()
            )?;
            for failure in self.failures.iter().take(50) {
                writeln!(f, "  - {failure}")?;
            }
            if self.failures.len() > 50 {
                writeln!(f, "  ... and {} more", self.failures.len() - 50)?;
            }
        }
        Ok(())
    }
}
