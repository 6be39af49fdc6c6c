-- An instance may ask for its internal address (networkInterfaces[].networkIP), as Terraform's
-- network_ip does. A requested address is taken under the same subnet lock as allocated ones,
-- so it can never be handed out twice, and it does not move where allocation goes on from:
-- allocated addresses still follow the highest allocated one, skipping any requested there.
ALTER TABLE internal_addresses ADD COLUMN requested boolean;
CREATE INDEX internal_addresses_requested_idx ON internal_addresses (project, region, network) WHERE requested;

DROP FUNCTION take_addresses(text, text, text, bigint, bigint, bigint[], int[]);

-- p_requested holds, for each slot, the address asked for, or NULL to have one allocated.
-- Requested addresses already in use fail their instances (SQLSTATE GCE03, DETAIL
-- 'instance:address,...'); a range with too few free addresses fails the rest (GCE01).
CREATE FUNCTION take_addresses(p_project text, p_region text, p_network text, p_first bigint,
                               p_last bigint, p_instances bigint[], p_nics int[], p_requested bigint[])
RETURNS TABLE (taken_instance bigint, taken_nic int, taken_address bigint)
LANGUAGE plpgsql AS $$
DECLARE
  got_instances bigint[];
  got_nics int[];
  in_use text;
  requested_here bigint[];
  wanted int;
  taken int;
BEGIN
  -- Zones of one region allocate from the same range: the subnet's lock, held to the end of the
  -- transaction, means two zones never pick the same address. Each statement of a volatile
  -- function sees what committed before it ran, so the queries below see every address taken
  -- by whoever held the lock before.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_project || '/' || p_region || '/' || p_network, 0));
  IF EXISTS (SELECT 1 FROM unnest(p_requested) AS r (address) WHERE r.address IS NOT NULL) THEN
    WITH inserted AS (
      INSERT INTO internal_addresses (project, region, network, address, instance_id, nic, requested)
      SELECT p_project, p_region, p_network, s.address, s.instance_id, s.nic, true
        FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
       WHERE s.address IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING internal_addresses.instance_id, internal_addresses.nic)
    SELECT array_agg(i.instance_id), array_agg(i.nic) INTO got_instances, got_nics FROM inserted i;
    SELECT string_agg(DISTINCT s.instance_id || ':' || s.address, ',') INTO in_use
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
     WHERE s.address IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM unnest(got_instances, got_nics) AS g (instance_id, nic)
                        WHERE g.instance_id = s.instance_id AND g.nic = s.nic);
    IF in_use IS NOT NULL THEN
      RAISE EXCEPTION 'IP is already being used by another resource.' USING ERRCODE = 'GCE03', DETAIL = in_use;
    END IF;
    RETURN QUERY SELECT s.instance_id, s.nic, s.address
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address) WHERE s.address IS NOT NULL;
  END IF;

  SELECT count(*) INTO wanted FROM unnest(p_requested) AS r (address) WHERE r.address IS NULL;
  requested_here := ARRAY(SELECT a.address FROM internal_addresses a
                           WHERE a.project = p_project AND a.region = p_region AND a.network = p_network AND a.requested);
  RETURN QUERY
  WITH slots AS (
    SELECT s.instance_id, s.nic, row_number() OVER () AS ord
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
     WHERE s.address IS NULL),
  high AS (
    SELECT COALESCE(max(a.address) + 1, p_first) AS next
      FROM internal_addresses a
     WHERE a.project = p_project AND a.region = p_region AND a.network = p_network AND a.requested IS NOT TRUE),
  -- The addresses after the highest allocated but the requested ones there, then (only when
  -- the range has run out: the append stops at the limit) the lowest free ones. Materialised:
  -- the planner may expect a single slot and search the range again for each one.
  candidates AS MATERIALIZED (
    SELECT c.address, row_number() OVER () AS ord
      FROM ((SELECT g AS address FROM high, generate_series(high.next, p_last) AS g WHERE g <> ALL (requested_here))
            UNION ALL
            (SELECT g FROM high, generate_series(p_first, LEAST(high.next - 1, p_last)) AS g
              WHERE NOT EXISTS (SELECT 1 FROM internal_addresses a
                                 WHERE a.project = p_project AND a.region = p_region
                                   AND a.network = p_network AND a.address = g))
            LIMIT wanted) AS c),
  inserted AS (
    INSERT INTO internal_addresses (project, region, network, address, instance_id, nic)
    SELECT p_project, p_region, p_network, c.address, s.instance_id, s.nic
      FROM slots s JOIN candidates c ON c.ord = s.ord
    RETURNING internal_addresses.instance_id, internal_addresses.nic, internal_addresses.address)
  SELECT i.instance_id, i.nic, i.address FROM inserted i;
  GET DIAGNOSTICS taken = ROW_COUNT;
  IF taken < wanted THEN
    -- Slots are served in order, so the ones without an address are the last ones asked for.
    RAISE EXCEPTION 'IP space of ''projects/%/regions/%/subnetworks/default'' is exhausted.', p_project, p_region
      USING ERRCODE = 'GCE01',
            DETAIL = (SELECT string_agg(DISTINCT s.instance_id::text, ',')
                        FROM (SELECT s.instance_id, row_number() OVER () AS ord
                                FROM unnest(p_instances, p_requested) AS s (instance_id, address)
                               WHERE s.address IS NULL) AS s
                       WHERE s.ord > taken);
  END IF;
END
$$;
