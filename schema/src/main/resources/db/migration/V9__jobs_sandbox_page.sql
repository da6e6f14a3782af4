-- GET /jobs?sandboxId= reads one page of one sandbox's jobs. Without this index the planner had
-- no better path than a sequential scan of every tenant's jobs (0.4 s a page at 100,000 jobs
-- under load): a cheap request by one tenant that cost the shared database a whole-table read.
-- A plain CREATE INDEX locks writes to jobs while it builds; retention keeps the table bounded,
-- so that is a short pause at the upgrade.
CREATE INDEX jobs_sandbox_page ON jobs (tenant, sandbox_id, created_at DESC, id DESC) WHERE sandbox_id IS NOT NULL;
