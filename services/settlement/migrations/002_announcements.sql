-- programme notices (公告): published by operators, read by everyone from publish_at on
CREATE TABLE announcements (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  attachment_file_ids uuid[] NOT NULL DEFAULT '{}',
  publish_at timestamptz NOT NULL,
  withdrawn boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX announcements_published ON announcements (publish_at DESC) WHERE NOT withdrawn;
