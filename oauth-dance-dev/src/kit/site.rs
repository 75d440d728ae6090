//! An app binary (an example, or your own app) run as a real process on a free loopback port,
//! for end-to-end tests that drive it with a [`Browser`](super::Browser).

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long [`Site::start`] waits for the app to listen.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running app process, listening on `127.0.0.1`; killed when dropped.
///
/// The app reads its port from the `PORT` environment variable (the examples do).
///
/// ```no_run
/// use oauth_dance_dev::kit::Site;
///
/// // In an integration test of the package that has the example (`cargo test` builds it).
/// let mut command = Site::example_command("google");
/// command.env_remove("GOOGLE_OAUTH_CLIENT_ID"); // offline: the example starts a dev provider
/// let site = Site::start(command);
/// println!("{}", site.at("/"));
/// ```
#[derive(Debug)]
pub struct Site {
    /// The app's base URL (`http://127.0.0.1:<port>`).
    pub url: String,
    child: Child,
}

impl Site {
    /// A command running example `name` of the package under test: the binary `cargo test`
    /// builds next to the test binary (`target/<profile>/examples/<name>`).
    ///
    /// # Panics
    ///
    /// When the example binary is not there (the test was not run by `cargo test`).
    pub fn example_command(name: &str) -> Command {
        let exe = std::env::current_exe().expect("the test binary's path");
        // target/<profile>/deps/<test>-<hash> → target/<profile>/examples/<name>
        let profile_dir = exe.parent().and_then(|deps| deps.parent());
        let bin: PathBuf = profile_dir
            .expect("the test binary lies in target/<profile>/deps")
            .join("examples")
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        assert!(
            bin.exists(),
            "{} is missing: run the tests with `cargo test` (which builds the examples)",
            bin.display()
        );
        Command::new(bin)
    }

    /// Starts `command` with `PORT` set to a free port (its output discarded, `RUST_LOG=warn`)
    /// and waits until it listens there.
    ///
    /// # Panics
    ///
    /// When the process cannot start, exits, or does not listen within 30 seconds.
    pub fn start(mut command: Command) -> Site {
        let port = free_port();
        let child = command
            .env("PORT", port.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the app process starts");
        let mut site = Site {
            url: format!("http://127.0.0.1:{port}"),
            child,
        };
        site.wait_until_listening(port);
        site
    }

    /// The absolute URL of `path` on the app.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    fn wait_until_listening(&mut self, port: u16) {
        let deadline = Instant::now() + START_TIMEOUT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the app exited before listening on port {port}: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "the app did not listen on port {port} within {START_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a loopback port");
    listener.local_addr().expect("its address").port()
}
