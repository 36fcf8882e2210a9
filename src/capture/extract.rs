//! The text of a captured original, one paragraph per line: the article of a web page (not its
//! navigation), the text of a PDF or a Markdown file with its wrapped lines joined, or a text
//! file line for line.

use super::CaptureError;
use std::path::Path;

/// What an original is, which decides how its text is had and the name it is kept under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Pdf,
}

impl Kind {
    /// The extension of the kept original. A text original is not `ID.txt`: that is its text,
    /// whose wrapped lines are joined.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Text => "original.txt",
            Kind::Markdown => "md",
            Kind::Html => "html",
            Kind::Pdf => "pdf",
        }
    }

    /// A media type as a server sends it (without parameters), if it is one `capture` reads.
    pub fn of_media_type(media: &str) -> Option<Kind> {
        match media.trim().to_ascii_lowercase().as_str() {
            "text/html" | "application/xhtml+xml" => Some(Kind::Html),
            "application/pdf" => Some(Kind::Pdf),
            "text/markdown" | "text/x-markdown" => Some(Kind::Markdown),
            "text/plain" => Some(Kind::Text),
            _ => None,
        }
    }

    /// A file's kind: a PDF by its signature, else by its extension (HTML and Markdown), else text.
    pub fn of_file(path: &Path, bytes: &[u8]) -> Kind {
        if bytes.starts_with(b"%PDF-") {
            return Kind::Pdf;
        }
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Kind::Html,
            "md" | "markdown" => Kind::Markdown,
            "pdf" => Kind::Pdf,
            _ => Kind::Text,
        }
    }
}

/// The text of `bytes`, one paragraph per line, ending with a newline; `from` (the URL or
/// file name) resolves the page's relative links and names it in errors; `charset` is the
/// encoding a server declared for a page.
pub fn paragraphs(bytes: &[u8], kind: Kind, from: &str, charset: Option<&str>) -> Result<String, CaptureError> {
    let utf8 = || {
        std::str::from_utf8(bytes).map_err(|_| {
            CaptureError::Extract(format!("`{from}` is not UTF-8 text; convert it, or capture its HTML or PDF"))
        })
    };
    let text = match kind {
        // A text file's non-empty lines are already what `¶N` counts: its locators stay true.
        Kind::Text => lines(utf8()?),
        Kind::Markdown => blocks(utf8()?),
        Kind::Html => lines(&article(&decode_html(bytes, charset), from)),
        Kind::Pdf => blocks(&pdf(bytes, from)?),
    };
    if text.is_empty() {
        return Err(CaptureError::Extract(format!("`{from}` has no text to keep")));
    }
    Ok(text)
}

/// A page's text in the encoding its server or its `<meta>` declares (a byte-order mark wins, as
/// in browsers), else UTF-8; bytes that are not of it become U+FFFD.
fn decode_html(bytes: &[u8], declared: Option<&str>) -> String {
    let label = declared.map(str::to_string).or_else(|| meta_charset(bytes));
    let encoding =
        label.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes())).unwrap_or(encoding_rs::UTF_8);
    encoding.decode(bytes).0.into_owned()
}

/// The `charset=` of a page's head: `<meta charset="…">` or `<meta http-equiv … content="…;
/// charset=…">`, in the first bytes, where browsers look for it.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("<meta").and_then(|m| head[m..].find("charset=").map(|c| m + c + "charset=".len()))?;
    let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "-_:.".contains(c))).unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

/// Paragraphs as blocks of lines between blank lines, each block's lines joined by a space:
/// text and PDFs break lines where the page ends, not where the paragraph does.
fn blocks(text: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    for line in text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")) {
        if line.is_empty() {
            if open {
                out.push('\n');
            }
            open = false;
            continue;
        }
        if open {
            out.push(' ');
        }
        out.push_str(&line);
        open = true;
    }
    if open {
        out.push('\n');
    }
    out
}

