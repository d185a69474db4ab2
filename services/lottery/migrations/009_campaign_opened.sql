-- Issue 18 item 2 (LOT-2/LOT-3): when a campaign's opening was announced to the
-- enterprises qualified for its year (evt.lottery.campaign.opened), once; null
-- until then. A campaign whose window closed unannounced is never announced.
ALTER TABLE campaigns ADD COLUMN opening_announced_at timestamptz;
-- the scheduler's search, every tick: only the campaigns not announced yet
CREATE INDEX campaigns_opening_unannounced ON campaigns (opens_at) WHERE opening_announced_at IS NULL;
