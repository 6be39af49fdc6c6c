-- Each operation remembers the lease epoch it was last written under and when, in the order of
-- all writes: per zone, epochs must only grow along write_seq. Two nodes committing for one zone
-- at once would show up here as an epoch going back.
CREATE SEQUENCE compute_write_seq;
ALTER TABLE compute_operations
  ADD COLUMN epoch bigint,
  ADD COLUMN write_seq bigint;
