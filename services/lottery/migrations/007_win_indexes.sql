-- A draw writes 100,000 wins at once, so every index on wins costs it time.
-- A win's id is its reservation's (draws and grabs alike): the primary key
-- already keeps a reservation from winning twice, once the CHECK ties the two.
ALTER TABLE wins ADD CONSTRAINT win_is_its_reservation CHECK (reservation_id IS NULL OR id = reservation_id);
ALTER TABLE wins DROP CONSTRAINT wins_reservation_id_key;
-- nothing reads wins by enterprise: annual_wins holds the counts (LOT-4)
DROP INDEX wins_enterprise;
