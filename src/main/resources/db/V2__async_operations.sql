-- Operations now run in phases and may be in flight across a restart: each keeps its phase, how
-- it progresses and when its next phase is due. Instances keep their serial console.
ALTER TABLE compute_operations
  ADD COLUMN phase int NOT NULL DEFAULT 0,
  ADD COLUMN progression jsonb NOT NULL DEFAULT '{"mode": "immediate"}',
  ADD COLUMN due_at timestamptz;
CREATE INDEX compute_operations_in_flight_idx ON compute_operations (zone) WHERE status <> 'DONE';

ALTER TABLE compute_instances
  ADD COLUMN last_suspended_timestamp timestamptz,
  ADD COLUMN console text NOT NULL DEFAULT '',
  ADD COLUMN console_discarded bigint NOT NULL DEFAULT 0;
