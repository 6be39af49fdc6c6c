-- Networks, subnetworks, firewalls and routes are resources like the rest; what holds between
-- them across scopes (a subnetwork's range is its network's to share out, a network with
-- subnetworks or rules is in use, an instance's address comes from its subnetwork) is decided
-- here, in the transaction that writes the change, whichever scope's owner writes it.

-- The catalog's regions and the range each gives its subnetwork in an auto-mode network, as GCE's
-- table has them; written from the catalog at every start.
CREATE TABLE catalog_regions (
  name        text PRIMARY KEY,
  auto_range  cidr NOT NULL
);

-- Whether the project has had its default network made. Null for a project from before networks
-- (or imported from an export of then): it gets one at the next start or import.
ALTER TABLE projects ADD COLUMN networks_made boolean;

-- Addresses were taken in the one subnetwork every instance had, 'default' of its region; now
-- each is taken in the subnetwork its interface names.
UPDATE internal_addresses SET network = 'default';
ALTER TABLE internal_addresses RENAME COLUMN network TO subnetwork;
-- An instance may take the address a reserved INTERNAL address holds, as GCE lets it: the row
-- is the instance's while it lives, then the address's again.
ALTER TABLE internal_addresses ADD COLUMN reserved_by bigint;

-- A GCE error decided here: the store answers it as GCE words it (HINT the HTTP status, DETAIL
-- the reason), failing only the change it belongs to.
CREATE FUNCTION gce_error(p_status int, p_reason text, p_message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'GCE10', MESSAGE = p_message, DETAIL = p_reason, HINT = p_status::text;
END
$$;

-- p_kind as GCE's text names it: 'network', 'subnetwork'.
CREATE FUNCTION in_use(p_kind text, p_used text, p_user text) RETURNS void
LANGUAGE sql AS $$
  SELECT gce_error(400, 'resourceInUseByAnotherResource',
                   'The ' || p_kind || ' resource ''' || p_used || ''' is already being used by ''' || p_user || '''')
$$;

-- As the emulator's ids: random, 18 or 19 digits, below 2^63.
CREATE FUNCTION new_resource_id() RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT 1000000000000000000 + floor(random() * 8000000000000000000)::bigint
$$;

-- A resource made here rather than by its scope's owner (a network's routes and auto
-- subnetworks), written under its scope's current lease epoch.
CREATE FUNCTION put_resource(p_project text, p_scope text, p_collection text, p_name text, p_document jsonb)
RETURNS bigint LANGUAGE sql AS $$
  INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document, epoch, write_seq)
  VALUES (new_resource_id(), p_project, p_scope, p_collection, p_name, date_trunc('milliseconds', now()), p_document,
          COALESCE((SELECT epoch FROM zone_leases WHERE zone = p_scope), 0), nextval('compute_write_seq'))
  RETURNING id
$$;

CREATE FUNCTION set_document(p_id bigint, p_document jsonb) RETURNS void
LANGUAGE sql AS $$
  UPDATE compute_resources SET document = p_document, write_seq = nextval('compute_write_seq') WHERE id = p_id
$$;

-- GCE names the routes it makes for a network default-route-<16 hex>.
CREATE FUNCTION default_route_name() RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT 'default-route-' || substr(md5(random()::text), 1, 16)
$$;

CREATE FUNCTION subnetwork_local_route(p_network text, p_range text) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('network', p_network, 'destRange', p_range, 'priority', 0, 'nextHopNetwork', p_network,
                            'description', 'Default local route to the subnetwork ' || p_range || '.')
$$;

-- The routes a network makes itself (its route to the internet, a local route per subnetwork)
-- go with it and do not keep it in use.
CREATE FUNCTION own_route(p_document jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_document ? 'nextHopNetwork'
      OR (p_document ->> 'description' = 'Default route to the Internet.'
          AND p_document ->> 'nextHopGateway' LIKE '%/global/gateways/default-internet-gateway')
$$;

CREATE FUNCTION network_row(p_path text) RETURNS compute_resources
LANGUAGE sql AS $$
  SELECT * FROM compute_resources
   WHERE project = split_part(p_path, '/', 2) AND scope = 'global' AND collection = 'networks'
     AND name = split_part(p_path, '/', 5)
     FOR UPDATE
$$;

-- A new network gets its route to the internet and, in auto mode, a subnetwork of its name in
-- every region, with the range GCE's table gives the region; they exist when its insert is DONE.
CREATE FUNCTION network_made(p_network compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  path text := 'projects/' || p_network.project || '/global/networks/' || p_network.name;
  region record;
  subnetwork bigint;
BEGIN
  PERFORM put_resource(p_network.project, 'global', 'routes', default_route_name(), jsonb_build_object(
    'network', path, 'destRange', '0.0.0.0/0', 'priority', 1000,
    'nextHopGateway', 'projects/' || p_network.project || '/global/gateways/default-internet-gateway',
    'description', 'Default route to the Internet.'));
  IF (p_network.document ->> 'autoCreateSubnetworks')::boolean THEN
    FOR region IN SELECT name, auto_range FROM catalog_regions ORDER BY name LOOP
      subnetwork := put_resource(p_network.project, 'regions/' || region.name, 'subnetworks', p_network.name, jsonb_build_object(
        'network', path, 'region', 'projects/' || p_network.project || '/regions/' || region.name,
        'ipCidrRange', region.auto_range::text, 'gatewayAddress', host(region.auto_range + 1),
        'privateIpGoogleAccess', false, 'privateIpv6GoogleAccess', 'DISABLE_GOOGLE_ACCESS', 'purpose', 'PRIVATE',
        'stackType', 'IPV4_ONLY'));
      PERFORM subnetwork_written(subnetwork, NULL);
    END LOOP;
  END IF;
END
$$;

-- A subnetwork's ranges: its primary range and its secondary ones.
CREATE FUNCTION subnetwork_ranges(p_document jsonb) RETURNS TABLE (range cidr)
LANGUAGE sql IMMUTABLE AS $$
  SELECT (p_document ->> 'ipCidrRange')::cidr
  UNION ALL
  SELECT (secondary ->> 'ipCidrRange')::cidr FROM jsonb_array_elements(COALESCE(p_document -> 'secondaryIpRanges', '[]'::jsonb)) AS secondary
$$;

-- A subnetwork made or changed: its network must still be there; its range may overlap no other
-- in the network (the network's row is held, so two regions' owners check one after the other);
-- the network lists it; its local route follows its range.
CREATE FUNCTION subnetwork_written(p_id bigint, p_before jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  subnetwork compute_resources;
  network compute_resources;
  path text;
  range cidr;
  other record;
  listed jsonb;
BEGIN
  SELECT * INTO subnetwork FROM compute_resources WHERE id = p_id;
  path := 'projects/' || subnetwork.project || '/' || subnetwork.scope || '/subnetworks/' || subnetwork.name;
  network := network_row(subnetwork.document ->> 'network');
  IF network.id IS NULL THEN
    PERFORM gce_error(400, 'invalid', 'Invalid value for field ''resource.network'': ''' || (subnetwork.document ->> 'network')
      || '''. The referenced network resource cannot be found.');
  END IF;
  range := (subnetwork.document ->> 'ipCidrRange')::cidr;
  -- Its ranges, primary and secondary, against every other subnetwork's of the network, and its
  -- peering ranges (global INTERNAL addresses).
  SELECT mine.range AS mine, theirs.name, theirs.scope, theirs.collection INTO other
    FROM subnetwork_ranges(subnetwork.document) AS mine,
         (SELECT s.name, s.scope, s.collection, r.range FROM compute_resources s, subnetwork_ranges(s.document) AS r
           WHERE s.project = subnetwork.project AND s.collection = 'subnetworks' AND s.id <> p_id
             AND s.document ->> 'network' = subnetwork.document ->> 'network'
          UNION ALL
          SELECT a.name, a.scope, a.collection, set_masklen((a.document ->> 'address')::inet, (a.document ->> 'prefixLength')::int)::cidr
            FROM compute_resources a
           WHERE a.project = subnetwork.project AND a.collection = 'addresses' AND a.scope = 'global'
             AND a.document ->> 'network' = subnetwork.document ->> 'network' AND a.document ? 'prefixLength') AS theirs
   WHERE mine.range && theirs.range
   ORDER BY theirs.scope, theirs.name LIMIT 1;
  IF FOUND AND other.collection = 'addresses' THEN
    PERFORM gce_error(400, 'invalid', 'Invalid IPCidrRange: ' || other.mine::text || ' conflicts with the range of address '''
      || other.name || '''.');
  ELSIF FOUND THEN
    PERFORM gce_error(400, 'invalid', 'Invalid IPCidrRange: ' || other.mine::text || ' conflicts with existing subnetwork '''
      || other.name || ''' in region ''' || split_part(other.scope, '/', 2) || '''.');
  END IF;
  IF p_before IS NULL THEN
    listed := COALESCE(network.document -> 'subnetworks', '[]'::jsonb) || to_jsonb(path);
    PERFORM set_document(network.id, network.document || jsonb_build_object('subnetworks', listed));
    PERFORM put_resource(subnetwork.project, 'global', 'routes', default_route_name(),
      subnetwork_local_route(subnetwork.document ->> 'network', range::text));
  ELSIF p_before ->> 'ipCidrRange' <> range::text THEN
    UPDATE compute_resources SET document = subnetwork_local_route(subnetwork.document ->> 'network', range::text),
           write_seq = nextval('compute_write_seq')
     WHERE project = subnetwork.project AND scope = 'global' AND collection = 'routes'
       AND document ->> 'nextHopNetwork' = subnetwork.document ->> 'network'
       AND document ->> 'destRange' = p_before ->> 'ipCidrRange';
  END IF;
END
$$;

-- Whoever takes a subnetwork's addresses, or deletes it, holds its lock to the end of the
-- transaction, so that one never takes an address in a subnetwork the other deletes.
CREATE FUNCTION subnetwork_lock(p_project text, p_region text, p_subnetwork text) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtextextended(p_project || '/' || p_region || '/' || p_subnetwork, 0))
$$;

-- The first instance (or internal address) a subnetwork's addresses are taken by, if any; its
-- lock is held first, so an instance taking one now is seen.
CREATE FUNCTION subnetwork_user(p_subnetwork compute_resources) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  used_by text;
BEGIN
  PERFORM subnetwork_lock(p_subnetwork.project, split_part(p_subnetwork.scope, '/', 2), p_subnetwork.name);
  SELECT 'projects/' || i.project || '/' || i.scope || '/' || i.collection || '/' || i.name INTO used_by
    FROM internal_addresses a JOIN compute_resources i ON i.id = a.instance_id
   WHERE a.project = p_subnetwork.project AND a.region = split_part(p_subnetwork.scope, '/', 2)
     AND a.subnetwork = p_subnetwork.name
   ORDER BY i.scope, i.name LIMIT 1;
  RETURN used_by;
END
$$;

-- A subnetwork going: refused for an auto network's own (GCE deletes those only with their
-- network) and while an instance has an address in it; its network forgets it and its local
-- route goes with it.
CREATE FUNCTION subnetwork_deleting(p_subnetwork compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  path text := 'projects/' || p_subnetwork.project || '/' || p_subnetwork.scope || '/subnetworks/' || p_subnetwork.name;
  network compute_resources;
  used_by text := subnetwork_user(p_subnetwork);
  listed jsonb;
BEGIN
  network := network_row(p_subnetwork.document ->> 'network');
  IF (network.document ->> 'autoCreateSubnetworks')::boolean AND network.name = p_subnetwork.name THEN
    PERFORM gce_error(400, 'invalidResourceUsage',
      'Invalid resource usage: ''Cannot delete auto subnetwork from an auto subnet mode network.''.');
  END IF;
  IF used_by IS NOT NULL THEN
    PERFORM in_use('subnetwork', path, used_by);
  END IF;
  IF network.id IS NOT NULL THEN
    SELECT COALESCE(jsonb_agg(s), '[]'::jsonb) INTO listed
      FROM jsonb_array_elements(network.document -> 'subnetworks') AS s WHERE s <> to_jsonb(path);
    PERFORM set_document(network.id, CASE WHEN listed = '[]'::jsonb THEN network.document - 'subnetworks'
                                          ELSE network.document || jsonb_build_object('subnetworks', listed) END);
  END IF;
  DELETE FROM compute_resources
   WHERE project = p_subnetwork.project AND scope = 'global' AND collection = 'routes'
     AND document ->> 'nextHopNetwork' = p_subnetwork.document ->> 'network'
     AND document ->> 'destRange' = p_subnetwork.document ->> 'ipCidrRange';
END
$$;

-- A network going: refused while a firewall rule, a route of the user's or a subnetwork of the
-- user's names it, or an instance has an address in one of its auto subnetworks; those go with it,
-- as its own routes do. Its auto subnetworks are held first, so no instance takes an address in
-- one while it is checked.
CREATE FUNCTION network_deleting(p_network compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  path text := 'projects/' || p_network.project || '/global/networks/' || p_network.name;
  auto boolean := COALESCE((p_network.document ->> 'autoCreateSubnetworks')::boolean, false);
  used_by text;
  own compute_resources;
BEGIN
  SELECT 'projects/' || project || '/global/firewalls/' || name INTO used_by FROM compute_resources
   WHERE project = p_network.project AND scope = 'global' AND collection = 'firewalls' AND document ->> 'network' = path
   ORDER BY name LIMIT 1;
  IF used_by IS NULL THEN
    SELECT 'projects/' || project || '/global/routes/' || name INTO used_by FROM compute_resources
     WHERE project = p_network.project AND scope = 'global' AND collection = 'routes' AND document ->> 'network' = path
       AND NOT own_route(document)
     ORDER BY name LIMIT 1;
  END IF;
  IF used_by IS NULL THEN
    SELECT 'projects/' || project || '/global/addresses/' || name INTO used_by FROM compute_resources
     WHERE project = p_network.project AND scope = 'global' AND collection = 'addresses' AND document ->> 'network' = path
     ORDER BY name LIMIT 1;
  END IF;
  IF used_by IS NULL THEN
    SELECT 'projects/' || project || '/' || scope || '/subnetworks/' || name INTO used_by FROM compute_resources
     WHERE project = p_network.project AND collection = 'subnetworks' AND document ->> 'network' = path
       AND NOT (auto AND name = p_network.name)
     ORDER BY scope, name LIMIT 1;
  END IF;
  IF used_by IS NOT NULL THEN
    PERFORM in_use('network', path, used_by);
  END IF;
  FOR own IN SELECT * FROM compute_resources
              WHERE project = p_network.project AND collection = 'subnetworks' AND document ->> 'network' = path
              ORDER BY scope FOR UPDATE LOOP
    used_by := subnetwork_user(own);
    IF used_by IS NOT NULL THEN
      PERFORM in_use('network', path, used_by);
    END IF;
  END LOOP;
  DELETE FROM compute_resources
   WHERE project = p_network.project AND collection IN ('subnetworks', 'routes') AND document ->> 'network' = path;
END
$$;

-- The ranges reserved external addresses are given from, lowest free first, range after range,
-- shared by every project and region as GCE's public ranges are; written from the configuration
-- at every start. Ephemeral ones (34.64.0.0/10) are apart from them.
CREATE TABLE external_address_ranges (
  position  int PRIMARY KEY,
  range     cidr NOT NULL
);

-- A reserved address gets its IP as it is written: an INTERNAL one from its subnetwork, under the
-- subnetwork's lock as an instance's (the one asked for if free, else the lowest free one), held
-- in internal_addresses by the address itself; an EXTERNAL one from the pool, one writer at a time.
CREATE FUNCTION address_made(p_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  address compute_resources;
  pool record;
  region text;
  wanted bigint;
  taken bigint;
BEGIN
  SELECT * INTO address FROM compute_resources WHERE id = p_id;
  region := split_part(address.scope, '/', 2);
  IF address.document ? 'address' THEN
    wanted := (address.document ->> 'address')::inet - '0.0.0.0'::inet;
  END IF;
  IF address.document ->> 'addressType' = 'INTERNAL' AND address.scope = 'global' THEN
    taken := peering_range(address);
  ELSIF address.document ->> 'addressType' = 'INTERNAL' THEN
    BEGIN
      SELECT taken_address INTO taken
        FROM take_addresses(address.project, region, split_part(address.document ->> 'subnetwork', '/', 6),
                            ARRAY[p_id], ARRAY[-1], ARRAY[wanted]);
    EXCEPTION
      WHEN SQLSTATE 'GCE03' THEN
        PERFORM gce_error(400, 'invalid', 'IP ''' || (address.document ->> 'address') || ''' is already being used by another resource.');
      WHEN SQLSTATE 'GCE01' THEN
        PERFORM gce_error(400, 'ipSpaceExhausted', SQLERRM);
      WHEN SQLSTATE 'GCE04' THEN
        PERFORM gce_error(404, 'notFound', SQLERRM);
    END;
  ELSE
    PERFORM pg_advisory_xact_lock(hashtextextended('external-addresses', 0));
    IF wanted IS NOT NULL THEN
      IF EXISTS (SELECT 1 FROM compute_resources
                  WHERE collection = 'addresses' AND id <> p_id AND document ->> 'addressType' = 'EXTERNAL'
                    AND document ->> 'address' = address.document ->> 'address') THEN
        PERFORM gce_error(400, 'invalid', 'IP ''' || (address.document ->> 'address') || ''' is already being used by another resource.');
      END IF;
      taken := wanted;
    ELSE
      -- In each range in turn: after the highest given, else (the range's top reached) the lowest free.
      FOR pool IN SELECT range FROM external_address_ranges ORDER BY position LOOP
        SELECT COALESCE(max((r.document ->> 'address')::inet) - '0.0.0.0'::inet, network(pool.range) - '0.0.0.0'::inet) + 1 INTO taken
          FROM compute_resources r
         WHERE r.collection = 'addresses' AND r.document ->> 'addressType' = 'EXTERNAL'
           AND (r.document ->> 'address')::inet <<= pool.range;
        IF taken >= broadcast(pool.range) - '0.0.0.0'::inet THEN
          SELECT g INTO taken
            FROM generate_series((network(pool.range) - '0.0.0.0'::inet) + 1, (broadcast(pool.range) - '0.0.0.0'::inet) - 1) AS g
           WHERE NOT EXISTS (SELECT 1 FROM compute_resources r
                              WHERE r.collection = 'addresses' AND r.document ->> 'addressType' = 'EXTERNAL'
                                AND r.document ->> 'address' = host('0.0.0.0'::inet + g))
           LIMIT 1;
        END IF;
        EXIT WHEN taken IS NOT NULL;
      END LOOP;
      IF taken IS NULL THEN
        PERFORM gce_error(400, 'ipSpaceExhausted', 'No free external address is left in the emulator''s ranges.');
      END IF;
    END IF;
  END IF;
  PERFORM set_document(p_id, address.document || jsonb_build_object('address', host('0.0.0.0'::inet + taken)));
END
$$;

-- A global INTERNAL address is a range of its network (for peering): the one asked for, or the
-- lowest of its size in 10.0.0.0/8 that overlaps none of the network's subnetworks or ranges.
CREATE FUNCTION peering_range(p_address compute_resources) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  network_path text := p_address.document ->> 'network';
  prefix int := (p_address.document ->> 'prefixLength')::int;
  candidate cidr;
BEGIN
  PERFORM network_row(network_path);
  FOR block IN 0 .. (1 << (prefix - 8)) - 1 LOOP
    candidate := set_masklen(('10.0.0.0'::inet + (block::bigint << (32 - prefix))), prefix)::cidr;
    IF p_address.document ? 'address' THEN
      candidate := set_masklen((p_address.document ->> 'address')::inet, prefix)::cidr;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM compute_resources r
                    WHERE r.project = p_address.project AND r.id <> p_address.id AND r.document ->> 'network' = network_path
                      AND ((r.collection = 'subnetworks' AND (r.document ->> 'ipCidrRange')::cidr && candidate)
                        OR (r.collection = 'addresses' AND r.scope = 'global' AND r.document ? 'address'
                            AND set_masklen((r.document ->> 'address')::inet, (r.document ->> 'prefixLength')::int)::cidr && candidate))) THEN
      RETURN network(candidate) - '0.0.0.0'::inet;
    END IF;
    IF p_address.document ? 'address' THEN
      PERFORM gce_error(400, 'invalid', 'The range ''' || candidate::text || ''' overlaps a subnetwork or range of '''
        || network_path || '''.');
    END IF;
  END LOOP;
  PERFORM gce_error(400, 'ipSpaceExhausted', 'No free range of /' || prefix || ' is left in ''' || network_path || '''.');
END
$$;

-- An address going: refused while an instance uses it, as GCE refuses it; an internal one's IP
-- is free again.
CREATE FUNCTION address_deleting(p_address compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_address.document ->> 'status' = 'IN_USE' THEN
    PERFORM in_use('address', 'projects/' || p_address.project || '/' || p_address.scope || '/addresses/' || p_address.name,
                   p_address.document -> 'users' ->> 0);
  END IF;
  DELETE FROM internal_addresses WHERE instance_id = p_address.id;
END
$$;

-- An instance whose access configs name external IPs ($4 the fields that name them, $5 the IPs),
-- as created or as changed: each must be a reserved address of the region that no one else uses,
-- and is the instance's from now on (IN_USE, its users the instance); those it named before and
-- no longer are RESERVED again. An IP in the ephemeral range that no address holds is an
-- ephemeral one, given as asked.
CREATE FUNCTION use_addresses(p_project text, p_region text, p_instance text, p_fields text[], p_ips text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  address compute_resources;
BEGIN
  UPDATE compute_resources SET document = (document - 'users') || jsonb_build_object('status', 'RESERVED'),
         write_seq = nextval('compute_write_seq')
   WHERE project = p_project AND scope = 'regions/' || p_region AND collection = 'addresses'
     AND document -> 'users' ? p_instance AND NOT (document ->> 'address' = ANY (p_ips));
  FOR i IN 1 .. cardinality(p_ips) LOOP
    SELECT * INTO address FROM compute_resources
     WHERE project = p_project AND scope = 'regions/' || p_region AND collection = 'addresses'
       AND document ->> 'addressType' = 'EXTERNAL' AND document ->> 'address' = p_ips[i]
       FOR UPDATE;
    IF address.id IS NULL THEN
      IF NOT p_ips[i]::inet <<= '34.64.0.0/10'::inet THEN
        PERFORM gce_error(400, 'invalid', 'Invalid value for field ''' || p_fields[i] || ''': ''' || p_ips[i]
          || '''. The specified external IP address ''' || p_ips[i] || ''' was not found in region ''' || p_region || '''.');
      END IF;
    ELSIF address.document -> 'users' ? p_instance THEN
      CONTINUE;
    ELSIF address.document ->> 'status' = 'IN_USE' THEN
      PERFORM gce_error(400, 'invalid', 'Invalid value for field ''' || p_fields[i] || ''': ''' || p_ips[i]
        || '''. The specified external IP address ''' || p_ips[i] || ''' is already being used by '''
        || (address.document -> 'users' ->> 0) || '''.');
    ELSE
      PERFORM set_document(address.id, address.document
        || jsonb_build_object('status', 'IN_USE', 'users', jsonb_build_array(p_instance)));
    END IF;
  END LOOP;
END
$$;

-- The reserved internal addresses created instances ($1) took are theirs: IN_USE, users the instance.
CREATE FUNCTION claim_reserved_addresses(p_instances bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE compute_resources r
     SET document = r.document || jsonb_build_object('status', 'IN_USE',
           'users', jsonb_build_array('projects/' || i.project || '/' || i.scope || '/instances/' || i.name)),
         write_seq = nextval('compute_write_seq')
    FROM internal_addresses a JOIN compute_resources i ON i.id = a.instance_id
   WHERE a.reserved_by = r.id AND a.instance_id = ANY (p_instances)
$$;

-- An instance gone gives the internal addresses it took from reserved ones back to them, and
-- frees the others.
CREATE FUNCTION release_internal_addresses(p_instance bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE internal_addresses SET instance_id = reserved_by, nic = -1, requested = NULL, reserved_by = NULL
   WHERE instance_id = p_instance AND reserved_by IS NOT NULL;
  DELETE FROM internal_addresses WHERE instance_id = p_instance;
END
$$;

-- An instance gone lets go of the addresses it used: RESERVED again, with no users.
CREATE FUNCTION release_addresses(p_instance text) RETURNS void
LANGUAGE sql AS $$
  UPDATE compute_resources SET document = (document - 'users') || jsonb_build_object('status', 'RESERVED'),
         write_seq = nextval('compute_write_seq')
   WHERE collection = 'addresses' AND document -> 'users' ? p_instance
$$;

-- What a scope's owner runs in the transaction of each change it writes, after writing it
-- (p_before: the document it replaced, null for a new one) or before deleting it.
CREATE FUNCTION resource_written(p_id bigint, p_before jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  written compute_resources;
BEGIN
  SELECT * INTO written FROM compute_resources WHERE id = p_id;
  IF written.collection = 'networks' AND p_before IS NULL THEN
    PERFORM network_made(written);
  ELSIF written.collection = 'subnetworks' THEN
    PERFORM subnetwork_written(p_id, p_before);
  ELSIF written.collection = 'addresses' AND p_before IS NULL THEN
    PERFORM address_made(p_id);
  ELSIF written.collection IN ('firewalls', 'routes') AND network_row(written.document ->> 'network') IS NULL THEN
    PERFORM gce_error(400, 'invalid', 'Invalid value for field ''resource.network'': ''' || (written.document ->> 'network')
      || '''. The referenced network resource cannot be found.');
  END IF;
END
$$;

CREATE FUNCTION resource_deleting(p_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  going compute_resources;
BEGIN
  SELECT * INTO going FROM compute_resources WHERE id = p_id;
  IF going.collection = 'networks' THEN
    PERFORM network_deleting(going);
  ELSIF going.collection = 'subnetworks' THEN
    PERFORM subnetwork_deleting(going);
  ELSIF going.collection = 'addresses' THEN
    PERFORM address_deleting(going);
  END IF;
END
$$;

-- A project's default network, as GCE makes it with the project: auto mode, its subnetworks and
-- routes, and the four rules GCE adds at the lowest priority but one.
CREATE FUNCTION make_default_network(p_project text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  network bigint;
BEGIN
  network := put_resource(p_project, 'global', 'networks', 'default', jsonb_build_object(
    'description', 'Default network for the project', 'autoCreateSubnetworks', true,
    'routingConfig', jsonb_build_object('routingMode', 'REGIONAL', 'bgpBestPathSelectionMode', 'LEGACY'),
    'networkFirewallPolicyEnforcementOrder', 'AFTER_CLASSIC_FIREWALL'));
  PERFORM resource_written(network, NULL);
  PERFORM put_resource(p_project, 'global', 'firewalls', rule.name, jsonb_build_object(
      'description', rule.description, 'network', 'projects/' || p_project || '/global/networks/default',
      'priority', 65534, 'sourceRanges', jsonb_build_array(rule.source), 'allowed', rule.allowed, 'direction', 'INGRESS',
      'logConfig', jsonb_build_object('enable', false), 'disabled', false))
    FROM (VALUES ('default-allow-internal', 'Allow internal traffic on the default network', '10.128.0.0/9',
                  '[{"IPProtocol": "tcp", "ports": ["0-65535"]}, {"IPProtocol": "udp", "ports": ["0-65535"]},
                    {"IPProtocol": "icmp"}]'::jsonb),
                 ('default-allow-ssh', 'Allow SSH from anywhere', '0.0.0.0/0', '[{"IPProtocol": "tcp", "ports": ["22"]}]'),
                 ('default-allow-rdp', 'Allow RDP from anywhere', '0.0.0.0/0', '[{"IPProtocol": "tcp", "ports": ["3389"]}]'),
                 ('default-allow-icmp', 'Allow ICMP from anywhere', '0.0.0.0/0', '[{"IPProtocol": "icmp"}]'))
      AS rule (name, description, source, allowed);
  UPDATE projects SET networks_made = true WHERE name = p_project;
END
$$;

-- A project comes into being on first use, with its default network; concurrent first uses
-- converge on one row, and only the one that made it makes the network.
CREATE FUNCTION ensure_project(p_name text, p_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO projects (name, id, networks_made) VALUES (p_name, p_id, false) ON CONFLICT (name) DO NOTHING;
  IF FOUND THEN
    PERFORM make_default_network(p_name);
  END IF;
END
$$;

-- Projects from before networks get theirs once the catalog's regions are known (at start).
CREATE FUNCTION make_missing_default_networks() RETURNS void
LANGUAGE sql AS $$
  SELECT make_default_network(name) FROM projects WHERE networks_made IS NULL ORDER BY name
$$;

-- Addresses are taken in the subnetwork an interface names, from its range as committed, under
-- the subnetwork's lock; a subnetwork gone fails the instances that name it (SQLSTATE GCE04,
-- DETAIL their ids). Otherwise as V9.
DROP FUNCTION take_addresses(text, text, text, bigint, bigint, bigint[], int[], bigint[]);

CREATE FUNCTION take_addresses(p_project text, p_region text, p_subnetwork text,
                               p_instances bigint[], p_nics int[], p_requested bigint[])
RETURNS TABLE (taken_instance bigint, taken_nic int, taken_address bigint)
LANGUAGE plpgsql AS $$
DECLARE
  range cidr;
  p_first bigint;
  p_last bigint;
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
  -- by whoever held the lock before, and the subnetwork as committed: one deleted meanwhile is
  -- gone, and one being deleted waits for this transaction, then sees its addresses.
  PERFORM subnetwork_lock(p_project, p_region, p_subnetwork);
  SELECT (document ->> 'ipCidrRange')::cidr INTO range FROM compute_resources
   WHERE project = p_project AND scope = 'regions/' || p_region AND collection = 'subnetworks' AND name = p_subnetwork;
  IF range IS NULL THEN
    RAISE EXCEPTION 'The resource ''projects/%/regions/%/subnetworks/%'' was not found', p_project, p_region, p_subnetwork
      USING ERRCODE = 'GCE04', DETAIL = (SELECT string_agg(DISTINCT id::text, ',') FROM unnest(p_instances) AS id);
  END IF;
  -- GCE reserves the network address, the gateway (.1), the second-to-last and the broadcast address.
  p_first := (network(range) - '0.0.0.0'::inet) + 2;
  p_last := (broadcast(range) - '0.0.0.0'::inet) - 2;
  IF EXISTS (SELECT 1 FROM unnest(p_requested) AS r (address) WHERE r.address IS NOT NULL) THEN
    -- An address a RESERVED internal address of the subnetwork holds is an instance's to take
    -- (an interface's slot; an address's own has none, nic -1).
    UPDATE internal_addresses a SET instance_id = s.instance_id, nic = s.nic, requested = true, reserved_by = a.instance_id
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address), compute_resources r
     WHERE s.nic >= 0
       AND a.project = p_project AND a.region = p_region AND a.subnetwork = p_subnetwork AND a.address = s.address
       AND r.id = a.instance_id AND r.collection = 'addresses' AND r.document ->> 'status' = 'RESERVED';
    WITH inserted AS (
      INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic, requested)
      SELECT p_project, p_region, p_subnetwork, s.address, s.instance_id, s.nic, true
        FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
       WHERE s.address IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING internal_addresses.instance_id, internal_addresses.nic)
    SELECT array_agg(i.instance_id), array_agg(i.nic) INTO got_instances, got_nics FROM inserted i;
    SELECT string_agg(DISTINCT s.instance_id || ':' || s.address, ',') INTO in_use
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
     WHERE s.address IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM unnest(got_instances, got_nics) AS g (instance_id, nic)
                        WHERE g.instance_id = s.instance_id AND g.nic = s.nic)
       AND NOT EXISTS (SELECT 1 FROM internal_addresses a
                        WHERE a.project = p_project AND a.region = p_region AND a.subnetwork = p_subnetwork
                          AND a.address = s.address AND a.instance_id = s.instance_id AND a.nic = s.nic);
    IF in_use IS NOT NULL THEN
      RAISE EXCEPTION 'IP is already being used by another resource.' USING ERRCODE = 'GCE03', DETAIL = in_use;
    END IF;
    RETURN QUERY SELECT s.instance_id, s.nic, s.address
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address) WHERE s.address IS NOT NULL;
  END IF;

  SELECT count(*) INTO wanted FROM unnest(p_requested) AS r (address) WHERE r.address IS NULL;
  requested_here := ARRAY(SELECT a.address FROM internal_addresses a
                           WHERE a.project = p_project AND a.region = p_region AND a.subnetwork = p_subnetwork AND a.requested);
  RETURN QUERY
  WITH slots AS (
    SELECT s.instance_id, s.nic, row_number() OVER () AS ord
      FROM unnest(p_instances, p_nics, p_requested) AS s (instance_id, nic, address)
     WHERE s.address IS NULL),
  high AS (
    SELECT GREATEST(COALESCE(max(a.address) + 1, p_first), p_first) AS next
      FROM internal_addresses a
     WHERE a.project = p_project AND a.region = p_region AND a.subnetwork = p_subnetwork AND a.requested IS NOT TRUE),
  -- The addresses after the highest allocated but the requested ones there, then (only when
  -- the range has run out: the append stops at the limit) the lowest free ones. Materialised:
  -- the planner may expect a single slot and search the range again for each one. The series is
  -- bounded by what can be needed, as a function's rows are all made before the first is read.
  candidates AS MATERIALIZED (
    SELECT c.address, row_number() OVER () AS ord
      FROM ((SELECT g AS address
               FROM high, generate_series(high.next, LEAST(p_last, high.next + wanted + cardinality(requested_here))) AS g
              WHERE g <> ALL (requested_here))
            UNION ALL
            (SELECT g FROM high, generate_series(p_first, LEAST(high.next - 1, p_last)) AS g
              WHERE NOT EXISTS (SELECT 1 FROM internal_addresses a
                                 WHERE a.project = p_project AND a.region = p_region
                                   AND a.subnetwork = p_subnetwork AND a.address = g))
            LIMIT wanted) AS c),
  inserted AS (
    INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic)
    SELECT p_project, p_region, p_subnetwork, c.address, s.instance_id, s.nic
      FROM slots s JOIN candidates c ON c.ord = s.ord
    RETURNING internal_addresses.instance_id, internal_addresses.nic, internal_addresses.address)
  SELECT i.instance_id, i.nic, i.address FROM inserted i;
  GET DIAGNOSTICS taken = ROW_COUNT;
  IF taken < wanted THEN
    RAISE EXCEPTION 'IP space of ''projects/%/regions/%/subnetworks/%'' is exhausted.', p_project, p_region, p_subnetwork
      USING ERRCODE = 'GCE01',
            DETAIL = (SELECT string_agg(DISTINCT s.instance_id::text, ',')
                        FROM (SELECT s.instance_id, row_number() OVER () AS ord
                                FROM unnest(p_instances, p_requested) AS s (instance_id, address)
                               WHERE s.address IS NULL) AS s
                       WHERE s.ord > taken);
  END IF;
END
$$;
