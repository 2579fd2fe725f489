//! Terminal charts: horizontal bars and sparklines, in Unicode block characters or, when the
//! terminal cannot show them (or `--ascii` asks), in plain ASCII.

/// A bar of `width` cells for a 0..=100 value: filled cells, then the empty rest.
pub fn bar(value: u32, width: usize, ascii: bool) -> String {
    let value = value.min(100) as usize;
    let (full, empty) = if ascii { ('#', '.') } else { ('█', '░') };
    // Eighths of a cell in Unicode, whole cells in ASCII.
    if ascii {
        let filled = (value * width + 50) / 100;
        return format!(
            "{}{}",
            full.to_string().repeat(filled),
            empty.to_string().repeat(width - filled)
        );
    }
    let eighths = (value * width * 8 + 50) / 100;
    let mut out = full.to_string().repeat(eighths / 8);
    let mut cells = eighths / 8;
    if !eighths.is_multiple_of(8) {
        out.push([' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]);
        cells += 1;
    }
    out.push_str(&empty.to_string().repeat(width - cells));
    out
}

/// A sparkline of 0..=100 values, one character each: `▁▂▃▄▅▆▇█`, or in ASCII `_.-=+*#`.
pub fn sparkline(values: &[u32], ascii: bool) -> String {
    let levels: &[char] = if ascii {
        &['_', '.', '-', '=', '+', '*', '#']
    } else {
        &['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
    };
    values
        .iter()
        .map(|v| {
            let top = levels.len() - 1;
            levels[(*v.min(&100) as usize * top + 50) / 100]
        })
        .collect()
}

/// A sparkline of counts scaled to the largest; zero stays at the floor.
pub fn counts(values: &[usize], ascii: bool) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let scaled: Vec<u32> = values.iter().map(|v| (v * 100 / max) as u32).collect();
    sparkline(&scaled, ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(50, 10, true), "#####.....");
        assert_eq!(bar(100, 4, false), "████");
        assert_eq!(bar(0, 4, false), "░░░░");
        assert_eq!(bar(55, 2, false).chars().count(), 2);
        assert_eq!(bar(130, 3, true), "###");
    }

    #[test]
    fn sparklines_map_the_range() {
        assert_eq!(sparkline(&[0, 50, 100], false), "▁▅█");
        assert_eq!(sparkline(&[0, 50, 100], true), "_=#");
        assert_eq!(counts(&[0, 2, 4], true), "_=#");
        assert!(sparkline(&[10, 90], true).is_ascii());
    }
}
