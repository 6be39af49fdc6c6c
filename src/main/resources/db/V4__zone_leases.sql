-- Each zone has exactly one owner at a time, and Postgres, where its state lives, is the judge:
-- a node serves a zone under a lease whose epoch grows with every change of owner, and every
-- write of the zone checks the epoch in its own transaction, so a node that lost the zone (crash,
-- pause, partition) can never commit for it again.
CREATE TABLE zone_leases (
  zone        text PRIMARY KEY,
  owner       text NOT NULL,
  epoch       bigint NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- The nodes that serve zones (client-only members of the cluster never appear here), so that each
-- node can tell which zones are its share.
CREATE TABLE emulator_nodes (
  node       text PRIMARY KEY,
  seen_at    timestamptz NOT NULL
);

-- The first statement of every write transaction of a zone. FOR SHARE holds the lease row until
-- the write commits, so a node taking the zone over waits for the write and then loads it.
CREATE FUNCTION zone_fence(p_zone text, p_owner text, p_epoch bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM zone_leases WHERE zone = p_zone AND owner = p_owner AND epoch = p_epoch FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'zone % is no longer owned by % at epoch %', p_zone, p_owner, p_epoch USING ERRCODE = 'GCE02';
  END IF;
END
$$;
