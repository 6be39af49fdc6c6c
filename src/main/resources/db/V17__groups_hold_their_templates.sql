-- A managed group written (made, resized, given another template) holds the rows of the
-- templates it names FOR KEY SHARE to the end of its transaction. A template's delete holds its
-- row FOR UPDATE: it either goes first, and the group then finds no template (GCE's 400 for a
-- template that cannot be found), or waits for the group and then sees it (in use). So no group
-- is left naming a template that is gone, whichever owner writes it, its zone's or its region's.

CREATE FUNCTION instance_group_manager_written(p_group compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  template text;
BEGIN
  FOR template IN
    SELECT p_group.document ->> 'instanceTemplate'
    UNION
    SELECT v.version ->> 'instanceTemplate' FROM jsonb_array_elements(COALESCE(p_group.document -> 'versions', '[]'::jsonb)) AS v (version)
  LOOP
    CONTINUE WHEN template IS NULL;
    PERFORM 1 FROM compute_resources
      WHERE project = split_part(template, '/', 2) AND scope = 'global' AND collection = 'instanceTemplates'
        AND name = split_part(template, '/', 5)
        FOR KEY SHARE;
    IF NOT FOUND THEN
      PERFORM gce_error(400, 'invalid', 'Invalid value for field ''resource.instanceTemplate'': ''' || template
        || '''. The referenced instance template resource cannot be found.');
    END IF;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION resource_written(p_id bigint, p_before jsonb) RETURNS void
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
  ELSIF written.collection = 'instanceGroupManagers' THEN
    PERFORM instance_group_manager_written(written);
  END IF;
END
$$;
