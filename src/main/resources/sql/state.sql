-- Statements of state export and import. Each starts with a "-- name:" line; $n are parameters.
-- Rows travel as Postgres renders them (row_to_json), so an import restores them exactly: ids,
-- timestamps, fingerprints' inputs and addresses included.

-- name: exportProjects
SELECT coalesce(json_agg(row_to_json(p) ORDER BY p.name), '[]') FROM projects p WHERE $1::text IS NULL OR p.name = $1

-- name: exportInstances
SELECT coalesce(json_agg(row_to_json(i) ORDER BY i.zone, i.project, i.name), '[]') FROM compute_instances i
 WHERE $1::text IS NULL OR i.project = $1

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

-- name: countInstances
-- An import goes only into an emulator that holds no resources at all.
SELECT (SELECT count(*) FROM compute_instances) + (SELECT count(*) FROM compute_resources)

-- name: importProjects
INSERT INTO projects SELECT * FROM json_populate_recordset(null::projects, $1::json) ON CONFLICT (name) DO NOTHING

-- name: importInstances
INSERT INTO compute_instances SELECT * FROM json_populate_recordset(null::compute_instances, $1::json)

-- name: importResources
INSERT INTO compute_resources SELECT * FROM json_populate_recordset(null::compute_resources, $1::json)

-- name: importOperations
INSERT INTO compute_operations SELECT * FROM json_populate_recordset(null::compute_operations, $1::json)

-- name: importGlobalOperations
INSERT INTO global_operations SELECT * FROM json_populate_recordset(null::global_operations, $1::json)

-- name: importAddresses
INSERT INTO internal_addresses SELECT * FROM json_populate_recordset(null::internal_addresses, $1::json)
