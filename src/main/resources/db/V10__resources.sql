-- Every collection declared as a resource type (disks first; images, snapshots, networks and the
-- rest of Phase 2 after them) lives in this one table: the key columns resources are looked up
-- and fenced by, and the resource itself as a JSONB document whose references are relative
-- paths, turned into links when served.
CREATE TABLE compute_resources (
  id          bigint PRIMARY KEY,
  project     text NOT NULL REFERENCES projects (name),
  -- The owner's scope: zones/{zone}, regions/{region} or global.
  scope       text NOT NULL,
  collection  text NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL,
  document    jsonb NOT NULL,
  epoch       bigint NOT NULL,
  write_seq   bigint NOT NULL,
  CONSTRAINT compute_resources_name_key UNIQUE (project, scope, collection, name)
);
CREATE INDEX compute_resources_scope_idx ON compute_resources (scope);
