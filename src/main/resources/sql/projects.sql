-- name: ensureProject
-- With its default network, when this makes it (V14).
SELECT ensure_project($1, $2)

-- name: getProject
SELECT id, created_at, common_instance_metadata, settings FROM projects WHERE name = $1

-- name: listProjects
SELECT name FROM projects ORDER BY name

-- name: forgetProjects
-- A project's global and regional operations and resources (images, networks, subnetworks) go
-- with it; the zones have emptied themselves before.
WITH operations AS (
  DELETE FROM global_operations WHERE $1::text IS NULL OR project = $1
), resources AS (
  DELETE FROM compute_resources WHERE scope NOT LIKE 'zones/%' AND ($1::text IS NULL OR project = $1)
), policies AS (
  DELETE FROM iam_policies WHERE $1::text IS NULL OR project = $1
)
DELETE FROM projects WHERE $1::text IS NULL OR name = $1

-- name: xpnHostOf
-- The host project whose shared VPC serves project $1, if any.
SELECT name FROM projects WHERE settings -> 'xpnResources' @> jsonb_build_array(jsonb_build_object('id', $1::text))

-- name: xpnHosts
SELECT name FROM projects WHERE settings ->> 'xpnProjectStatus' = 'HOST' ORDER BY name

-- name: usage
-- What a project holds, counted for its quotas: per scope, collection and kind (an instance's
-- machine type, whose CPUs the catalog knows; a disk's type; an address's type) how many, how
-- many GB of disk and how many external IPs its instances' access configs hold.
SELECT scope, collection, COALESCE(document ->> 'machineType', document ->> 'type', document ->> 'addressType', '') AS kind,
       count(*) AS held,
       COALESCE(sum(CASE WHEN collection = 'disks' THEN (document ->> 'sizeGb')::bigint END), 0) AS gb,
       COALESCE(sum(CASE WHEN collection = 'instances' THEN
         (SELECT count(*) FROM jsonb_array_elements(COALESCE(document -> 'networkInterfaces', '[]'::jsonb)) AS n (nic),
                               jsonb_array_elements(COALESCE(n.nic -> 'accessConfigs', '[]'::jsonb)) AS a (config)) END), 0) AS external_ips
  FROM compute_resources WHERE project = $1
 GROUP BY 1, 2, 3
