//! Local users linked to provider accounts, for the SQL examples: the app's `users` table, the
//! token table that links them to provider accounts, the provider's "who is this" call, and the
//! `authorized` hook that finds or creates the local user of an account, logs them in and files
//! the token under them (Flask-Dance's `github_logged_in`).

use std::io;

use actix_session::{Session, SessionExt};
use actix_web::{HttpRequest, HttpResponse, cookie::Key, http::StatusCode, web};
use oauth_dance::hooks::{AuthorizedEvent, AuthorizedOutcome};
use oauth_dance::sqlx::{self, SqlitePool};
use oauth_dance::storage::{self, StorageError, sql::SqlStorage};
use oauth_dance::{
    Blueprint, BlueprintBuilder, Client, Dance, FlowBuilder, OAuth1Builder, OAuth2Builder, Token,
    TokenModel,
};
use oauth_dance_dev::DevProvider;
use serde_json::Value;

use super::{found, page};

/// The session entry holding the logged-in local user's id.
pub const USER_KEY: &str = "user_id";

/// The app's token table: its `user_id` references the app's `users` table, and
/// `provider_user_id` says which provider account the token is.
#[derive(TokenModel)]
#[token(table = "oauth")]
pub struct OAuth {
    pub id: i64,
    pub provider: String,
    pub user_id: Option<i64>,
    pub provider_user_id: Option<String>,
    pub token: Token,
    pub created_at: i64,
}

/// The app's users: a name, and a password hash for those who registered with one (their
/// names are unique; users created by a provider login have no password).
const USERS: &str = "CREATE TABLE IF NOT EXISTS users \
    (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, password_hash TEXT); \
    CREATE UNIQUE INDEX IF NOT EXISTS users_with_passwords ON users (name) \
    WHERE password_hash IS NOT NULL";

/// Where a provider says who the token's user is, and which fields of its answer say it.
pub struct Profile {
    /// The API path, relative to the blueprint's base URL.
    pub path: &'static str,
    /// The field holding the account's id at the provider.
    pub id: &'static str,
    /// The field holding a name to show.
    pub name: &'static str,
}

/// Who the user is on GitHub: `GET user`, its `id` and `login`.
pub static GITHUB: Profile = Profile::new("user", "id", "login");

/// Who the user is on Google: `oauth2/v2/userinfo`, its `id` and `email` (the scope
/// `https://www.googleapis.com/auth/userinfo.email` lets the app read it).
pub static GOOGLE: Profile = Profile::new("oauth2/v2/userinfo", "id", "email");

/// Who the user is on Facebook: the Graph API's `me`, its `id` and `name`.
pub static FACEBOOK: Profile = Profile::new("me", "id", "name");

/// Who the user is on Heroku: the Platform API's `account`, its `id` and `email`.
pub static HEROKU: Profile = Profile::new("account", "id", "email");

/// Who the user is on Twitter: `account/verify_credentials.json` (a signed OAuth 1.0a call),
/// its `id_str` and `screen_name`.
pub static TWITTER: Profile =
    Profile::new("account/verify_credentials.json", "id_str", "screen_name");

/// A provider account.
pub struct Account {
    /// Its id at the provider.
    pub id: String,
    /// Its name there.
    pub name: String,
}

impl Profile {
    /// The profile at `path` whose fields `id` and `name` say who the user is.
    pub const fn new(path: &'static str, id: &'static str, name: &'static str) -> Profile {
        Profile { path, id, name }
    }

    /// The account `client`'s token belongs to; `None` when the provider does not say.
    pub async fn account(&self, client: &Client) -> Option<Account> {
        let response = client.get(self.path).await.ok()?;
        let info: Value = response.error_for_status().ok()?.json().await.ok()?;
        let id = match &info[self.id] {
            Value::String(id) => id.clone(),
            Value::Number(id) => id.to_string(),
            _ => return None,
        };
        let name = info[self.name].as_str().unwrap_or("?").to_string();
        Some(Account { id, name })
    }
}

/// The app's users and the token storage that links them to provider accounts.
#[derive(Clone)]
pub struct Accounts {
    /// The tokens, one row per local user and provider.
    pub tokens: SqlStorage<OAuth>,
    /// The app's database (its `users` table).
    pub users: SqlitePool,
}

impl Accounts {
    /// The database (see [`super::database`]) with its `users` table.
    pub async fn open() -> Result<Accounts, Box<dyn std::error::Error>> {
        let (tokens, users) = super::database::<OAuth>().await?;
        sqlx::raw_sql(USERS).execute(&users).await?;
        Ok(Accounts { tokens, users })
    }

    /// A new local user; `password_hash` for one who registers with a password.
    pub async fn create_user(
        &self,
        name: &str,
        password_hash: Option<&str>,
    ) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("INSERT INTO users (name, password_hash) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(password_hash)
            .fetch_one(&self.users)
            .await
    }

    /// The name of local user `id`.
    pub async fn name_of(&self, id: &str) -> Option<String> {
        sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
            .bind(id.parse::<i64>().ok()?)
            .fetch_optional(&self.users)
            .await
            .ok()
            .flatten()
    }

    /// The local user `account` of `event`'s blueprint is linked to, if any.
    pub async fn owner(
        &self,
        event: &AuthorizedEvent,
        account: &Account,
    ) -> Result<Option<String>, StorageError> {
        let provider = event.blueprint.name();
        self.tokens.account_owner(provider, &account.id).await
    }

