-- An instance template a managed group uses cannot be deleted (GCE's 400
-- resourceInUseByAnotherResource), decided where the global owner deletes it, holding its row.

CREATE FUNCTION instance_template_deleting(going compute_resources) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  path text := 'projects/' || going.project || '/global/instanceTemplates/' || going.name;
  user_path text;
BEGIN
  PERFORM 1 FROM compute_resources WHERE id = going.id FOR UPDATE;
  SELECT 'projects/' || g.project || '/' || g.scope || '/instanceGroupManagers/' || g.name INTO user_path
    FROM compute_resources g
   WHERE g.collection = 'instanceGroupManagers' AND g.project = going.project
     AND (g.document ->> 'instanceTemplate' = path
          OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(g.document -> 'versions', '[]'::jsonb)) AS v (version)
                      WHERE v.version ->> 'instanceTemplate' = path))
   LIMIT 1;
  IF user_path IS NOT NULL THEN
    PERFORM in_use('instanceTemplate', path, user_path);
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION resource_deleting(p_id bigint) RETURNS void
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
  ELSIF going.collection = 'instanceTemplates' THEN
    PERFORM instance_template_deleting(going);
  END IF;
END
$$;
