//! Record and replay of a blueprint's HTTP traffic (Flask-Dance's Betamax fixture), through the
//! [`Transport`](oauth_dance::transport::Transport) seam: one JSON cassette per test, under a
//! directory the test picks.
//!
//! A [`Cassette`] either **records** — every request goes to the real provider and is written,
//! scrubbed, to `{dir}/{name}.json` — or **replays** — every request is answered from that
//! file, and nothing leaves the process. [`Cassette::new`] records when a real token is in the
//! environment variable it names and replays otherwise, so the same test runs offline in CI
//! and re-records on a developer's machine:
//!
//! ```no_run
//! use actix_web::{App, test, web};
//! use oauth_dance::Overrides;
//! use oauth_dance_dev::kit::{Cassette, OverridesExt};
//! # fn my_app() -> App<impl actix_web::dev::ServiceFactory<actix_web::dev::ServiceRequest,
//! #     Config = (), Response = actix_web::dev::ServiceResponse, Error = actix_web::Error,
//! #     InitError = ()>> { App::new() }
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // Records with GITHUB_OAUTH_ACCESS_TOKEN set, replays tests/cassettes/user_page.json without.
//! let cassette = Cassette::new("tests/cassettes", "user_page", "GITHUB_OAUTH_ACCESS_TOKEN")?;
//! // The `github` blueprint holds the cassette's token and sends its requests through it.
//! let app = test::init_service(my_app().app_data(Overrides::new().cassette("github", &cassette))).await;
//! let page = test::call_and_read_body(&app, test::TestRequest::get().uri("/").to_request()).await;
//! assert!(page.starts_with(b"You are @"));
//! # Ok(()) }
//! ```
//!
//! **Nothing secret is written**: tokens, client secrets, codes, PKCE verifiers, OAuth 1
//! signatures and nonces are replaced with `[scrubbed]` wherever they are named (query, form or
//! JSON body), the `Authorization`, `Cookie` and `Set-Cookie` headers are replaced, and each
//! value found that way is replaced wherever else it appears; add your own with
//! [`Cassette::scrub`]. Review a cassette before committing it all the same.
//!
//! **Matching**: a request is answered by the first recorded request not yet replayed with the
//! same method, URL (query parameters in any order) and body (form fields in any order, JSON by
//! value), compared after scrubbing; headers are not compared. A request with no match gets a
//! transport error, the message (the closest recorded request, and what differs) goes to the
//! test's output, and dropping the [`Cassette`] fails the test with it.

mod format;
mod matching;
mod scrub;
mod transport;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use oauth_dance::Token;
use oauth_dance::transport::{ReqwestTransport, Transport};

use format::{CassetteFile, Interaction};
use scrub::Scrubber;
pub use transport::CassetteTransport;

/// Whether a cassette records or replays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Requests go to the provider; the cassette file is rewritten with them.
    Record,
    /// Requests are answered from the cassette file.
    Replay,
}

/// Why a cassette could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CassetteError {
    /// Replaying, and there is no cassette file.
    #[error("no cassette at {path}: record it by running the test with {hint}")]
    Missing {
        /// The file.
        path: PathBuf,
        /// How to record it.
        hint: String,
    },
    /// The file could not be read or written.
    #[error("cassette {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The file is not a cassette.
    #[error("cassette {path} is not a cassette: {source}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: serde_json::Error,
    },
    /// The name is not a plain file name.
    #[error("cassette name {0:?}: use letters, digits, `_`, `-` and `.` only")]
    BadName(String),
}

/// One test's recorded HTTP traffic; see the [module docs](self). Its
/// [`transport`](Self::transport)s share it.
pub struct Cassette {
    shared: Arc<Shared>,
}

/// What the cassette and its transports share.
pub(crate) struct Shared {
    path: PathBuf,
    mode: Mode,
    /// The variable whose token recording uses, if the cassette was opened with one.
    token_var: Option<String>,
    /// Where recorded requests really go.
    upstream: Box<dyn Transport>,
    state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    /// Recording: what was sent and received, unscrubbed (never written as is).
    recorded: Vec<Interaction>,
    /// Replaying: the cassette's interactions (scrubbed), and which were replayed.
    replayed: Vec<(Interaction, bool)>,
    scrubber: Scrubber,
    /// Requests nothing answered, explained.
    mismatches: Vec<String>,
}

/// The placeholder token of a replaying cassette.
const REPLAY_TOKEN: &str = "cassette-replay-token";

impl Cassette {
    /// `{dir}/{name}.json`, recorded when the environment variable `token_var` holds a real
    /// token (then [`token`](Self::token) is that token), replayed otherwise.
    ///
    /// # Errors
    ///
    /// Replaying with no cassette file (the message says how to record it), an unreadable or
    /// malformed file, or a name that is not a plain file name.
    pub fn new(
        dir: impl AsRef<Path>,
        name: &str,
        token_var: &str,
    ) -> Result<Cassette, CassetteError> {
        let recording = std::env::var(token_var).is_ok_and(|v| !v.is_empty());
        let mode = if recording {
            Mode::Record
        } else {
            Mode::Replay
        };
        Cassette::open(dir.as_ref(), name, mode, Some(token_var))
    }

