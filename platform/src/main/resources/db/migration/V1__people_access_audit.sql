-- People, access and the audit log. Never edit a migration once it is merged: add the next version.
-- Every piece of state a Platform instance needs lives here (sessions, sign-in attempts, keys), so
-- several instances can serve the same database.

CREATE TABLE organizations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    -- "pbkdf2-sha256$<iterations>$<salt>$<hash>": the parameters travel with the hash, so they can be raised
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- A signed-in browser: the cookie holds a random ID, the table only its SHA-256.
CREATE TABLE web_sessions (
    id_sha256    bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- For rate limiting: failures per email and per source address in a recent window.
CREATE TABLE sign_in_attempts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    email          text NOT NULL,
    source_address text NOT NULL,
    succeeded      boolean NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_source ON sign_in_attempts (source_address, at);

-- A token belongs to a user (acts as that user) or to an organization (acts in it only).
CREATE TABLE api_tokens (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint REFERENCES users ON DELETE CASCADE,
    organization_id bigint REFERENCES organizations ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix          text NOT NULL,
    sha256          bytea NOT NULL UNIQUE,
    created_by      bigint REFERENCES users ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    CHECK ((user_id IS NULL) <> (organization_id IS NULL))
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX api_tokens_organization ON api_tokens (organization_id);

-- Keys every instance shares (the CSRF HMAC key): made once by whichever instance comes first.
CREATE TABLE shared_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only: the trigger below refuses UPDATE, DELETE and TRUNCATE for every role, and the
-- application's role is granted only SELECT and INSERT. No foreign keys: a row outlives what it names.
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text NOT NULL,
    actor_user_id   bigint,
    organization_id bigint,
    action          text NOT NULL,
    target          text NOT NULL DEFAULT '',
    result          text NOT NULL,
    source_address  text,
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_organization ON audit_log (organization_id, at);
CREATE INDEX audit_log_actor_user ON audit_log (actor_user_id, at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
-- Statement level, so even a change that matches no row is refused.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
