-- A sandbox whose Docker host was lost is 'lost' (API.md "Hosts"; V7 added the hosts).
ALTER TABLE sandboxes DROP CONSTRAINT sandboxes_status_check;
ALTER TABLE sandboxes ADD CONSTRAINT sandboxes_status_check CHECK (status IN
    ('pending', 'running', 'stopped', 'failed', 'lost', 'destroying', 'destroyed'));
