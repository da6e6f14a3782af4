-- The retention purge finds what ended before its cutoff without scanning every row.
CREATE INDEX jobs_finished_at ON jobs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX processes_ended_at ON processes (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX processes_job ON processes (job_id) WHERE job_id IS NOT NULL;
