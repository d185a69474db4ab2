-- One application holds each grant: a certified (or approved) application that no company (or
-- year's qualification) refers to any more was replaced by a later change; it is superseded.
UPDATE applications a SET state = 'superseded'
WHERE a.kind IN ('enterprise_certification', 'provider_certification') AND a.state = 'certified'
  AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.application_id = a.id);
UPDATE applications a SET state = 'superseded'
WHERE a.kind = 'voucher_qualification' AND a.state = 'approved'
  AND NOT EXISTS (SELECT 1 FROM voucher_qualifications v WHERE v.application_id = a.id);
