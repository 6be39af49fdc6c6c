-- Reads of the declared collections' resources, in any scope. Each starts with a "-- name:"
-- line; $n are parameters.

-- name: findResource
-- By name, or by numeric id ($5, -1 when the reference is not one).
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE project = $1 AND scope = $2 AND collection = $3 AND (name = $4 OR id = $5)

-- name: newestOfFamily
-- A family's resource: its newest that is not deprecated, as GCE answers images.getFromFamily.
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE project = $1 AND scope = $2 AND collection = $3 AND document ->> 'family' = $4 AND NOT document ? 'deprecated'
 ORDER BY created_at DESC, id DESC LIMIT 1

-- name: listResources
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE project = $1 AND scope = $2 AND collection = $3 ORDER BY name

-- name: lockResource
-- Locked for the rest of the transaction: two changes of one resource run one after the other.
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE project = $1 AND scope = $2 AND collection = $3 AND (name = $4 OR id = $5) FOR UPDATE

-- name: lockResourceById
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources WHERE id = $1 FOR UPDATE

-- name: saveResource
INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document, epoch, write_seq)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nextval('compute_write_seq'))
ON CONFLICT (id) DO UPDATE
   SET document = EXCLUDED.document, epoch = EXCLUDED.epoch, write_seq = EXCLUDED.write_seq

-- name: deleteResource
DELETE FROM compute_resources WHERE id = $1

-- name: inScope
-- Every project's resources of one collection in one scope: a region's managed groups, which each
-- of its zones acts for.
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE scope = $1 AND collection = $2

-- name: groupMembers
-- The instances whose created-by metadata names a group ($2, the value), with what they are doing.
SELECT id, project, scope, collection, name, created_at, document FROM compute_resources
 WHERE project = $1 AND collection = 'instances'
   AND document -> 'metadata' @> jsonb_build_array(jsonb_build_object('key', 'created-by', 'value', $2::text))
