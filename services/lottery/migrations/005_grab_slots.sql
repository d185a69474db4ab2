-- LOT-9 at speed: a first-come category is a set of numbered slots, made with
-- the campaign. A claim takes a free slot (SKIP LOCKED), so claims run side by
-- side instead of queueing on one counter row, and more claims than slots is
-- impossible by construction.
CREATE TABLE grab_slots (
  campaign_id uuid NOT NULL,
  category_code text NOT NULL,
  slot int NOT NULL,
  reservation_id uuid UNIQUE,
  PRIMARY KEY (campaign_id, category_code, slot)
);
CREATE INDEX grab_slots_free ON grab_slots (campaign_id, category_code, slot) WHERE reservation_id IS NULL;
INSERT INTO grab_slots (campaign_id, category_code, slot)
  SELECT cc.campaign_id, cc.category_code, s FROM campaign_categories cc, generate_series(1, cc.stock) AS s WHERE cc.stock IS NOT NULL;
UPDATE grab_slots gs SET reservation_id = r.id
  FROM (SELECT id, campaign_id, category_code, row_number() OVER (PARTITION BY campaign_id, category_code ORDER BY id) AS n
        FROM reservations r WHERE state = 'won' AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = r.campaign_id AND c.mode = 'first_come')) r
  WHERE gs.campaign_id = r.campaign_id AND gs.category_code = r.category_code AND gs.slot = r.n;
ALTER TABLE campaign_categories DROP CONSTRAINT stock_never_oversold;
ALTER TABLE campaign_categories DROP COLUMN claimed;
