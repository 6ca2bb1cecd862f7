-- Web ACLs, rule groups, IP sets and regex pattern sets, keyed by ARN. "shelf" is the scope, the
-- region and the kind ("REGIONAL/us-east-1/ipset"): what a list operation reads.
CREATE TABLE waf_entities (
    id    VARCHAR(600) PRIMARY KEY,
    shelf VARCHAR(120) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX waf_entities_shelf ON waf_entities (shelf);

-- Names taken, keyed by shelf and name: inserting here is what makes a name unique.
CREATE TABLE waf_names (
    id    VARCHAR(300) PRIMARY KEY,
    value ${blob} NOT NULL
);

-- Which web ACL protects a resource (a load balancer), keyed by the resource's ARN.
CREATE TABLE waf_associations (
    id      VARCHAR(600) PRIMARY KEY,
    web_acl VARCHAR(600) NOT NULL,
    value   ${blob} NOT NULL
);

CREATE INDEX waf_associations_web_acl ON waf_associations (web_acl);
