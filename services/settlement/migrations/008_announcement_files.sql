-- which notices cite an upload: everyone reads an attachment once a published notice cites it
CREATE INDEX announcements_attachments ON announcements USING gin (attachment_file_ids);
