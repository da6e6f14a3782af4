-- Scale-out (API.md "Hosts"): a worker group drives one Docker host, a sandbox lives on one.
-- host_id NULL on a sandbox means "not placed yet": the first worker that starts its container
-- places it on its own host.
ALTER TABLE workers ADD COLUMN host_id text;
ALTER TABLE sandboxes ADD COLUMN host_id text;
CREATE INDEX sandboxes_by_host ON sandboxes (host_id, status) WHERE status NOT IN ('destroyed');

-- When a Docker host's workers last beat: a host silent for BOXCAR_HOST_LOST_SECONDS is lost
-- (worker rows go when a worker stops, so the host keeps its own record).
CREATE TABLE docker_hosts (
    id            text PRIMARY KEY,
    last_seen_at  timestamptz NOT NULL
);
