-- SET-6: the statistics group vouchers by their enterprise's district (from qualification's events)
CREATE TABLE enterprises (
  enterprise_id uuid PRIMARY KEY,
  district text NOT NULL
);
