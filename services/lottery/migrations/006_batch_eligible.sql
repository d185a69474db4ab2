-- A batch's eligible set is written once and read whole (publication, report,
-- export): one row per category holding its ids in LOT-6 order and its winners,
-- instead of a million indexed rows. An enterprise's result per batch follows
-- from its reservation (won_batch_id) and the batch's state.
CREATE TABLE batch_eligible (
  batch_id uuid NOT NULL REFERENCES batches (id),
  category_code text NOT NULL,
  ids uuid[] NOT NULL,
  winners uuid[] NOT NULL,
  PRIMARY KEY (batch_id, category_code)
);
INSERT INTO batch_eligible (batch_id, category_code, ids, winners)
  SELECT batch_id, category_code,
         array_agg(reservation_id ORDER BY reservation_id::text COLLATE "C"),
         coalesce(array_agg(reservation_id ORDER BY reservation_id::text COLLATE "C") FILTER (WHERE won), '{}')
  FROM batch_entries GROUP BY batch_id, category_code;
DROP TABLE batch_entries;
