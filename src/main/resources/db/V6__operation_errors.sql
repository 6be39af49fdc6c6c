-- An operation can end in error (GCE reports capacity and similar failures this way, after the
-- request was accepted): {"code": ..., "message": ..., "httpStatus": ...}.
ALTER TABLE compute_operations ADD COLUMN error jsonb;
