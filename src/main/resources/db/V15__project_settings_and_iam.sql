-- A project's own settings (projects.setDefaultNetworkTier, setUsageExportBucket,
-- setCloudArmorTier, and its shared-VPC role with the projects it serves), and the IAM policy
-- of every resource that has one, kept by the global scope's owner.

-- Null (as an export from before it imports) is the same as none set.
ALTER TABLE projects ADD COLUMN settings jsonb DEFAULT '{}'::jsonb;

-- The service projects a host serves: their rows, looked up by service project.
CREATE INDEX projects_xpn_resources ON projects USING gin ((settings -> 'xpnResources') jsonb_path_ops);

-- A policy belongs to the resource with that id (ids are never reused): a resource made again
-- under the same name starts with an empty policy, as on GCE. serial counts its changes; the
-- policy's etag is derived from it.
CREATE TABLE iam_policies (
  resource_id   bigint PRIMARY KEY,
  project       text NOT NULL,
  resource_path text NOT NULL,
  policy        jsonb NOT NULL,
  serial        bigint NOT NULL
);
CREATE INDEX iam_policies_project ON iam_policies (project);

-- A bulkInsert's operation and those of the inserts it made share GCE's operationGroupId, by which
-- gcloud finds how many instances it made.
ALTER TABLE compute_operations ADD COLUMN operation_group_id text;
