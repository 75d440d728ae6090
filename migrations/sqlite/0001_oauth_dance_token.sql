-- oauth-dance: the built-in token table (`oauth_dance::storage::sql::OAuthToken`), for SQLite.
--
-- `SqlStorage::migrate()` applies exactly this (it is `OAuthToken::MODEL.schema.sqlite`, and a
-- test keeps the two equal); apply it yourself if your migration tool owns the schema.
--
-- One row per provider (the blueprint's name) and local user: the unique indexes keep it so
-- under concurrent writers, the row without a user (a site-wide token) included. A provider
-- account (`provider_user_id`) belongs to one local user at most. `token` is the provider's
-- token response as JSON text; `created_at` is in Unix seconds.
CREATE TABLE IF NOT EXISTS "oauth_dance_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "user_id" TEXT,
    "provider_user_id" TEXT,
    "token" TEXT NOT NULL,
    "created_at" BIGINT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS "oauth_dance_token_provider_user" ON "oauth_dance_token" ("provider", "user_id");
CREATE UNIQUE INDEX IF NOT EXISTS "oauth_dance_token_provider_without_user" ON "oauth_dance_token" ("provider") WHERE "user_id" IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "oauth_dance_token_provider_account" ON "oauth_dance_token" ("provider", "provider_user_id") WHERE "provider_user_id" IS NOT NULL;