/// Each non-empty line a paragraph, its whitespace made single spaces.
fn lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The article of a web page as text, its paragraphs on lines of their own: Readability's
/// choice of the main content. A page too short or too odd for it to choose is kept whole.
fn article(html: &str, from: &str) -> String {
    let config = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    // Readability resolves links against an absolute URL, and refuses a file name.
    let url = (from.starts_with("http://") || from.starts_with("https://")).then_some(from);
    let parsed = dom_smoothie::Readability::new(html, url, Some(config)).and_then(|mut r| r.parse());
    match parsed {
        Ok(article) if !article.text_content.trim().is_empty() => {
            let mut text = String::new();
            if !article.title.trim().is_empty() {
                text.push_str(article.title.trim());
                text.push('\n');
            }
            text.push_str(&article.text_content);
            text
        }
        _ => {
            let decorator = html2text::render::TrivialDecorator::new();
            html2text::from_read_with_decorator(html.as_bytes(), 100_000, decorator).unwrap_or_default()
        }
    }
}

/// The text of a PDF. The extractor is given untrusted bytes and is not known never to panic on
/// them, so a panic is caught and reported as the file's fault.
fn pdf(bytes: &[u8], from: &str) -> Result<String, CaptureError> {
    let bytes = bytes.to_vec();
    let extracted = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&bytes));
    match extracted {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(CaptureError::Extract(format!("cannot read the text of the PDF `{from}`: {e}"))),
        Err(_) => Err(CaptureError::Extract(format!("cannot read the text of the PDF `{from}`: it is malformed"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_joined_into_paragraphs() {
        let text = "Title\n\nFirst line\n  of a paragraph.\n\n\nSecond.\n";
        assert_eq!(blocks(text), "Title\nFirst line of a paragraph.\nSecond.\n");
    }

    #[test]
    fn a_page_keeps_its_article_not_its_navigation() {
        let para = "The port authority closed the harbour at dawn on Tuesday after the storm. ".repeat(4);
        let html = format!(
            "<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a> <a href='/x'>Sport</a></nav>\
             <article><h1>Harbour closed</h1><p>{para}</p><p>Ships waited offshore for two days, the \
             harbour master said, and more words to make it an article. {para}</p></article>\
             <footer>Copyright</footer></body></html>"
        );
        let text = paragraphs(html.as_bytes(), Kind::Html, "https://example.org/a", None).unwrap();
        assert!(text.contains("Ships waited offshore for two days"), "{text}");
        assert!(!text.contains("Sport") && !text.contains("Copyright"), "{text}");
        assert!(text.lines().all(|l| !l.trim().is_empty()));
    }

    #[test]
    fn a_page_is_read_in_the_encoding_it_declares() {
        // "Привет" in windows-1251, declared by the server or by the page.
        let cyrillic =
            b"<html><head><meta charset=\"windows-1251\"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>";
        assert!(decode_html(cyrillic, None).contains("Привет"));
        let bare = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(bare, Some("windows-1251")).contains("Привет"));
        assert!(decode_html("<p>Zoë</p>".as_bytes(), None).contains("Zoë"), "UTF-8 by default");
        let http_equiv = b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'><p>Zo\xeb</p>";
        assert!(decode_html(http_equiv, None).contains("Zoë"));
    }

    #[test]
    fn kinds_come_from_media_types_and_names() {
        assert_eq!(Kind::of_media_type("text/html"), Some(Kind::Html));
        assert_eq!(Kind::of_media_type("image/png"), None);
        assert_eq!(Kind::of_file(Path::new("a.HTM"), b"<p>"), Kind::Html);
        assert_eq!(Kind::of_file(Path::new("a.bin"), b"%PDF-1.4"), Kind::Pdf);
        assert_eq!(Kind::of_file(Path::new("notes"), b"x"), Kind::Text);
    }

    #[test]
    fn a_broken_pdf_is_an_error_not_a_panic() {
        let why = paragraphs(b"%PDF-1.4\n garbage", Kind::Pdf, "a.pdf", None).unwrap_err().to_string();
        assert!(why.starts_with("cannot read the text of the PDF `a.pdf`"), "{why}");
    }
}