    /// Files `event`'s token under the request's local user, as `account`.
    pub async fn link(
        &self,
        event: &AuthorizedEvent,
        account: &Account,
    ) -> Result<(), StorageError> {
        let ctx = event
            .client
            .storage_context()
            .ok_or_else(|| StorageError::new("the hook's client has no storage"))?;
        self.tokens
            .set_account(ctx, &event.token, &account.id)
            .await
    }
}

/// The logged-in local user of `session`.
pub fn current_user(session: &Session) -> Option<String> {
    session.get::<String>(USER_KEY).ok().flatten()
}

/// Logs local user `user` in (a new session id, so nothing from before the login is kept).
pub fn log_in(request: &HttpRequest, user: &str) -> bool {
    let session = request.get_session();
    session.renew();
    session.insert(USER_KEY, user).is_ok()
}

/// The answer of an `authorized` hook that ends the dance with a page: the token is not stored.
pub fn refuse(status: StatusCode, message: &str) -> AuthorizedOutcome {
    AuthorizedOutcome::Respond(HttpResponse::build(status).body(message.to_string()))
}

/// The `authorized` hook of a site whose accounts are made by logging in: the local user linked
/// to this provider account, or a new one named after it, is logged in and the token filed under
/// them. Returns `SkipStoring`: the token is stored here, as Flask-Dance's handler returns
/// `False` after saving its model.
pub async fn log_in_creating_user(
    accounts: Accounts,
    profile: &'static Profile,
    event: AuthorizedEvent,
) -> AuthorizedOutcome {
    let unavailable = || refuse(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment.");
    let Some(account) = profile.account(&event.client).await else {
        return refuse(
            StatusCode::BAD_GATEWAY,
            "The provider did not say who you are.",
        );
    };
    let user = match accounts.owner(&event, &account).await {
        Ok(Some(user)) => user,
        Ok(None) => match accounts.create_user(&account.name, None).await {
            Ok(id) => id.to_string(),
            Err(_) => return unavailable(),
        },
        Err(_) => return unavailable(),
    };
    if !log_in(&event.request, &user) {
        return unavailable();
    }
    match accounts.link(&event, &account).await {
        Ok(()) => AuthorizedOutcome::SkipStoring,
        Err(_) => unavailable(),
    }
}

/// What the home page of a user-creating site needs to know.
struct Site {
    accounts: Accounts,
    blueprint: Blueprint,
    profile: &'static Profile,
}

/// A blueprint builder that can be pointed at the embedded dev provider (OAuth 2 or OAuth 1).
pub trait Offline {
    /// The builder on `dev` when there is one, else as it is.
    fn offline(self, dev: &Option<DevProvider>) -> Self;
}

impl Offline for OAuth2Builder {
    fn offline(self, dev: &Option<DevProvider>) -> Self {
        self.endpoints(dev)
    }
}

impl Offline for OAuth1Builder {
    fn offline(self, dev: &Option<DevProvider>) -> Self {
        self.endpoints(dev)
    }
}

/// The `main` of a site whose accounts are made by logging in with `builder`'s blueprint: on
/// the embedded dev provider unless `var` (the real client ID's variable) is set, its tokens in
/// SQL, [`log_in_creating_user`] as its `authorized` hook, the blueprint under `/login`, the
/// home page at `/` and `/logout`, on `PORT` (else `port`).
pub async fn run<F>(
    var: &str,
    port: u16,
    builder: BlueprintBuilder<F>,
    profile: &'static Profile,
) -> std::io::Result<()>
where
    F: FlowBuilder,
    BlueprintBuilder<F>: Offline,
{
    let dev = super::offline_unless(var)?;
    let accounts = Accounts::open()
        .await
        .map_err(|e| io::Error::other(e.to_string()))?;
    let hook = accounts.clone();
    let blueprint = builder
        .offline(&dev)
        .storage(accounts.tokens.clone())
        .on_authorized(move |event| log_in_creating_user(hook.clone(), profile, event))
        .build()
        .map_err(io::Error::other)?;
    let listener = super::listen(port, dev.as_ref(), blueprint.display_name())?;
    let key = oauth_dance::session_key_from_env()
        .map_err(io::Error::other)?
        .unwrap_or_else(Key::generate);
    let dance = Dance::new(key)
        .blueprint(&blueprint)
        .local_user(storage::session_user(USER_KEY));
    let site = web::Data::new(Site {
        accounts,
        blueprint: blueprint.clone(),
        profile,
    });
    let server = super::serve(listener, dance, vec![blueprint], move |app| {
        app.app_data(site.clone())
            .route("/", web::get().to(home))
            .route("/logout", web::get().to(log_out));
    })?;
    server.await
}

/// The local user and who they are at the provider (asked with their stored token), with a
/// log-out link; before login, a log-in link.
async fn home(session: Session, site: web::Data<Site>) -> oauth_dance::Result<HttpResponse> {
    let bp = &site.blueprint;
    let Some(user) = current_user(&session) else {
        let name = bp.name();
        let display = bp.display_name();
        return Ok(page(format!(
            "<a href=\"/login/{name}\">Log in with {display}</a>"
        )));
    };
    let local = site.accounts.name_of(&user).await.unwrap_or_default();
    let client = Client::current(bp.name())?;
    let remote = match site.profile.account(&client).await {
        Some(account) => account.name,
        None => "?".to_string(),
    };
    Ok(page(format!(
        "Local user #{user} ({}) · {} on {} · <a href=\"/logout\">Log out</a>",
        super::text(&local.into()),
        super::text(&remote.into()),
        bp.display_name()
    )))
}

/// Logs out of the site (the token stays, so logging in again is one click).
async fn log_out(session: Session) -> HttpResponse {
    session.purge();
    found("/")
}
