-- Fair share and quotas look at a tenant's queued and running jobs on every claim and submission.
CREATE INDEX jobs_active_by_tenant ON jobs (tenant, status) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_queued_in_order ON jobs (seq) WHERE status = 'queued';
