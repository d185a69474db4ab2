-- Voucher serials from one sequence per programme year instead of a counter
-- row: taking numbers never waits for another transaction, so the chunks of a
-- draw are issued side by side. A chunk that rolls back leaves a gap in its
-- year's serials, never a number twice (the number stays UNIQUE).
DO $$
DECLARE
  counter record;
BEGIN
  FOR counter IN SELECT year, last FROM serials LOOP
    EXECUTE format('CREATE SEQUENCE voucher_serials_%s START WITH %s', counter.year, counter.last + 1);
  END LOOP;
END $$;
DROP TABLE serials;
