//! Which recorded request answers a new one, and, when none does, the closest one and what
//! differs. Requests are compared scrubbed, on their method, URL (query parameters in any order)
//! and body (form fields in any order, JSON by value); headers are not compared.

use serde_json::Value;
use url::Url;

use super::format::Request;
use super::scrub::is_form;

/// A request, as compared.
#[derive(Debug, PartialEq)]
struct Shape {
    method: String,
    origin: String,
    path: String,
    query: Vec<(String, String)>,
    body: BodyShape,
}

#[derive(Debug, PartialEq)]
enum BodyShape {
    Form(Vec<(String, String)>),
    Json(Value),
    Text(String),
}

fn sorted_pairs(encoded: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(encoded.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

impl Shape {
    fn of(request: &Request) -> Shape {
        let (origin, path, query) = match Url::parse(&request.url) {
            Ok(url) => (
                url.origin().ascii_serialization(),
                url.path().to_string(),
                sorted_pairs(url.query().unwrap_or_default()),
            ),
            Err(_) => (String::new(), request.url.clone(), Vec::new()),
        };
        let text = request.body.body.clone();
        let body = if let Ok(json) = serde_json::from_str::<Value>(&text) {
            BodyShape::Json(json)
        } else if is_form(&request.headers, &text) {
            BodyShape::Form(sorted_pairs(&text))
        } else {
            BodyShape::Text(text)
        };
        Shape {
            method: request.method.to_ascii_uppercase(),
            origin,
            path,
            query,
            body,
        }
    }

    /// What differs from `recorded`, one line each, and how far apart the two are.
    fn differences(&self, recorded: &Shape) -> (Vec<String>, usize) {
        let mut lines = Vec::new();
        let mut distance = 0;
        let mut differ = |weight: usize,
                          what: &str,
                          theirs: &dyn std::fmt::Debug,
                          ours: &dyn std::fmt::Debug| {
            distance += weight;
            lines.push(format!("{what}: recorded {theirs:?}, requested {ours:?}"));
        };
        if self.method != recorded.method {
            differ(3, "method", &recorded.method, &self.method);
        }
        if self.origin != recorded.origin {
            differ(3, "origin", &recorded.origin, &self.origin);
        }
        if self.path != recorded.path {
            differ(2, "path", &recorded.path, &self.path);
        }
        for (name, theirs, ours) in pair_differences(&recorded.query, &self.query) {
            differ(1, &format!("query parameter `{name}`"), &theirs, &ours);
        }
        match (&recorded.body, &self.body) {
            (BodyShape::Form(theirs), BodyShape::Form(ours)) => {
                for (name, theirs, ours) in pair_differences(theirs, ours) {
                    differ(1, &format!("form field `{name}`"), &theirs, &ours);
                }
            }
            (theirs, ours) if theirs != ours => differ(1, "body", theirs, ours),
            _ => {}
        }
        (lines, distance)
    }
}

/// The names whose values differ between two sorted lists of pairs: (name, recorded, requested),
/// `None` where a side lacks it.
fn pair_differences(
    recorded: &[(String, String)],
    requested: &[(String, String)],
) -> Vec<(String, Option<String>, Option<String>)> {
    let values = |pairs: &[(String, String)], name: &str| -> Option<String> {
        let found: Vec<&str> = pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(", "))
    };
    let mut names: Vec<&str> = recorded
        .iter()
        .chain(requested)
        .map(|(n, _)| n.as_str())
        .collect();
    names.dedup();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let (theirs, ours) = (values(recorded, name), values(requested, name));
            (theirs != ours).then(|| (name.to_string(), theirs, ours))
        })
        .collect()
}

/// Whether `recorded` answers `request` (both scrubbed).
pub(crate) fn matches(recorded: &Request, request: &Request) -> bool {
    Shape::of(recorded) == Shape::of(request)
}

/// Why nothing in `recorded` answers `request`: the closest recorded request (fewest
/// differences, the earliest among equals) and what differs.
pub(crate) fn explain(recorded: &[&Request], request: &Request) -> String {
    let ours = Shape::of(request);
    let closest = recorded
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r, ours.differences(&Shape::of(r))))
        .min_by_key(|(i, _, (_, distance))| (*distance, *i));
    match closest {
        None => "it has no recorded request left to answer it".to_string(),
        Some((i, closest, (lines, _))) => format!(
            "the closest recorded request (#{}) is\n  {} {}\nwhat differs:\n  {}",
            i + 1,
            closest.method,
            closest.url,
            lines.join("\n  ")
        ),
    }
}
