-- name: ensureProject
INSERT INTO projects (name, id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING

-- name: getProject
SELECT id, created_at FROM projects WHERE name = $1

-- name: listProjects
SELECT name FROM projects ORDER BY name

-- name: forgetProjects
DELETE FROM projects WHERE $1::text IS NULL OR name = $1
