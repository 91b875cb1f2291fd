-- Joe instances, Joe's history and checkup reports, each per organization. Never edit a migration once
-- it is merged: add the next version.

-- A Joe registers itself with an organization's API token: its name there, where its API is, and the
-- token the Platform calls that API with, sealed with the Platform's secrets key (SecretBox).
CREATE TABLE joe_instances (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    url             text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    token_sealed    text NOT NULL,
    registered_by   text NOT NULL,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);

-- Whether the organization keeps Joe's history (SQL text, plans); off, only the audit log's row of each
-- command is kept.
ALTER TABLE organizations ADD COLUMN joe_history_enabled boolean NOT NULL DEFAULT true;

-- What Joe sent about each command: who (Joe's user), where, which command, what was typed and Joe's
-- answer (metadata: plans, never rows). Cleared by the organization's admins.
CREATE TABLE joe_history (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    joe_instance_id bigint REFERENCES joe_instances ON DELETE SET NULL,
    instance_name   text NOT NULL,
    at              timestamptz NOT NULL,
    joe_user        text NOT NULL,
    channel         text NOT NULL,
    command         text NOT NULL,
    outcome         text NOT NULL,
    typed           text,
    answer          text,
    plan            text,
    summary         text
);
CREATE INDEX joe_history_organization ON joe_history (organization_id, at);
CREATE INDEX joe_history_user ON joe_history (organization_id, joe_user, at);

-- An uploaded checkup report: the JSON files as they were written ({file name: document}), the HTML
-- view as it came (someone else's markup: served only sandboxed), and the counts from 0_summary.json.
CREATE TABLE checkup_reports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    project         text NOT NULL CHECK (length(project) BETWEEN 1 AND 200),
    reported_at     timestamptz NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now(),
    uploaded_by     text NOT NULL,
    p1              integer NOT NULL,
    p2              integer NOT NULL,
    p3              integer NOT NULL,
    json_files      jsonb NOT NULL,
    html            text
);
CREATE INDEX checkup_reports_organization ON checkup_reports (organization_id, project, reported_at);
