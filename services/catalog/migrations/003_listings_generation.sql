-- CAT-4: a number that every change of the listings moves on, so a replica's
-- in-memory search index (src/store/search-index.ts) can tell in one read
-- whether what it was built from is still what PostgreSQL holds, whoever
-- wrote the change (a review, a consumer, an import) and whether or not the
-- replica heard of it. A statement that changed no row (a provider's rename
-- that its listings already show) leaves it as it was.
CREATE TABLE listings_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation bigint NOT NULL
);
INSERT INTO listings_generation (generation) VALUES (0);

-- the schema's own path, whatever the writing session's search_path
CREATE FUNCTION listings_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed) THEN
    UPDATE listings_generation SET generation = generation + 1;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER listings_inserted AFTER INSERT ON listings
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION listings_changed();
CREATE TRIGGER listings_updated AFTER UPDATE ON listings
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION listings_changed();
CREATE TRIGGER listings_deleted AFTER DELETE ON listings
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION listings_changed();
