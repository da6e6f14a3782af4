-- Output of exec jobs while they run, copied from the agents about once a second, so that
-- GET /jobs/{id}/stream can show it live. A row lives only while its job runs.
CREATE TABLE job_live_output (
    job_id     uuid PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    stdout     bytea NOT NULL,
    stderr     bytea NOT NULL,
    updated_at timestamptz NOT NULL
);
