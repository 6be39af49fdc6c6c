-- Statements of the zone store. Each starts with a "-- name:" line; $n are parameters.

-- name: loadInstances
SELECT id, project, zone, name, description, machine_type, status, creation_timestamp,
       last_start_timestamp, last_stop_timestamp, metadata, labels, tags, network_interfaces,
       disks, attributes, generation
  FROM compute_instances WHERE zone = $1

-- name: insertInstance
INSERT INTO compute_instances (id, project, zone, name, description, machine_type, status,
       creation_timestamp, last_start_timestamp, last_stop_timestamp, metadata, labels, tags,
       network_interfaces, disks, attributes, generation)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)

-- name: updateInstance
UPDATE compute_instances
   SET status = $2, last_start_timestamp = $3, last_stop_timestamp = $4, metadata = $5, labels = $6,
       tags = $7, generation = $8
 WHERE id = $1

-- name: deleteInstance
DELETE FROM compute_instances WHERE id = $1

-- name: lockSubnet
-- Zones of one region allocate from the same range: each takes the subnet's lock for the rest of
-- its transaction, so two zones never pick the same free address.
SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 0))

-- name: allocateAddress
-- The lowest free address of the range, or no row when the range is full.
INSERT INTO internal_addresses (project, region, network, address, instance_id)
SELECT $1, $2, $3, candidate, $4
  FROM generate_series($5::bigint, $6::bigint) AS candidate
 WHERE NOT EXISTS (SELECT 1 FROM internal_addresses a
                    WHERE a.project = $1 AND a.region = $2 AND a.network = $3 AND a.address = candidate)
 ORDER BY candidate
 LIMIT 1
ON CONFLICT DO NOTHING
RETURNING address

-- name: releaseAddresses
DELETE FROM internal_addresses WHERE instance_id = $1

-- name: loadOperations
SELECT id, name, project, zone, operation_type, target_path, target_id, insert_time, start_time,
       end_time, client_operation_id
  FROM compute_operations WHERE zone = $1

-- name: insertOperation
INSERT INTO compute_operations (id, name, project, zone, operation_type, target_path, target_id,
       status, insert_time, start_time, end_time, client_operation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, 'DONE', $8, $9, $10, $11)

-- name: deleteOperation
DELETE FROM compute_operations WHERE id = $1
