-- Statements of a region's and the global scope's owners: the project's common instance metadata
-- (global), and each scope's operations: a region's carry its name, the global ones none.
-- Each starts with a "-- name:" line; $n are parameters.

-- name: lockProject
-- The row is locked for the rest of the transaction, so two setters of one project's metadata
-- (on any node) run one after the other and the second sees the first's fingerprint.
SELECT id, common_instance_metadata, settings FROM projects WHERE name = $1 FOR UPDATE

-- name: setSettings
UPDATE projects SET settings = $2::jsonb WHERE name = $1

-- name: iamPolicy
SELECT policy, serial FROM iam_policies WHERE resource_id = $1

-- name: lockIamPolicy
-- Locked for the rest of the transaction, so two setters of one policy run one after the other
-- and the second is checked against the first's etag.
SELECT policy, serial FROM iam_policies WHERE resource_id = $1 FOR UPDATE

-- name: setIamPolicy
INSERT INTO iam_policies (resource_id, project, resource_path, policy, serial) VALUES ($1, $2, $3, $4::jsonb, $5)
ON CONFLICT (resource_id) DO UPDATE SET policy = EXCLUDED.policy, serial = EXCLUDED.serial, resource_path = EXCLUDED.resource_path

-- name: setMetadata
UPDATE projects SET common_instance_metadata = $2::jsonb WHERE name = $1

-- name: operationForRequest
-- A requestId names one operation of a project, whichever region or global scope made it.
SELECT id, name, project, operation_type, target_path, target_id, status, insert_time, start_time,
       end_time, client_operation_id, region, phase, progression, due_at, error
  FROM global_operations WHERE project = $1 AND client_operation_id = $2

-- name: saveOperation
-- A new operation, or the next phase of one in flight.
INSERT INTO global_operations (id, name, project, operation_type, target_path, target_id, status,
       insert_time, start_time, end_time, client_operation_id, region, phase, progression, due_at, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
ON CONFLICT (id) DO UPDATE
   SET status = EXCLUDED.status, phase = EXCLUDED.phase, progression = EXCLUDED.progression,
       due_at = EXCLUDED.due_at, end_time = EXCLUDED.end_time, error = EXCLUDED.error

-- name: lockOperation
-- Locked for the rest of the transaction: a timer and a test's advance of one operation run one
-- after the other, and the second sees the phase the first left.
SELECT id, name, project, operation_type, target_path, target_id, status, insert_time, start_time,
       end_time, client_operation_id, region, phase, progression, due_at, error
  FROM global_operations WHERE id = $1 FOR UPDATE

-- name: inFlightOperations
-- What the scope's new owner carries on with: the operations not yet DONE.
SELECT id, name, project, operation_type, target_path, target_id, status, insert_time, start_time,
       end_time, client_operation_id, region, phase, progression, due_at, error
  FROM global_operations WHERE status <> 'DONE' AND region IS NOT DISTINCT FROM $1

-- name: getOperation
-- An operation is named by its name or its numeric id ($3, -1 when the reference is not one).
SELECT id, name, project, operation_type, target_path, target_id, status, insert_time, start_time,
       end_time, client_operation_id, region, phase, progression, due_at, error
  FROM global_operations WHERE project = $1 AND (name = $2 OR id = $3)
   AND region IS NOT DISTINCT FROM $4

-- name: listOperations
SELECT id, name, project, operation_type, target_path, target_id, status, insert_time, start_time,
       end_time, client_operation_id, region, phase, progression, due_at, error
  FROM global_operations WHERE project = $1 AND region IS NOT DISTINCT FROM $2

-- name: deleteOperation
DELETE FROM global_operations WHERE id = $1

-- name: purgeOperations
-- The scope's finished operations past their retention ($1 ms), as the zones forget theirs.
DELETE FROM global_operations WHERE end_time < now() - make_interval(secs => $1 / 1000.0)
   AND region IS NOT DISTINCT FROM $2
