-- Projects are created on first use (or configured in strict mode).
CREATE TABLE projects (
  name        text PRIMARY KEY,
  id          bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per VM. Sub-objects GCE treats as units (labels, tags, metadata, interfaces, disks) are
-- JSONB; references inside them are relative paths, turned into links when served.
CREATE TABLE compute_instances (
  id                    bigint PRIMARY KEY,
  project               text NOT NULL REFERENCES projects (name),
  zone                  text NOT NULL,
  name                  text NOT NULL,
  description           text,
  machine_type          text NOT NULL,
  status                text NOT NULL,
  status_message        text,
  creation_timestamp    timestamptz NOT NULL,
  last_start_timestamp  timestamptz,
  last_stop_timestamp   timestamptz,
  metadata              jsonb NOT NULL DEFAULT '[]',
  labels                jsonb NOT NULL DEFAULT '{}',
  tags                  jsonb NOT NULL DEFAULT '[]',
  network_interfaces    jsonb NOT NULL DEFAULT '[]',
  disks                 jsonb NOT NULL DEFAULT '[]',
  attributes            jsonb NOT NULL DEFAULT '{}',
  generation            bigint NOT NULL DEFAULT 0,
  CONSTRAINT compute_instances_name_key UNIQUE (project, zone, name)
);
CREATE INDEX compute_instances_project_idx ON compute_instances (project);
CREATE INDEX compute_instances_zone_idx ON compute_instances (zone);
CREATE INDEX compute_instances_status_idx ON compute_instances (status);

-- Internal IPs are regional while instances belong to zone verticles: the primary key is where
-- the zones of one region meet, so two zones can never hand out the same address.
CREATE TABLE internal_addresses (
  project      text NOT NULL,
  region       text NOT NULL,
  network      text NOT NULL,
  address      bigint NOT NULL,
  instance_id  bigint NOT NULL,
  PRIMARY KEY (project, region, network, address)
);
CREATE INDEX internal_addresses_instance_idx ON internal_addresses (instance_id);

CREATE TABLE compute_operations (
  id                   bigint PRIMARY KEY,
  name                 text NOT NULL UNIQUE,
  project              text NOT NULL,
  zone                 text NOT NULL,
  operation_type       text NOT NULL,
  target_path          text NOT NULL,
  target_id            bigint NOT NULL,
  status               text NOT NULL,
  insert_time          timestamptz NOT NULL,
  start_time           timestamptz,
  end_time             timestamptz,
  client_operation_id  text
);
CREATE INDEX compute_operations_zone_idx ON compute_operations (zone);
CREATE UNIQUE INDEX compute_operations_request_idx ON compute_operations (project, zone, client_operation_id)
  WHERE client_operation_id IS NOT NULL;
