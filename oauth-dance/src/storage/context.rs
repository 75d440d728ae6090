use actix_session::Session;

/// What a [`TokenStorage`](super::TokenStorage) call knows about the request it serves.
///
/// Storages key tokens with it: [`SessionStorage`](super::SessionStorage) uses the session, a
/// per-user storage reads the logged-in user from the session.
pub struct StorageContext {
    blueprint: String,
    session: Session,
}

impl StorageContext {
    pub(crate) fn new(blueprint: &str, session: Session) -> Self {
        StorageContext {
            blueprint: blueprint.to_string(),
            session,
        }
    }

    /// The blueprint's name (`"github"`).
    pub fn blueprint(&self) -> &str {
        &self.blueprint
    }

    /// The user's session.
    pub fn session(&self) -> &Session {
        &self.session
    }
}
