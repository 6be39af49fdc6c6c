-- Statements of the zone store. Each starts with a "-- name:" line; $n are parameters.

-- name: loadInstances
SELECT id, project, zone, name, description, machine_type, status, creation_timestamp,
       last_start_timestamp, last_stop_timestamp, last_suspended_timestamp, metadata, labels, tags,
       network_interfaces, disks, attributes, console, console_discarded, generation
  FROM compute_instances WHERE zone = $1

-- name: insertInstance
-- Each interface gets the address take_addresses gave it earlier in the same transaction.
INSERT INTO compute_instances (id, project, zone, name, description, machine_type, status,
       creation_timestamp, last_start_timestamp, last_stop_timestamp, last_suspended_timestamp,
       metadata, labels, tags, network_interfaces, disks, attributes, console, console_discarded,
       generation)
SELECT $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::timestamptz,
       $9::timestamptz, $10::timestamptz, $11::timestamptz, $12::jsonb, $13::jsonb, $14::jsonb,
       (SELECT COALESCE(jsonb_agg(CASE WHEN a.address IS NULL THEN n.nic
                                       ELSE n.nic || jsonb_build_object('networkIP', host('0.0.0.0'::inet + a.address))
                                   END ORDER BY n.ord), '[]')
          FROM jsonb_array_elements($15::jsonb) WITH ORDINALITY AS n (nic, ord)
          LEFT JOIN internal_addresses a ON a.instance_id = $1::bigint AND a.nic = n.ord - 1),
       $16::jsonb, $17::jsonb, $18::text, $19::bigint, $20::bigint

-- name: updateInstance
UPDATE compute_instances
   SET description = $2, machine_type = $3, status = $4, last_start_timestamp = $5,
       last_stop_timestamp = $6, last_suspended_timestamp = $7, metadata = $8, labels = $9,
       tags = $10, attributes = $11, console = $12, console_discarded = $13, generation = $14, disks = $15
 WHERE id = $1

-- name: deleteInstance
DELETE FROM compute_instances WHERE id = $1

-- name: takeAddresses
-- Addresses for the interfaces ($6 instance ids, $7 interface indexes, $8 the address each asked
-- for or null) a group commit creates in one subnet of range [$4, $5]; see
-- V9__requested_addresses.sql.
SELECT taken_instance, taken_nic, taken_address FROM take_addresses($1, $2, $3, $4, $5, $6, $7, $8)

-- name: releaseAddresses
DELETE FROM internal_addresses WHERE instance_id = $1

-- name: loadOperations
SELECT id, name, project, zone, operation_type, target_path, target_id, status, phase, progression,
       due_at, insert_time, start_time, end_time, client_operation_id, error
  FROM compute_operations WHERE zone = $1

-- name: saveOperation
INSERT INTO compute_operations (id, name, project, zone, operation_type, target_path, target_id,
       status, phase, progression, due_at, insert_time, start_time, end_time, client_operation_id,
       epoch, write_seq, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, nextval('compute_write_seq'), $17)
ON CONFLICT (id) DO UPDATE
   SET status = EXCLUDED.status, phase = EXCLUDED.phase, progression = EXCLUDED.progression, due_at = EXCLUDED.due_at,
       end_time = EXCLUDED.end_time, epoch = EXCLUDED.epoch, write_seq = EXCLUDED.write_seq,
       error = EXCLUDED.error

-- name: deleteOperation
DELETE FROM compute_operations WHERE id = $1

-- name: deleteOperations
DELETE FROM compute_operations WHERE id = ANY ($1::bigint[])

-- name: resetInstances
-- Empties a zone, or one project's part of it; their addresses go with them.
WITH gone AS (
  DELETE FROM compute_instances WHERE zone = $1 AND ($2::text IS NULL OR project = $2) RETURNING id
)
DELETE FROM internal_addresses WHERE instance_id IN (SELECT id FROM gone)

-- name: resetOperations
DELETE FROM compute_operations WHERE zone = $1 AND ($2::text IS NULL OR project = $2)

-- name: loadResources
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources WHERE scope = $1

-- name: resetResources
DELETE FROM compute_resources WHERE scope = $1 AND ($2::text IS NULL OR project = $2)
