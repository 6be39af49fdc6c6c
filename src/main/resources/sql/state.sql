-- Statements of state export and import. Each starts with a "-- name:" line; $n are parameters.
-- Rows travel as Postgres renders them (row_to_json), so an import restores them exactly: ids,
-- timestamps, fingerprints' inputs and addresses included.

-- name: exportProjects
SELECT coalesce(json_agg(row_to_json(p) ORDER BY p.name), '[]') FROM projects p WHERE $1::text IS NULL OR p.name = $1

-- name: exportResources
SELECT coalesce(json_agg(row_to_json(r) ORDER BY r.scope, r.project, r.collection, r.name), '[]') FROM compute_resources r
 WHERE $1::text IS NULL OR r.project = $1

-- name: exportOperations
SELECT coalesce(json_agg(row_to_json(o) ORDER BY o.insert_time, o.id), '[]') FROM compute_operations o
 WHERE $1::text IS NULL OR o.project = $1

-- name: exportGlobalOperations
SELECT coalesce(json_agg(row_to_json(o) ORDER BY o.insert_time, o.id), '[]') FROM global_operations o
 WHERE $1::text IS NULL OR o.project = $1

-- name: exportAddresses
SELECT coalesce(json_agg(row_to_json(a) ORDER BY a.project, a.region, a.address), '[]') FROM internal_addresses a
 WHERE $1::text IS NULL OR a.project = $1

-- name: exportIamPolicies
SELECT coalesce(json_agg(row_to_json(i) ORDER BY i.resource_id), '[]') FROM iam_policies i
 WHERE $1::text IS NULL OR i.project = $1

-- name: countInstances
-- An import goes only into an emulator that holds none of its users' resources: nothing but the
-- default networks its projects were made with, in the project's own transaction (V14), so at
-- the project's time.
SELECT count(*) FROM compute_resources r JOIN projects p ON p.name = r.project
 WHERE r.created_at <> date_trunc('milliseconds', p.created_at)

-- name: forgetProjects
-- Those projects and their default networks make way for the imported ones; a project not
-- imported is made again, with its network, at its next use.
WITH resources AS (
  DELETE FROM compute_resources
), policies AS (
  DELETE FROM iam_policies
)
DELETE FROM projects

-- name: importProjects
INSERT INTO projects SELECT * FROM json_populate_recordset(null::projects, $1::json) ON CONFLICT (name) DO NOTHING

-- name: importInstances
-- Exports made before V13 carry instances as rows of their own table: they become resources.
INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document, epoch, write_seq)
SELECT i.id, i.project, 'zones/' || i.zone, 'instances', i.name, i.creation_timestamp,
       instance_document(i.description, i.machine_type, i.status, i.last_start_timestamp, i.last_stop_timestamp,
                         i.last_suspended_timestamp, i.metadata, i.labels, i.tags, i.network_interfaces, i.disks,
                         i.attributes, i.console, i.console_discarded, i.generation),
       0, nextval('compute_write_seq')
  FROM json_to_recordset($1::json) AS i (id bigint, project text, zone text, name text, description text,
       machine_type text, status text, creation_timestamp timestamptz, last_start_timestamp timestamptz,
       last_stop_timestamp timestamptz, last_suspended_timestamp timestamptz, metadata jsonb, labels jsonb,
       tags jsonb, network_interfaces jsonb, disks jsonb, attributes jsonb, console text,
       console_discarded bigint, generation bigint)

-- name: importResources
INSERT INTO compute_resources SELECT * FROM json_populate_recordset(null::compute_resources, $1::json)

-- name: importOperations
INSERT INTO compute_operations SELECT * FROM json_populate_recordset(null::compute_operations, $1::json)

-- name: importGlobalOperations
INSERT INTO global_operations SELECT * FROM json_populate_recordset(null::global_operations, $1::json)

-- name: importAddresses
-- Exports made before V14 took every address in the region's 'default' subnetwork.
INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic, requested, reserved_by)
SELECT a.project, a.region, COALESCE(a.subnetwork, 'default'), a.address, a.instance_id, a.nic, a.requested, a.reserved_by
  FROM json_to_recordset($1::json) AS a (project text, region text, subnetwork text, address bigint, instance_id bigint,
       nic int, requested boolean, reserved_by bigint)

-- name: importIamPolicies
INSERT INTO iam_policies SELECT * FROM json_populate_recordset(null::iam_policies, $1::json)
