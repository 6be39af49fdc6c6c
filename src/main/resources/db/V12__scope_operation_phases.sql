-- A region's and the global scope's operations now run in phases as the zones' do (a snapshot is
-- CREATING, then UPLOADING; an image PENDING) and may be in flight across a restart or a move to
-- another node: each keeps its phase, how it progresses and when its next phase is due. The
-- columns may be null, for rows written or exported before them: phase 0, immediate, none due.
-- An operation may end in error as a zone's may (an injected fault): {code, message, httpStatus}.
ALTER TABLE global_operations
  ADD COLUMN phase int,
  ADD COLUMN progression jsonb,
  ADD COLUMN due_at timestamptz,
  ADD COLUMN error jsonb;
CREATE INDEX global_operations_in_flight_idx ON global_operations (region) WHERE status <> 'DONE';
