//! The fictional acts of the complete example, as tiny one-page PDFs written here: a
//! document to attach that is plainly not a real body's act.

/// A one-page PDF (A4, Helvetica 12) with `lines` of text, each on its own line; characters
/// outside Latin-1 become `?`.
pub fn one_page(lines: &[&str]) -> String {
    let mut text = String::from("BT /F1 12 Tf 16 TL 72 770 Td");
    for line in lines {
        text.push_str(&format!(" ({}) Tj T*", escape(line)));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        pdf.push_str(&format!("{o:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf
}

/// A PDF string's content: `\`, `(` and `)` escaped, Latin-1 letters as octal codes
/// (WinAnsi agrees with Latin-1 on the accented letters), so the file stays ASCII.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\\' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            '\u{a0}'..='\u{ff}' => out.push_str(&format!("\\{:03o}", c as u32)),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_points_at_each_object() {
        let pdf = one_page(&["Ente di esempio", "Città (fittizia)"]);
        assert!(pdf.starts_with("%PDF-1.4\n") && pdf.ends_with("%%EOF\n"));
        assert!(pdf.is_ascii());
        assert!(pdf.contains("(Citt\\340 \\(fittizia\\)) Tj"));
        let start: usize = pdf
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(pdf[start..].starts_with("xref\n0 6\n"));
        let entries: Vec<usize> = pdf[start..]
            .lines()
            .skip(3)
            .take(5)
            .map(|l| l[..10].parse().unwrap())
            .collect();
        for (i, at) in entries.iter().enumerate() {
            assert!(pdf[*at..].starts_with(&format!("{} 0 obj\n", i + 1)));
        }
        let (_, stream) = pdf.split_once("stream\n").unwrap();
        let length: usize = pdf
            .split("/Length ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert_eq!(&stream[length..length + 10], "\nendstream");
    }
}
