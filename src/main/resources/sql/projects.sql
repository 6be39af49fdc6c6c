-- name: ensureProject
INSERT INTO projects (name, id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING

-- name: getProject
SELECT id, created_at, common_instance_metadata FROM projects WHERE name = $1

-- name: listProjects
SELECT name FROM projects ORDER BY name

-- name: forgetProjects
-- A project's global operations go with it.
WITH operations AS (
  DELETE FROM global_operations WHERE $1::text IS NULL OR project = $1
)
DELETE FROM projects WHERE $1::text IS NULL OR name = $1
