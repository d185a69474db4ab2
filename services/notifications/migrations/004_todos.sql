-- Issue 18 item 3: 我的待办, each person's waiting work, derived from the owning
-- services' events. A to-do is either a user's own (an order to accept: `user_id`)
-- or an item of a role's queue (a review state: `role`, scoped by `district` for a
-- district officer). The owning service decides; this is a projection of its steps.
CREATE TABLE todos (
  -- UUIDv7
  id uuid PRIMARY KEY,
  -- order_to_accept, contract_to_upload, service_record_to_write, order_to_confirm,
  -- evaluation_to_give, voucher_to_use, review_queue (libs/contracts todoKinds)
  kind text NOT NULL,
  -- what it is about: order, or the review chain of a queue item (enterprise_certification, settlement, ...)
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  -- the review state a queue item waits in; '' for a user's own to-do (part of the key)
  step text NOT NULL DEFAULT '',
  -- a user's own to-do: its owner (a provider's main account, an enterprise)
  user_id uuid,
  -- a queue item: the role that reviews the state, and the district it is in
  -- (a district officer sees its own district's only; other roles every district)
  role text,
  district text,
  -- a queue item's review chain, for its SLA (todo_slas)
  chain text,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}',
  -- a user's own to-do's deadline where its event gives one; a queue item's comes from its SLA when read
  due_at timestamptz,
  -- when the owning service's step that opened it happened (the event's own time)
  opened_at timestamptz NOT NULL,
  -- when the step that closed it happened; NULL while it waits
  done_at timestamptz,
  -- the time of the owning service's step last applied: an event older than it changes nothing,
  -- so a redelivered or late event never reopens what a later step closed
  version_at timestamptz NOT NULL,
  -- the event last applied
  source_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- one to-do per kind, subject and review state: reopening (an order delivered again) reuses it
  CONSTRAINT todos_once_per_subject UNIQUE (kind, subject_type, subject_id, step),
  CONSTRAINT todos_user_or_queue CHECK ((user_id IS NULL) <> (role IS NULL))
);

-- a user's open to-dos
CREATE INDEX todos_open_by_user ON todos (user_id, due_at) WHERE done_at IS NULL AND user_id IS NOT NULL;
-- a role's open queue items, by district
CREATE INDEX todos_open_by_role ON todos (role, district) WHERE done_at IS NULL AND role IS NOT NULL;
-- the open items of a review state (an escalation role's view)
CREATE INDEX todos_open_by_step ON todos (chain, step) WHERE done_at IS NULL AND chain IS NOT NULL;

-- A programme setting (DOMAIN §0b, issue 18 item 3): the SLA in hours of each
-- state of a review chain, and the role an overdue item escalates to.
CREATE TABLE todo_slas (
  chain text NOT NULL,
  step text NOT NULL,
  -- NULL: no SLA, never overdue
  hours integer CHECK (hours IS NULL OR hours > 0),
  -- NULL: no escalation
  escalate_to text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  PRIMARY KEY (chain, step)
);

-- a local demo's programme: three days for every review state, no escalation until an admin sets one
INSERT INTO todo_slas (chain, step, hours, escalate_to) VALUES
  ('enterprise_certification', 'submitted', 72, NULL),
  ('provider_certification', 'submitted', 72, NULL),
  ('provider_certification', 'operator_approved', 72, NULL),
  ('voucher_qualification', 'submitted', 72, NULL),
  ('product', 'operator_review', 72, NULL),
  ('product', 'expert_review', 72, NULL),
  ('product', 'final_review', 72, NULL),
  ('settlement', 'submitted', 72, NULL),
  ('settlement', 'assessed', 72, NULL),
  ('settlement', 'payment_approved', 72, NULL),
  ('general_voucher', 'submitted', 72, NULL),
  ('general_voucher', 'assessed', 72, NULL),
  ('general_voucher', 'payment_approved', 72, NULL);
