-- QUA-7, CAT-1: the uploads a product's content cites (thumbnail, screenshots, case documents), so
-- the catalog answers at once who may read one, and whether a listing shows it to everyone
CREATE FUNCTION product_file_ids(content jsonb) RETURNS uuid[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT f::uuid), '{}') FROM (
    SELECT content->>'thumbnailFileId' AS f
    UNION ALL SELECT jsonb_array_elements_text(coalesce(content->'detail'->'screenshotFileIds', '[]'))
    UNION ALL SELECT c->>'documentFileId' FROM jsonb_array_elements(coalesce(content->'cases', '[]')) c
  ) cited WHERE f IS NOT NULL
$$;
CREATE INDEX products_files ON products USING gin (product_file_ids(content));
CREATE INDEX listings_files ON listings USING gin (product_file_ids(content));
