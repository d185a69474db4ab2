-- QUA-7 style access to an order's attachments: which orders cite an upload (receipts, the contract)
CREATE INDEX receipts_file ON receipts (file_id);
CREATE INDEX orders_contract_file ON orders (contract_file_id) WHERE contract_file_id IS NOT NULL;
