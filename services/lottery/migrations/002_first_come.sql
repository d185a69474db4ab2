-- LOT-9: what a first-come category has handed out; the database refuses to hand out more than its stock
ALTER TABLE campaign_categories ADD COLUMN claimed int NOT NULL DEFAULT 0;
ALTER TABLE campaign_categories ADD CONSTRAINT stock_never_oversold CHECK (stock IS NULL OR claimed <= stock);
