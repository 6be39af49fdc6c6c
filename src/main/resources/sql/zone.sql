-- Statements of the zone store. Each starts with a "-- name:" line; $n are parameters.

-- name: loadInstances
-- Instances are resources of the zone's scope like its disks; their document is the zone's stored
-- form (see V13__instances_are_resources.sql).
SELECT id, project, name, created_at, document FROM compute_resources
 WHERE scope = $1 AND collection = 'instances'

-- name: insertInstance
-- Each interface gets the address take_addresses gave it earlier in the same transaction.
INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document, epoch, write_seq)
SELECT $1::bigint, $2::text, $3::text, 'instances', $4::text, $5::timestamptz,
       $6::jsonb || jsonb_build_object('networkInterfaces',
         (SELECT COALESCE(jsonb_agg(CASE WHEN a.address IS NULL THEN n.nic
                                         ELSE n.nic || jsonb_build_object('networkIP', host('0.0.0.0'::inet + a.address))
                                     END ORDER BY n.ord), '[]')
            FROM jsonb_array_elements($6::jsonb -> 'networkInterfaces') WITH ORDINALITY AS n (nic, ord)
            LEFT JOIN internal_addresses a ON a.instance_id = $1::bigint AND a.nic = n.ord - 1)),
       $7::bigint, nextval('compute_write_seq')

-- name: updateInstance
-- The interfaces stay as their insert stored them, with the addresses Postgres gave them; only
-- their access configs and alias ranges are the zone's to change ($4: addAccessConfig,
-- deleteAccessConfig, updateNetworkInterface). $5: its name, which setName changes.
UPDATE compute_resources
   SET name = $5, document = $2::jsonb || jsonb_build_object('networkInterfaces', CASE WHEN NOT $4::boolean THEN document -> 'networkInterfaces' ELSE
         (SELECT COALESCE(jsonb_agg(CASE WHEN n.nic IS NULL THEN s.nic
                                         ELSE (s.nic - 'aliasIpRanges') || jsonb_strip_nulls(jsonb_build_object(
                                                'accessConfigs', COALESCE(n.nic -> 'accessConfigs', '[]'::jsonb),
                                                'aliasIpRanges', n.nic -> 'aliasIpRanges'))
                                     END ORDER BY s.ord), '[]'::jsonb)
            FROM jsonb_array_elements(document -> 'networkInterfaces') WITH ORDINALITY AS s (nic, ord)
            LEFT JOIN jsonb_array_elements($2::jsonb -> 'networkInterfaces') WITH ORDINALITY AS n (nic, ord) ON n.ord = s.ord) END),
       epoch = $3, write_seq = nextval('compute_write_seq')
 WHERE id = $1

-- name: deleteInstance
DELETE FROM compute_resources WHERE id = $1

-- name: takeAddresses
-- Addresses for the interfaces ($4 instance ids, $5 interface indexes, $6 the address each asked
-- for or null) a group commit creates in one subnetwork ($3) of region $2; see V14__networks.sql.
SELECT taken_instance, taken_nic, taken_address FROM take_addresses($1, $2, $3, $4, $5, $6)

-- name: releaseAddresses
SELECT release_internal_addresses($1)

-- name: claimReservedAddresses
-- After the created instances ($1) are written: the reserved internal addresses they took.
SELECT claim_reserved_addresses($1)

-- name: loadOperations
SELECT id, name, project, zone, operation_type, target_path, target_id, status, phase, progression,
       due_at, insert_time, start_time, end_time, client_operation_id, error, operation_group_id
  FROM compute_operations WHERE zone = $1

-- name: saveOperation
INSERT INTO compute_operations (id, name, project, zone, operation_type, target_path, target_id,
       status, phase, progression, due_at, insert_time, start_time, end_time, client_operation_id,
       epoch, write_seq, error, operation_group_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, nextval('compute_write_seq'), $17, $18)
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
  DELETE FROM compute_resources WHERE scope = 'zones/' || $1 AND collection = 'instances'
     AND ($2::text IS NULL OR project = $2) RETURNING id
)
DELETE FROM internal_addresses WHERE instance_id IN (SELECT id FROM gone)

-- name: resetOperations
DELETE FROM compute_operations WHERE zone = $1 AND ($2::text IS NULL OR project = $2)

-- name: loadResources
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources WHERE scope = $1 AND collection <> 'instances'

-- name: resetResources
DELETE FROM compute_resources WHERE scope = $1 AND ($2::text IS NULL OR project = $2)

-- name: useAddresses
-- The reserved external addresses an instance's access configs name ($4 the fields, $5 the IPs)
-- are its own, and only those; see V14__networks.sql.
SELECT use_addresses($1, $2, $3, $4, $5)

-- name: releaseUsedAddresses
-- The reserved addresses a deleted instance ($1, its path) used are RESERVED again.
SELECT release_addresses($1)
