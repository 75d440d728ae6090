//! A cookie-keeping browser that walks through a dance step by step.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::header::LOCATION;
use serde_json::Value;

use super::app::TestApp;
use crate::DevProvider;

/// A browser: a cookie jar, no automatic redirects.
pub struct Browser {
    /// Its HTTP client (cookies kept, redirects not followed).
    pub http: reqwest::Client,
}

/// Where a dance step ended.
#[derive(Debug)]
pub struct Step {
    /// The status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The body as text.
    pub body: String,
    /// Every header.
    pub headers: reqwest::header::HeaderMap,
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub fn new() -> Self {
        oauth_dance::install_crypto_provider();
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
        }
    }

    /// `GET url`, redirects not followed.
    pub async fn get(&self, url: &str) -> Step {
        let res = self.http.get(url).send().await.unwrap();
        step(res).await
    }

    /// `POST url` with `form` as `application/x-www-form-urlencoded` (a page's form), redirects
    /// not followed.
    pub async fn post_form<T: serde::Serialize + ?Sized>(&self, url: &str, form: &T) -> Step {
        let res = self.http.post(url).form(form).send().await.unwrap();
        step(res).await
    }

    /// Submits the form of `page` (a page at `page_url`) as a browser does: its hidden inputs,
    /// posted to its `action` (the page's own URL without one). A `cross_site` post goes without
    /// cookies, as a browser sends no `SameSite=Lax` cookie with a cross-site POST (the form
    /// post response mode's, from the provider's page to the app).
    pub async fn submit_form(&self, page_url: &str, page: &Step, cross_site: bool) -> Step {
        let form = page
            .body
            .split("<form")
            .nth(1)
            .unwrap_or_else(|| panic!("no form: {page:?}"));
        let tag = &form[..form.find('>').unwrap_or(form.len())];
        let action = match attr(tag, "action") {
            Some(action) => url::Url::parse(page_url).unwrap().join(&action).unwrap(),
            None => url::Url::parse(page_url).unwrap(),
        };
        let fields = hidden_inputs(form);
        let client = match cross_site {
            true => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            false => self.http.clone(),
        };
        step(client.post(action).form(&fields).send().await.unwrap()).await
    }

    /// [`decide`](Self::decide) for a provider that answers with a page (the form post response
    /// mode's) rather than a redirect: the page.
    pub async fn decide_page(
        &self,
        provider: &DevProvider,
        form: &HashMap<String, String>,
        decision: &str,
        user: &str,
    ) -> Step {
        let mut form = form.clone();
        form.insert("decision".into(), decision.into());
        form.insert("user".into(), user.into());
        self.post_form(&provider.authorization_url(), &form).await
    }

    /// A whole dance with the form post response mode: login, consent, the provider's page
    /// posting the answer cross-site (no cookie), then the app's re-post page posting it again
    /// same-site. Returns the callback's answer to the second post.
    pub async fn dance_form_post(
        &self,
        provider: &DevProvider,
        login_url: &str,
        user: &str,
    ) -> Step {
        let (_, form) = self.start_login(login_url).await;
        self.allow_form_post(provider, &form, user).await
    }

    /// The end of [`dance_form_post`](Self::dance_form_post), from the consent page's `form`:
    /// allow as `user`, then the two posts. The callback's answer.
    pub async fn allow_form_post(
        &self,
        provider: &DevProvider,
        form: &HashMap<String, String>,
        user: &str,
    ) -> Step {
        let page = self.decide_page(provider, form, "allow", user).await;
        assert_eq!(page.status, 200, "the provider's form post page: {page:?}");
        let posted = self
            .submit_form(&provider.authorization_url(), &page, true)
            .await;
        assert_eq!(posted.status, 200, "the app's re-post page: {posted:?}");
        let callback = form_action(&page).unwrap_or_else(|| panic!("{page:?}"));
        self.submit_form(&callback, &posted, false).await
    }

    /// Starts a login at `login_url` and returns the consent page's form fields.
    pub async fn start_login(&self, login_url: &str) -> (String, HashMap<String, String>) {
        let login = self.get(login_url).await;
        assert_eq!(login.status, 302, "login should redirect: {login:?}");
        let authorize = login.location.unwrap();
        let consent = self.get(&authorize).await;
        assert_eq!(consent.status, 200, "consent page: {consent:?}");
        (authorize, hidden_inputs(&consent.body))
    }

    /// Posts the consent form to the provider; returns the provider's redirect (the callback URL).
    pub async fn decide(
        &self,
        provider: &DevProvider,
        form: &HashMap<String, String>,
        decision: &str,
        user: &str,
    ) -> String {
        self.decide_at(&provider.authorization_url(), form, decision, user)
            .await
    }

    /// Posts the consent form of the page at `consent_url` (where [`start_login`](Self::start_login)
    /// went) to the form's action on that dev provider; returns the provider's redirect. For a
    /// dev provider the test has no handle on (one an example started in its own process).
    pub async fn decide_at(
        &self,
        consent_url: &str,
        form: &HashMap<String, String>,
        decision: &str,
        user: &str,
    ) -> String {
        let mut form = form.clone();
        form.insert("decision".into(), decision.into());
        form.insert("user".into(), user.into());
        let action = url::Url::parse(consent_url)
            .and_then(|page| page.join("/authorize"))
            .unwrap_or_else(|e| panic!("consent page URL {consent_url}: {e}"));
        let res = self.http.post(action).form(&form).send().await.unwrap();
        let s = step(res).await;
        assert_eq!(s.status, 302, "consent decision should redirect: {s:?}");
        s.location.unwrap()
    }

    /// A whole dance: login, consent (`decision` as `user`), callback. Returns the callback's answer.
    pub async fn dance(
        &self,
        provider: &DevProvider,
        login_url: &str,
        decision: &str,
        user: &str,
    ) -> Step {
        let (_, form) = self.start_login(login_url).await;
        let callback = self.decide(provider, &form, decision, user).await;
        self.get(&callback).await
    }

    /// [`dance`](Self::dance) with whatever dev provider the login redirects to.
    pub async fn dance_through(&self, login_url: &str, decision: &str, user: &str) -> Step {
        let (consent_url, form) = self.start_login(login_url).await;
        let callback = self.decide_at(&consent_url, &form, decision, user).await;
        self.get(&callback).await
    }

    /// The access token the app holds for this browser (via `/token/{name}`).
    pub async fn token(&self, app: &TestApp, name: &str) -> Option<String> {
        let step = self.get(&app.at(&format!("/token/{name}"))).await;
        let v: Value = serde_json::from_str(&step.body).unwrap_or_else(|_| panic!("{step:?}"));
        v["token"].as_str().map(str::to_string)
    }
}

async fn step(res: reqwest::Response) -> Step {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let location = headers
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    let body = res.text().await.unwrap_or_default();
    Step {
        status,
        location,
        body,
        headers,
    }
}

/// The `action` of a page's form.
pub fn form_action(page: &Step) -> Option<String> {
    let form = page.body.split("<form").nth(1)?;
    attr(&form[..form.find('>')?], "action")
}

/// The hidden inputs of a page's form.
pub fn hidden_inputs(html: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value")) {
            out.insert(name, value);
        }
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[start..].find('"')?;
    Some(html_escape::decode_html_entities(&tag[start..start + len]).into_owned())
}
