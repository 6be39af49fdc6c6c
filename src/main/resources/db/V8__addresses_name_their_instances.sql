-- A full range fails only the creates that found no address: take_addresses now names, in the
-- error's DETAIL, the instances (comma-separated ids) it could not give one, so that the group
-- commit fails those commands alone and writes the rest of its batch again.
CREATE OR REPLACE FUNCTION take_addresses(p_project text, p_region text, p_network text, p_first bigint,
                                          p_last bigint, p_instances bigint[], p_nics int[])
RETURNS TABLE (taken_instance bigint, taken_nic int, taken_address bigint)
LANGUAGE plpgsql AS $$
DECLARE
  wanted int := cardinality(p_instances);
  taken int;
BEGIN
  -- Zones of one region allocate from the same range: the subnet's lock, held to the end of the
  -- transaction, means two zones never pick the same address. Each statement of a volatile
  -- function sees what committed before it ran, so the query below sees every address taken
  -- by whoever held the lock before.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_project || '/' || p_region || '/' || p_network, 0));
  RETURN QUERY
  WITH slots AS (
    SELECT s.instance_id, s.nic, s.ord
      FROM unnest(p_instances, p_nics) WITH ORDINALITY AS s (instance_id, nic, ord)),
  high AS (
    SELECT COALESCE(max(a.address) + 1, p_first) AS next
      FROM internal_addresses a
     WHERE a.project = p_project AND a.region = p_region AND a.network = p_network),
  -- The addresses after the highest in use, then (only when the range has run out: the append
  -- stops at the limit) the lowest ones freed by deletes.
  candidates AS (
    SELECT c.address, row_number() OVER () AS ord
      FROM ((SELECT g AS address FROM high, generate_series(high.next, p_last) AS g)
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
            DETAIL = (SELECT string_agg(DISTINCT id::text, ',') FROM unnest(p_instances[taken + 1:]) AS id);
  END IF;
END
$$;
