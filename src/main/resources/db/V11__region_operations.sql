-- Each region has an owner now, as each zone and the global scope have, and its operations
-- (regionOperations) are kept beside the global ones: GCE shows a regional operation with its
-- region, a global one with none. Rows written before this column are global.
ALTER TABLE global_operations ADD COLUMN region text;
CREATE INDEX global_operations_region_idx ON global_operations (project, region);