    /// Records `{dir}/{name}.json` (creating `dir`), whatever the environment says.
    ///
    /// # Errors
    ///
    /// The file cannot be written, or the name is not a plain file name.
    pub fn record(dir: impl AsRef<Path>, name: &str) -> Result<Cassette, CassetteError> {
        Cassette::open(dir.as_ref(), name, Mode::Record, None)
    }

    /// Replays `{dir}/{name}.json`, whatever the environment says.
    ///
    /// # Errors
    ///
    /// No cassette file, an unreadable or malformed one, or a bad name.
    pub fn replay(dir: impl AsRef<Path>, name: &str) -> Result<Cassette, CassetteError> {
        Cassette::open(dir.as_ref(), name, Mode::Replay, None)
    }

    fn open(
        dir: &Path,
        name: &str,
        mode: Mode,
        token_var: Option<&str>,
    ) -> Result<Cassette, CassetteError> {
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
        if name.is_empty() || name.starts_with('.') || !name.chars().all(plain) {
            return Err(CassetteError::BadName(name.to_string()));
        }
        let path = dir.join(format!("{name}.json"));
        let mut state = State::default();
        match mode {
            Mode::Replay => {
                let hint = match token_var {
                    Some(var) => format!("a real token in {var}"),
                    None => "`Cassette::record`".to_string(),
                };
                let file = read(&path, hint)?;
                state.replayed = file.interactions.into_iter().map(|i| (i, false)).collect();
            }
            Mode::Record => {
                if let Some(token) = token_var.and_then(|var| std::env::var(var).ok()) {
                    state.scrubber.add(&token);
                }
            }
        }
        let upstream = ReqwestTransport::new().map_err(|e| CassetteError::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let cassette = Cassette {
            shared: Arc::new(Shared {
                path,
                mode,
                token_var: token_var.map(str::to_string),
                upstream: Box::new(upstream),
                state: Mutex::new(state),
            }),
        };
        if mode == Mode::Record {
            cassette.shared.write()?;
        }
        Ok(cassette)
    }

    /// Also scrubs `value` (a secret of your own, say a user's e-mail) wherever it appears.
    pub fn scrub(self, value: &str) -> Self {
        self.shared.lock().scrubber.add(value);
        self
    }

    /// Whether it records or replays.
    pub fn mode(&self) -> Mode {
        self.shared.mode
    }

    /// The cassette file.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// The token a test gives its blueprint: the real one from the environment variable while
    /// recording with [`new`](Self::new), else a placeholder (scrubbed recordings never
    /// carry a real one, and a replay does not need one).
    pub fn token(&self) -> Token {
        let real = match self.shared.mode {
            Mode::Record => self
                .shared
                .token_var
                .as_ref()
                .and_then(|v| std::env::var(v).ok()),
            Mode::Replay => None,
        };
        crate::kit::token(real.as_deref().unwrap_or(REPLAY_TOKEN))
    }

    /// The transport to give the blueprint (`Overrides::transport`, or `.transport(...)` on
    /// its builder).
    pub fn transport(&self) -> CassetteTransport {
        CassetteTransport::new(Arc::clone(&self.shared))
    }

    /// The requests nothing in the cassette answered, each with the closest recorded request
    /// and what differs.
    pub fn mismatches(&self) -> Vec<String> {
        self.shared.lock().mismatches.clone()
    }
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes what was recorded, scrubbed, to the file (through a temporary file, so a reader
    /// never sees half a cassette).
    fn write(&self) -> Result<(), CassetteError> {
        let io = |source| CassetteError::Io {
            path: self.path.clone(),
            source,
        };
        let file = {
            let state = self.lock();
            CassetteFile {
                recorded_with: concat!("oauth-dance-dev ", env!("CARGO_PKG_VERSION")).to_string(),
                interactions: state
                    .recorded
                    .iter()
                    .map(|i| Interaction {
                        request: state.scrubber.request(&i.request),
                        response: state.scrubber.response(&i.response),
                    })
                    .collect(),
            }
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let json = serde_json::to_string_pretty(&file)
            .map_err(std::io::Error::other)
            .map_err(io)?;
        let temporary = self.path.with_extension("json.partial");
        std::fs::write(&temporary, json + "\n").map_err(io)?;
        std::fs::rename(&temporary, &self.path).map_err(io)
    }
}

fn read(path: &Path, hint: String) -> Result<CassetteFile, CassetteError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CassetteError::Missing {
                path: path.to_path_buf(),
                hint,
            });
        }
        Err(source) => {
            return Err(CassetteError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    serde_json::from_str(&text).map_err(|source| CassetteError::Malformed {
        path: path.to_path_buf(),
        source,
    })
}

impl fmt::Debug for Cassette {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cassette")
            .field("path", &self.shared.path)
            .field("mode", &self.shared.mode)
            .finish_non_exhaustive()
    }
}

/// Fails the test when a request found no recorded answer (unless it is failing already).
impl Drop for Cassette {
    fn drop(&mut self) {
        let mismatches = self.mismatches();
        if !mismatches.is_empty() && !std::thread::panicking() {
            panic!("{}", mismatches.join("\n\n"));
        }
    }
}
