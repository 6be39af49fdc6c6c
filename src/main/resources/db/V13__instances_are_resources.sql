-- Instances join the other collections in compute_resources: one storage scheme for every
-- resource. An instance's document holds what its row held, by the names the zone reads back:
-- the GCE fields as stored (references relative), timestamps as ISO-8601 text, and the
-- emulator's own (attributes, the serial console, the generation its fingerprint comes from).
-- instance_document is also how an import turns an older export's instance rows into documents.
CREATE FUNCTION instance_document(p_description text, p_machine_type text, p_status text,
                                  p_last_start timestamptz, p_last_stop timestamptz, p_last_suspended timestamptz,
                                  p_metadata jsonb, p_labels jsonb, p_tags jsonb, p_network_interfaces jsonb,
                                  p_disks jsonb, p_attributes jsonb, p_console text, p_console_discarded bigint,
                                  p_generation bigint)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object('description', p_description,
           'lastStartTimestamp', p_last_start, 'lastStopTimestamp', p_last_stop,
           'lastSuspendedTimestamp', p_last_suspended))
      || jsonb_build_object('machineType', p_machine_type, 'status', p_status,
           'metadata', coalesce(p_metadata, '[]'), 'labels', coalesce(p_labels, '{}'), 'tags', coalesce(p_tags, '[]'),
           'networkInterfaces', coalesce(p_network_interfaces, '[]'), 'disks', coalesce(p_disks, '[]'),
           'attributes', coalesce(p_attributes, '{}'), 'console', coalesce(p_console, ''),
           'consoleDiscarded', coalesce(p_console_discarded, 0), 'generation', coalesce(p_generation, 0))
$$;

INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document, epoch, write_seq)
SELECT id, project, 'zones/' || zone, 'instances', name, creation_timestamp,
       instance_document(description, machine_type, status, last_start_timestamp, last_stop_timestamp,
                         last_suspended_timestamp, metadata, labels, tags, network_interfaces, disks, attributes,
                         console, console_discarded, generation),
       0, nextval('compute_write_seq')
  FROM compute_instances;

DROP TABLE compute_instances;
