-- issue 18 item 2: when an announcement was announced (evt.settlement.announcement.published), once:
-- at its publication when readable at once, else by the scheduler's job when publish_at comes.
ALTER TABLE announcements ADD COLUMN announced_at timestamptz;
-- those already readable were announced when published (or came before announcements were told at all)
UPDATE announcements SET announced_at = created_at WHERE publish_at <= now();
-- what the scheduler's job looks for, every tick: few rows, those still waiting for their time
CREATE INDEX announcements_unannounced ON announcements (publish_at) WHERE announced_at IS NULL AND NOT withdrawn;
