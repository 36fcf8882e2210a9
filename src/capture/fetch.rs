//! Fetching a URL for `capture`: the one place the program uses the network. One GET, with a
//! time limit for the whole exchange, a size limit, a limited number of redirects (each one
//! reported), the proxy the environment names (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`…), and
//! only kinds of document whose text can be kept.

use super::{CaptureError, Got, Kind, Settings};
use crate::text::clean_line;
use ureq::ResponseExt;

/// Fetches `url` within `settings`.
pub fn get(url: &str, settings: &Settings) -> Result<Got, CaptureError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(settings.redirects)
        .save_redirect_history(true)
        .http_status_as_error(true)
        .user_agent(concat!("timeline/", env!("CARGO_PKG_VERSION"), " (capture)"))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| failed(url, e, settings))?;
    let history: Vec<String> = response
        .get_redirect_history()
        .unwrap_or_default()
        .iter()
        .map(|u| without_credentials(&u.to_string()))
        .collect();
    let from = without_credentials(&response.get_uri().to_string());
    let body = response.body_mut();
    let media = body.mime_type().unwrap_or("").to_string();
    let charset = body.charset().map(str::to_string);
    let kind = Kind::of_media_type(&media).ok_or_else(|| {
        CaptureError::Fetch(format!(
            "`{}` is `{}`, not a web page, PDF or text: capture reads only those (save another kind of \
             document as one and capture the file)",
            clean_line(&from),
            clean_line(if media.is_empty() { "of no stated type" } else { &media })
        ))
    })?;
    let bytes = body.with_config().limit(settings.limit).read_to_vec().map_err(|e| failed(&from, e, settings))?;
    // The history holds the address asked for, then each one redirected to.
    let redirects = if history.len() > 1 { history } else { Vec::new() };
    Ok(Got { bytes, kind, charset, from, redirects })
}

/// The URL without a user name and password (`https://user:pw@host/`): they must not be
/// written into the timeline, which is shared, nor printed.
pub fn without_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// What went wrong, in words, with what to do where there is something.
fn failed(url: &str, e: ureq::Error, settings: &Settings) -> CaptureError {
    let url = without_credentials(url);
    let url = clean_line(&url);
    CaptureError::Fetch(match e {
        ureq::Error::Timeout(_) => format!(
            "`{url}` did not answer within {} seconds (--timeout gives it longer)",
            settings.timeout.as_secs_f64()
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("`{url}` is larger than {} MB, the limit of a copy (--limit raises it)", settings.limit / (1 << 20))
        }
        ureq::Error::TooManyRedirects => {
            format!("`{url}` redirects more than {} times; capture the address it ends at", settings.redirects)
        }
        ureq::Error::StatusCode(code) => format!("`{url}` answered with HTTP status {code}"),
        ureq::Error::HostNotFound => format!("the host of `{url}` is not found"),
        e => format!("cannot fetch `{url}`: {}", clean_line(&e.to_string())),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn credentials_never_leave_the_url_they_came_in() {
        use super::without_credentials as w;
        assert_eq!(w("http://user:secretpw@127.0.0.1:8/page"), "http://127.0.0.1:8/page");
        assert_eq!(w("https://a@b@host/x?y=@z"), "https://host/x?y=@z");
        assert_eq!(w("https://host/path@x"), "https://host/path@x");
        assert_eq!(w("not a url"), "not a url");
    }
}
