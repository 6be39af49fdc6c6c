-- Statements of zone ownership. Each starts with a "-- name:" line; $n are parameters.

-- name: heartbeat
-- A serving node says it is alive; nodes not seen for a lease's length are not counted.
INSERT INTO emulator_nodes (node, seen_at) VALUES ($1, now())
ON CONFLICT (node) DO UPDATE SET seen_at = now()

-- name: servingNodes
SELECT node FROM emulator_nodes WHERE seen_at > now() - make_interval(secs => $1 / 1000.0)

-- name: leaveNodes
DELETE FROM emulator_nodes WHERE node = $1

-- name: acquire
-- Takes a zone whose lease is free, expired, or (only when $3 is given: this node sees a majority
-- of the cluster) held by a node that is no longer a member. A row back means the zone is ours,
-- and its epoch is the fencing token of every write. Taking the row waits for a write in flight
-- of the previous owner (it holds the row FOR SHARE), so the state loaded after this includes it.
INSERT INTO zone_leases AS l (zone, owner, epoch, expires_at)
VALUES ($1, $2, 1, now() + make_interval(secs => $4 / 1000.0))
ON CONFLICT (zone) DO UPDATE
   SET owner = EXCLUDED.owner, epoch = l.epoch + 1, expires_at = EXCLUDED.expires_at
 WHERE l.expires_at < now() OR ($3::text[] IS NOT NULL AND NOT (l.owner = ANY ($3::text[])))
RETURNING epoch

-- name: renew
-- Extends the leases this node still holds; a zone missing from the answer was taken over.
UPDATE zone_leases AS l SET expires_at = now() + make_interval(secs => $4 / 1000.0)
  FROM unnest($2::text[], $3::bigint[]) AS mine (zone, epoch)
 WHERE l.zone = mine.zone AND l.epoch = mine.epoch AND l.owner = $1
RETURNING l.zone

-- name: release
-- A graceful hand-over: the zone can be taken at once.
UPDATE zone_leases SET expires_at = now() WHERE zone = $1 AND owner = $2 AND epoch = $3

-- name: refence
-- After a write whose outcome is unknown, before the zone reloads what Postgres holds.
UPDATE zone_leases SET epoch = epoch + 1 WHERE zone = $1 AND owner = $2 AND epoch = $3
RETURNING epoch

-- name: holder
SELECT owner, epoch FROM zone_leases WHERE zone = $1

-- name: fence
SELECT zone_fence($1, $2, $3)
