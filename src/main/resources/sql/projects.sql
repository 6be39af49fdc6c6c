-- name: ensureProject
-- With its default network, when this makes it (V14).
SELECT ensure_project($1, $2)

-- name: getProject
SELECT id, created_at, common_instance_metadata FROM projects WHERE name = $1

-- name: listProjects
SELECT name FROM projects ORDER BY name

-- name: forgetProjects
-- A project's global and regional operations and resources (images, networks, subnetworks) go
-- with it; the zones have emptied themselves before.
WITH operations AS (
  DELETE FROM global_operations WHERE $1::text IS NULL OR project = $1
), resources AS (
  DELETE FROM compute_resources WHERE scope NOT LIKE 'zones/%' AND ($1::text IS NULL OR project = $1)
)
DELETE FROM projects WHERE $1::text IS NULL OR name = $1
