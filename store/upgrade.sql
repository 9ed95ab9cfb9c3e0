-- Columns added to the canonical tables after the first stores were made. Open runs this after
-- schema.sql on a store opened for writing with its own tables (not over a Parquet history,
-- whose views stand in for them): ADD COLUMN IF NOT EXISTS brings an older store up to date and
-- does nothing to a new one, whose CREATE TABLE has them already. The columns are NULL for the
-- rows the store held before.

-- Workload identities (signins): how a service principal or managed identity proved who it is.
ALTER TABLE signins ADD COLUMN IF NOT EXISTS client_credential_type VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS service_principal_credential_key_id VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS service_principal_credential_thumbprint VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS federated_credential_id VARCHAR;
ALTER TABLE signins ADD COLUMN IF NOT EXISTS managed_identity_type VARCHAR;
