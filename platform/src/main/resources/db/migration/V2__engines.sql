-- Engines, their registration keys and where their tunnels are. Never edit a migration once it is
-- merged: add the next version. No database credentials anywhere: a clone's password passes through
-- the Platform once and is never written.

-- An engine of an organization, reached by URL with a token (sealed with the Platform's SecretBox under
-- the context 'engine:<id>:token', so the row alone reveals nothing), or through a tunnel it dials out on.
CREATE TABLE engines (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind            text NOT NULL CHECK (kind IN ('url', 'tunnel')),
    url             text,
    token_sealed    text,
    created_by      bigint REFERENCES users ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'url' OR (url IS NULL AND token_sealed IS NULL)),
    CHECK (kind = 'tunnel' OR url IS NOT NULL)
);
CREATE UNIQUE INDEX engines_name_key ON engines (organization_id, lower(name));

-- The key a tunnel engine dials in with: shown once, kept as SHA-256 and a prefix to recognise it by.
-- At most one live key per engine; revoked ones stay for the record.
CREATE TABLE registration_keys (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    engine_id  bigint NOT NULL REFERENCES engines ON DELETE CASCADE,
    prefix     text NOT NULL,
    sha256     bytea NOT NULL UNIQUE,
    created_by bigint REFERENCES users ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE UNIQUE INDEX registration_keys_live ON registration_keys (engine_id) WHERE revoked_at IS NULL;

-- Each running Platform instance, seen_at renewed every few seconds: a presence row of an instance not
-- seen for a while (it crashed) no longer counts. relay_url: where the other instances reach it to
-- relay requests for the engines whose tunnels it holds (null: it relays nothing).
CREATE TABLE platform_instances (
    id         text PRIMARY KEY,
    relay_url  text,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);

-- Which instance holds an engine's tunnel now (a tunnel attaches to one instance).
CREATE TABLE tunnel_presence (
    engine_id      bigint PRIMARY KEY REFERENCES engines ON DELETE CASCADE,
    instance_id    text NOT NULL REFERENCES platform_instances ON DELETE CASCADE,
    connected_at   timestamptz NOT NULL DEFAULT now(),
    engine_version text NOT NULL DEFAULT ''
);
