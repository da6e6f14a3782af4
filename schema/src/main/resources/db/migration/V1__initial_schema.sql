-- Boxcar's tables for the whole of API.md v1: sandboxes, jobs, processes, batches,
-- idempotency keys, and the workers' heartbeats. PostgreSQL is the source of truth.

CREATE TABLE sandboxes (
    pk                   uuid PRIMARY KEY,
    tenant               text        NOT NULL,
    sandbox_id           text        NOT NULL,
    image                text        NOT NULL,
    env                  text        NOT NULL DEFAULT '{}',   -- JSON object
    memory_mb            integer     NOT NULL,
    cpus                 numeric(6,2) NOT NULL,
    pids                 integer     NOT NULL,
    network              text        NOT NULL,
    run_as               text        NOT NULL,
    idle_timeout_seconds integer     NOT NULL,
    status               text        NOT NULL,
    error                text,
    container_id         text,
    created_at           timestamptz NOT NULL,
    last_used_at         timestamptz,
    destroyed_at         timestamptz,
    version              bigint      NOT NULL DEFAULT 0,
    CONSTRAINT sandboxes_status_check CHECK (status IN
        ('pending','running','stopped','destroying','destroyed','failed'))
);
-- One live sandbox per (tenant, id); a destroyed id can be used again.
CREATE UNIQUE INDEX sandboxes_live_id ON sandboxes (tenant, sandbox_id) WHERE status <> 'destroyed';
CREATE INDEX sandboxes_tenant_page ON sandboxes (tenant, created_at DESC, pk DESC);

CREATE TABLE batches (
    id                     uuid PRIMARY KEY,
    tenant                 text        NOT NULL,
    total                  integer     NOT NULL,
    callback_url           text,
    callback_status        text,
    callback_attempts      integer     NOT NULL DEFAULT 0,
    callback_next_at       timestamptz,
    callback_last_error    text,
    created_at             timestamptz NOT NULL,
    finished_at            timestamptz,
    version                bigint      NOT NULL DEFAULT 0
);
CREATE INDEX batches_tenant_page ON batches (tenant, created_at DESC, id DESC);

CREATE TABLE jobs (
    id             uuid PRIMARY KEY,
    tenant         text        NOT NULL,
    type           text        NOT NULL,
    sandbox_pk     uuid REFERENCES sandboxes (pk),
    sandbox_id     text,
    batch_id       uuid REFERENCES batches (id),
    batch_index    integer,
    seq            bigserial   NOT NULL,          -- submission order within a sandbox
    status         text        NOT NULL,
    request        text        NOT NULL,          -- JSON: what the job must do
    result         text,                          -- JSON: API.md "result"
    verdict        text,
    error_code     text,
    error_message  text,
    worker_id      text,
    attempts       integer     NOT NULL DEFAULT 0,
    cancel_requested boolean   NOT NULL DEFAULT false,
    dispatched_at  timestamptz,
    created_at     timestamptz NOT NULL,
    started_at     timestamptz,
    finished_at    timestamptz,
    version        bigint      NOT NULL DEFAULT 0,
    CONSTRAINT jobs_status_check CHECK (status IN
        ('queued','running','completed','timed_out','cancelled','error'))
);
CREATE INDEX jobs_sandbox_line ON jobs (sandbox_pk, seq) WHERE status IN ('queued','running');
CREATE INDEX jobs_tenant_page ON jobs (tenant, created_at DESC, id DESC);
CREATE INDEX jobs_undispatched ON jobs (created_at) WHERE status = 'queued' AND dispatched_at IS NULL;
CREATE INDEX jobs_running_by_worker ON jobs (worker_id) WHERE status = 'running';
CREATE INDEX jobs_batch_order ON jobs (batch_id, batch_index) WHERE batch_id IS NOT NULL;

CREATE TABLE processes (
    id               uuid PRIMARY KEY,
    tenant           text        NOT NULL,
    sandbox_pk       uuid        NOT NULL REFERENCES sandboxes (pk),
    sandbox_id       text        NOT NULL,
    name             text,
    command          text        NOT NULL,
    argv             text        NOT NULL,        -- JSON array
    status           text        NOT NULL,
    pid              integer,
    exit_code        integer,
    signal           text,
    error            text,
    job_id           uuid REFERENCES jobs (id),
    stdout           bytea       NOT NULL DEFAULT '',
    stderr           bytea       NOT NULL DEFAULT '',
    stdout_truncated boolean     NOT NULL DEFAULT false,
    stderr_truncated boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    ended_at         timestamptz,
    refreshed_at     timestamptz,
    version          bigint      NOT NULL DEFAULT 0,
    CONSTRAINT processes_status_check CHECK (status IN
        ('starting','running','exited','killed','failed'))
);
CREATE UNIQUE INDEX processes_live_name ON processes (sandbox_pk, name)
    WHERE name IS NOT NULL AND status IN ('starting','running');
CREATE INDEX processes_sandbox_page ON processes (sandbox_pk, created_at DESC, id DESC);

CREATE TABLE idempotency_keys (
    tenant        text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    status_code   integer     NOT NULL,
    object_type   text        NOT NULL,
    object_id     text        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, key)
);

CREATE TABLE workers (
    id            text PRIMARY KEY,
    host          text        NOT NULL,
    pid           bigint      NOT NULL,
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL
);

-- Long-polls wait on notifications instead of polling: any change of a job to a final status
-- wakes the API's waiters for that job (and for its batch).
CREATE FUNCTION notify_job_finished() RETURNS trigger AS $$
BEGIN
    IF NEW.status IN ('completed', 'timed_out', 'cancelled', 'error')
       AND OLD.status IS DISTINCT FROM NEW.status THEN
        PERFORM pg_notify('boxcar_job_finished',
                          NEW.id::text || ',' || coalesce(NEW.batch_id::text, ''));
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_notify_finished
    AFTER UPDATE OF status ON jobs
    FOR EACH ROW EXECUTE FUNCTION notify_job_finished();
