-- One B-tree per entry instead of two (a draw writes a million): the key leads
-- with the reservation, which is how an enterprise's results are looked up; a
-- batch's own entries (publication, report) are found through a small BRIN
-- index, since entries are written batch by batch.
ALTER TABLE batch_entries DROP CONSTRAINT batch_entries_pkey;
DROP INDEX batch_entries_reservation;
ALTER TABLE batch_entries ADD PRIMARY KEY (reservation_id, batch_id);
CREATE INDEX batch_entries_batch ON batch_entries USING brin (batch_id);
