-- projects.setCommonInstanceMetadata: the project's metadata items, as [{key, value}] like an
-- instance's. Null is none: rows imported from exports made before this column have none.
ALTER TABLE projects ADD COLUMN common_instance_metadata jsonb;

-- Operations of the global scope (projects.setCommonInstanceMetadata today). GCE's global
-- operations carry no zone; they are written DONE, in the transaction of the change they report.
CREATE TABLE global_operations (
  id                   bigint PRIMARY KEY,
  name                 text NOT NULL UNIQUE,
  project              text NOT NULL,
  operation_type       text NOT NULL,
  target_path          text NOT NULL,
  target_id            bigint NOT NULL,
  status               text NOT NULL,
  insert_time          timestamptz NOT NULL,
  start_time           timestamptz,
  end_time             timestamptz,
  client_operation_id  text
);
CREATE INDEX global_operations_project_idx ON global_operations (project);
CREATE UNIQUE INDEX global_operations_request_idx ON global_operations (project, client_operation_id)
  WHERE client_operation_id IS NOT NULL;
