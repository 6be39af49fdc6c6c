-- An instance deleted releases the reserved addresses it used (release_addresses, V14): found among
-- the addresses alone, not by reading every resource of every project, which made each delete
-- cost as much as the table is large (a group of 1,000 took seconds to shrink to 0 beside 50k
-- instances).
CREATE INDEX compute_resources_addresses_idx ON compute_resources (project) WHERE collection = 'addresses';
