-- SET-5: a general-voucher application (通用服务券) is filed by hand, without payment lines: the
-- enterprise, the order number and the direction, approved by an operator, then paid like SET-3
ALTER TABLE applications ADD COLUMN kind text NOT NULL DEFAULT 'voucher' CHECK (kind IN ('voucher', 'general'));
ALTER TABLE applications ADD COLUMN general jsonb;
ALTER TABLE applications ADD CONSTRAINT general_has_its_facts CHECK ((kind = 'general') = (general IS NOT NULL));
