-- Uploads no record cites are removed (the scheduler's clean-up, asking each owning service):
-- attached_at once an owner was found citing it (kept for good); condemned_at once none was, a day
-- after the upload (no longer offered for attaching, deleted after a grace period)
ALTER TABLE files ADD COLUMN attached_at timestamptz;
ALTER TABLE files ADD COLUMN condemned_at timestamptz;
CREATE INDEX files_unattached ON files (created_at) WHERE attached_at IS NULL AND condemned_at IS NULL;
CREATE INDEX files_condemned ON files (condemned_at) WHERE condemned_at IS NOT NULL;
