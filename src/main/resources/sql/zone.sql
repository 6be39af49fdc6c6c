-- Statements of the zone store. Each starts with a "-- name:" line; $n are parameters.

-- name: loadInstances
SELECT id, project, zone, name, description, machine_type, status, creation_timestamp,
       last_start_timestamp, last_stop_timestamp, last_suspended_timestamp, metadata, labels, tags,
       network_interfaces, disks, attributes, console, console_discarded, generation
  FROM compute_instances WHERE zone = $1

-- name: insertInstance
INSERT INTO compute_instances (id, project, zone, name, description, machine_type, status,
       creation_timestamp, last_start_timestamp, last_stop_timestamp, last_suspended_timestamp,
       metadata, labels, tags, network_interfaces, disks, attributes, console, console_discarded,
       generation)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)

-- name: updateInstance
UPDATE compute_instances
   SET description = $2, machine_type = $3, status = $4, last_start_timestamp = $5,
       last_stop_timestamp = $6, last_suspended_timestamp = $7, metadata = $8, labels = $9,
       tags = $10, attributes = $11, console = $12, console_discarded = $13, generation = $14
 WHERE id = $1

-- name: deleteInstance
DELETE FROM compute_instances WHERE id = $1

-- name: lockSubnet
-- Zones of one region allocate from the same range: each takes the subnet's lock for the rest of
-- its transaction, so two zones never pick the same free address.
SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 0))

-- name: nextAddresses
-- Up to $6 addresses after the highest one in use (one index lookup), for all the instances one
-- group commit creates; fewer when the range ends first.
SELECT candidate
  FROM (SELECT max(address) AS high FROM internal_addresses WHERE project = $1 AND region = $2 AND network = $3) AS used,
       generate_series(COALESCE(used.high + 1, $4::bigint), $5::bigint) AS candidate
 ORDER BY candidate
 LIMIT $6

-- name: freeAddresses
-- The $6 lowest free addresses of a subnet's range, once addresses past the highest are used up.
SELECT candidate
  FROM generate_series($4::bigint, $5::bigint) AS candidate
 WHERE NOT EXISTS (SELECT 1 FROM internal_addresses a
                    WHERE a.project = $1 AND a.region = $2 AND a.network = $3 AND a.address = candidate)
 ORDER BY candidate
 LIMIT $6

-- name: takeAddress
INSERT INTO internal_addresses (project, region, network, address, instance_id) VALUES ($1, $2, $3, $4, $5)

-- name: releaseAddresses
DELETE FROM internal_addresses WHERE instance_id = $1

-- name: loadOperations
SELECT id, name, project, zone, operation_type, target_path, target_id, status, phase, progression,
       due_at, insert_time, start_time, end_time, client_operation_id
  FROM compute_operations WHERE zone = $1

-- name: saveOperation
INSERT INTO compute_operations (id, name, project, zone, operation_type, target_path, target_id,
       status, phase, progression, due_at, insert_time, start_time, end_time, client_operation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (id) DO UPDATE
   SET status = EXCLUDED.status, phase = EXCLUDED.phase, due_at = EXCLUDED.due_at,
       end_time = EXCLUDED.end_time

-- name: deleteOperation
DELETE FROM compute_operations WHERE id = $1

-- name: resetInstances
-- Empties a zone, or one project's part of it; their addresses go with them.
WITH gone AS (
  DELETE FROM compute_instances WHERE zone = $1 AND ($2::text IS NULL OR project = $2) RETURNING id
)
DELETE FROM internal_addresses WHERE instance_id IN (SELECT id FROM gone)

-- name: resetOperations
DELETE FROM compute_operations WHERE zone = $1 AND ($2::text IS NULL OR project = $2)
