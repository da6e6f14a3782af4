-- Byte counts of everything a background process wrote to each stream (its logs keep only the
-- newest part), so that clients can read logs from an offset and streams can send what is new.
ALTER TABLE processes
    ADD COLUMN stdout_total bigint NOT NULL DEFAULT 0,
    ADD COLUMN stderr_total bigint NOT NULL DEFAULT 0,
    ADD COLUMN cwd text,
    ADD COLUMN env text NOT NULL DEFAULT '{}';
