use actix_web::cookie::Key;

fn session_key() -> Result<Key, Box<dyn std::error::Error>> {
    // Production: the key must be set.
    let key = oauth_dance::session_key_from_env()?;
    Ok(key.ok_or("set OAUTH_DANCE_SESSION_KEY to 64 random bytes (openssl rand -hex 64)")?)
}
