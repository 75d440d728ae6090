//! A user's dance through the balancer, step by step, each step's instance noted: the login
//! (`/login/dev`), the consent (the authorize request's fields posted to the dev provider, as
//! its consent form would), the callback, and an API call (`/me`) that must answer with this
//! user's login.

use std::time::Duration;

use reqwest::header::LOCATION;

/// A user with a cookie jar of their own.
pub struct User {
    pub login: String,
    pub http: reqwest::Client,
}

/// Which instance served the login, the callback and the API call.
pub type Served = [String; 3];

/// A step that did not go as a dance should.
#[derive(Debug, Clone)]
pub struct Failure {
    pub step: &'static str,
    pub status: u16,
    pub body: String,
}

impl Failure {
    /// A 500, or a page that shows what the server is made of.
    pub fn shows_internals(&self) -> bool {
        let internals = [
            "redis",
            "Redis",
            "os error",
            "panicked",
            "sqlx",
            "Connection refused",
        ];
        self.status == 500 || internals.iter().any(|word| self.body.contains(word))
    }

    /// The 503 page of a session store outage.
    pub fn is_store_outage(&self) -> bool {
        self.status == 503 && self.body.contains("session_store_unavailable")
    }

    /// A cross-user mix-up: the API answered with someone else's account.
    pub fn is_mixup(&self) -> bool {
        self.step == "mixup"
    }
}

impl User {
    pub fn new(login: String) -> User {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(90))
            .build()
            .unwrap();
        User { login, http }
    }

    /// The whole dance, through `balancer`.
    pub async fn dance(&self, balancer: &str) -> Result<Served, Failure> {
        let (login_on, authorize) = self
            .expect(302, "login", &format!("{balancer}/login/dev"))
            .await?;
        let callback = self.consent(&authorize).await?;
        let (callback_on, _) = self.expect(302, "callback", &callback).await?;
        let me_on = self.me(balancer).await?;
        Ok([login_on, callback_on, me_on])
    }

    /// `/me`: which instance answered, after checking it answered with this user's login.
    pub async fn me(&self, balancer: &str) -> Result<String, Failure> {
        let res = self
            .send("me", self.http.get(format!("{balancer}/me")))
            .await?;
        let (status, instance, body) = res;
        if status != 200 {
            return Err(Failure {
                step: "me",
                status,
                body,
            });
        }
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if json["login"].as_str() != Some(self.login.as_str()) {
            return Err(Failure {
                step: "mixup",
                status,
                body,
            });
        }
        Ok(instance)
    }

    /// GET `url`, expecting `status`: the instance, and the `Location`.
    async fn expect(
        &self,
        status: u16,
        step: &'static str,
        url: &str,
    ) -> Result<(String, String), Failure> {
        let res = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| transport(step, &e))?;
        let location = res
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let (got, instance, body) = read(res).await;
        match location {
            Some(location) if got == status => Ok((instance, location)),
            _ => Err(Failure {
                step,
                status: got,
                body,
            }),
        }
    }

    /// Posts the consent form (the authorize request's own fields) as this user; the callback URL.
    async fn consent(&self, authorize: &str) -> Result<String, Failure> {
        let url = url::Url::parse(authorize).map_err(|_| Failure {
            step: "authorize",
            status: 0,
            body: authorize.into(),
        })?;
        let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        form.push(("user".into(), self.login.clone()));
        form.push(("decision".into(), "allow".into()));
        let action = url.join("/authorize").unwrap();
        let res = self
            .http
            .post(action)
            .form(&form)
            .send()
            .await
            .map_err(|e| transport("consent", &e))?;
        let location = res
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let (status, _, body) = read(res).await;
        location.filter(|_| status == 302).ok_or(Failure {
            step: "consent",
            status,
            body,
        })
    }

    async fn send(
        &self,
        step: &'static str,
        req: reqwest::RequestBuilder,
    ) -> Result<(u16, String, String), Failure> {
        let res = req.send().await.map_err(|e| transport(step, &e))?;
        Ok(read(res).await)
    }
}

fn transport(step: &'static str, err: &reqwest::Error) -> Failure {
    Failure {
        step,
        status: 0,
        body: format!("transport: {err}"),
    }
}

async fn read(res: reqwest::Response) -> (u16, String, String) {
    let status = res.status().as_u16();
    let instance = res
        .headers()
        .get("x-instance")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("?")
        .to_string();
    (status, instance, res.text().await.unwrap_or_default())
}
