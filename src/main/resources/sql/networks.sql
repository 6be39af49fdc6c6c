-- Statements of the networks' bookkeeping that runs at start. Each starts with a "-- name:" line;
-- $n are parameters.

-- name: syncRegions
-- The catalog's regions and their auto-mode ranges ($1 names, $2 ranges), replacing the last start's.
WITH wanted AS (
  SELECT w.name, w.auto_range::cidr AS auto_range FROM unnest($1::text[], $2::text[]) AS w (name, auto_range)
), gone AS (
  DELETE FROM catalog_regions c WHERE NOT EXISTS (SELECT 1 FROM wanted w WHERE w.name = c.name)
)
INSERT INTO catalog_regions (name, auto_range) SELECT name, auto_range FROM wanted
ON CONFLICT (name) DO UPDATE SET auto_range = EXCLUDED.auto_range

-- name: syncExternalRanges
-- The configured ranges of reserved external addresses ($1), in order, replacing the last start's.
WITH wanted AS (
  SELECT r.position, r.range::cidr AS range FROM unnest($1::text[]) WITH ORDINALITY AS r (range, position)
), gone AS (
  DELETE FROM external_address_ranges e WHERE e.position > (SELECT count(*) FROM wanted)
)
INSERT INTO external_address_ranges (position, range) SELECT position, range FROM wanted
ON CONFLICT (position) DO UPDATE SET range = EXCLUDED.range

-- name: makeMissingDefaultNetworks
SELECT make_missing_default_networks()

-- name: resourceWritten
-- Run in the transaction of each change a scope's owner writes ($2: the document replaced, null for a new resource).
SELECT resource_written($1, $2::jsonb)

-- name: resourceDeleting
SELECT resource_deleting($1)
