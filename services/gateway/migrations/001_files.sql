-- API.md § Files, ARCHITECTURE A8b: the gateway owns upload metadata; the bytes
-- live in the storage driver under storage_key. A row is written only once its
-- bytes are stored (QUA-7: type by content, size, SHA-256).
CREATE TABLE files (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL,
  -- purposes and types are listed in libs/contracts files.ts; the gateway checks them on upload
  purpose text NOT NULL CHECK (purpose ~ '^[a-z_]+$'),
  type text NOT NULL CHECK (type ~ '^[a-z0-9]+$'),
  content_type text NOT NULL,
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
  storage_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_owner ON files (owner_id, created_at DESC);
