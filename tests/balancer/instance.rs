//! One instance of the app behind the balancer, in a process of its own: the `dev` blueprint
//! pointed at the test's dev provider, its tokens in PostgreSQL (per local user), its sessions
//! in Redis or in the cookie, its public URL the balancer's. Every response says which
//! instance answered (`x-instance`).
//!
//! Routes: `/login/dev` (the dance), `/me` (the provider's `user` resource with the stored
//! token, as `{"login", "instance"}`), and `/`.

use actix_session::SessionExt;
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpResponse, HttpServer, web};
use oauth_dance::hooks::{AuthorizedEvent, AuthorizedOutcome};
use oauth_dance::storage::session_user;
use oauth_dance::storage::sql::SqlStorage;
use oauth_dance::{Blueprint, Client, Dance, OAuth2Builder, RedisSessions};
use serde_json::{Value, json};

/// Where the sessions live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sessions {
    Cookie,
    Redis,
}

/// What an instance is started with (its command-line arguments).
#[derive(Clone, Debug)]
pub struct InstanceArgs {
    pub number: usize,
    pub port: u16,
    pub public_url: String,
    pub provider: String,
    pub postgres: String,
    pub redis: String,
    pub sessions: Sessions,
}

impl InstanceArgs {
    /// As command-line arguments.
    pub fn to_args(&self) -> Vec<String> {
        let sessions = match self.sessions {
            Sessions::Cookie => "cookie",
            Sessions::Redis => "redis",
        };
        [
            self.number.to_string(),
            self.port.to_string(),
            self.public_url.clone(),
            self.provider.clone(),
            self.postgres.clone(),
            self.redis.clone(),
            sessions.to_string(),
        ]
        .to_vec()
    }

    /// From command-line arguments (those [`to_args`](Self::to_args) gives).
    pub fn parse(args: &[String]) -> InstanceArgs {
        let [
            number,
            port,
            public_url,
            provider,
            postgres,
            redis,
            sessions,
        ] = args
        else {
            panic!("instance arguments: {args:?}");
        };
        InstanceArgs {
            number: number.parse().unwrap(),
            port: port.parse().unwrap(),
            public_url: public_url.clone(),
            provider: provider.clone(),
            postgres: postgres.clone(),
            redis: redis.clone(),
            sessions: if sessions == "redis" {
                Sessions::Redis
            } else {
                Sessions::Cookie
            },
        }
    }
}

/// The dev provider's client credentials (its defaults).
pub const CLIENT_ID: &str = "dev-client-id";
pub const CLIENT_SECRET: &str = "dev-client-secret";

/// The `dev` blueprint on the provider at `provider` (its base URL), tokens in `storage`.
pub fn blueprint(provider: &str, storage: SqlStorage) -> Blueprint {
    OAuth2Builder::new("dev")
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .authorization_url(format!("{provider}/authorize"))
        .token_url(format!("{provider}/token"))
        .base_url(format!("{provider}/api/"))
        .scope(["read"])
        // The suite checks outcomes, not latency: on a busy 2-core machine a provider request
        // can wait longer than the default 10 s.
        .timeout(std::time::Duration::from_secs(60))
        .storage(storage)
        .on_authorized(log_the_user_in)
        .build()
        .unwrap()
}

/// Logs the provider's user in (the session's `user`) before the token is stored under them.
async fn log_the_user_in(event: AuthorizedEvent) -> AuthorizedOutcome {
    let user: Option<Value> = match event.client.get("user").await {
        Ok(response) => response.json().await.ok(),
        Err(_) => None,
    };
    let login = user.as_ref().and_then(|u| u["login"].as_str());
    match login {
        Some(login) => {
            let _ = event.request.get_session().insert("user", login);
            AuthorizedOutcome::Continue
        }
        None => AuthorizedOutcome::Respond(HttpResponse::BadGateway().body("no user")),
    }
}

/// Runs the instance until it is killed.
pub fn run(args: InstanceArgs) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(serve(args))
}

async fn serve(args: InstanceArgs) -> std::io::Result<()> {
    let key = oauth_dance::session_key_from_env()?.expect("OAUTH_DANCE_SESSION_KEY");
    let storage = SqlStorage::connect(&args.postgres).await.unwrap();
    let bp = blueprint(&args.provider, storage);
    let redis = match args.sessions {
        Sessions::Redis => Some(RedisSessions::connect(&args.redis).await?),
        Sessions::Cookie => None,
    };
    let dance = match redis {
        Some(redis) => Dance::with_redis_sessions(key, redis),
        None => Dance::new(key),
    };
    let dance = dance
        .public_url(&args.public_url)
        .unwrap()
        .blueprint(&bp)
        .local_user(session_user("user"));
    let number = args.number.to_string();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(dance.clone())
            .wrap(DefaultHeaders::new().add(("x-instance", number.as_str())))
            .service(web::scope("/login").service(bp.clone()))
            .route("/me", web::get().to(me))
            .route("/", web::get().to(|| async { "home" }))
    })
    .workers(1)
    .bind(("127.0.0.1", args.port))?
    .run();
    println!("listening on 127.0.0.1:{}", args.port);
    server.await
}

async fn me() -> Result<HttpResponse, oauth_dance::Error> {
    let client = Client::current("dev")?;
    let user: Value = client.get("user").await?.json().await?;
    Ok(HttpResponse::Ok().json(json!({ "login": user["login"] })))
}
