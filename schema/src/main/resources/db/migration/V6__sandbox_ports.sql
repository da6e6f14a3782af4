-- Ports a sandbox exposes through preview URLs (API.md "Ports"). The token is the capability in
-- the URL: whoever holds it may reach the port, so it is long and random (32 bytes, base64url).
-- Rows live only while the sandbox runs: stopping, failing or destroying it deletes them.
CREATE TABLE sandbox_ports (
    sandbox_pk  uuid        NOT NULL REFERENCES sandboxes (pk) ON DELETE CASCADE,
    port        integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    name        text,
    token       text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sandbox_pk, port)
);

-- Where a worker accepts preview connections for the sandboxes of its Docker host (host:port).
ALTER TABLE workers ADD COLUMN relay_address text;
