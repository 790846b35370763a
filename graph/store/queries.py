"""Every Cypher statement the project runs, as named constants.

Values always travel as ``$parameters``. Labels and relationship types appear only as
literals written here, from the fixed schema in graph.model.
"""

# ---------------------------------------------------------------- schema
CONSTRAINTS = {
    "Chain": "CREATE CONSTRAINT chain_key IF NOT EXISTS FOR (n:Chain) REQUIRE n.key IS UNIQUE",
    "Segment": "CREATE CONSTRAINT segment_key IF NOT EXISTS FOR (n:Segment) REQUIRE n.key IS UNIQUE",
    "Firm": "CREATE CONSTRAINT firm_key IF NOT EXISTS FOR (n:Firm) REQUIRE n.key IS UNIQUE",
    "City": "CREATE CONSTRAINT city_key IF NOT EXISTS FOR (n:City) REQUIRE n.key IS UNIQUE",
    "Project": "CREATE CONSTRAINT project_key IF NOT EXISTS FOR (n:Project) REQUIRE n.key IS UNIQUE",
    "Dataset": "CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE",
}
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *"

# ---------------------------------------------------------------- replacing the dataset (inside one transaction)
DELETE_BATCH = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

MERGE_DATASET = "MERGE (d:Dataset {key: 'dataset'}) SET d = $props, d.key = 'dataset'"

# Inside the load transaction everything was just deleted, so nodes are CREATEd (a MERGE would only
# pay for an index lookup that can find nothing); the uniqueness constraints still refuse duplicates.
# Relationships find their ends by the element ids the node statements return, not by index seeks.
CREATE_NODES = {
    "Chain": "UNWIND $rows AS row CREATE (n:Chain) SET n = row.props, n.key = row.key "
             "RETURN row.key AS key, elementId(n) AS id",
    "Segment": "UNWIND $rows AS row CREATE (n:Segment) SET n = row.props, n.key = row.key "
               "RETURN row.key AS key, elementId(n) AS id",
    "Firm": "UNWIND $rows AS row CREATE (n:Firm) SET n = row.props, n.key = row.key "
            "RETURN row.key AS key, elementId(n) AS id",
    "City": "UNWIND $rows AS row CREATE (n:City) SET n = row.props, n.key = row.key "
            "RETURN row.key AS key, elementId(n) AS id",
    "Project": "UNWIND $rows AS row CREATE (n:Project) SET n = row.props, n.key = row.key "
               "RETURN row.key AS key, elementId(n) AS id",
}

CREATE_EDGES = {
    "HAS_SEGMENT": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
                   "CREATE (a)-[r:HAS_SEGMENT]->(b) SET r = row.props, r.key = row.key",
    "FEEDS": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
             "CREATE (a)-[r:FEEDS]->(b) SET r = row.props, r.key = row.key",
    "OPERATES_IN": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
                   "CREATE (a)-[r:OPERATES_IN]->(b) SET r = row.props, r.key = row.key",
    "SUPPLIES": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
                "CREATE (a)-[r:SUPPLIES]->(b) SET r = row.props, r.key = row.key",
    "LOCATED_IN": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
                  "CREATE (a)-[r:LOCATED_IN]->(b) SET r = row.props, r.key = row.key",
    "TARGETS": "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.source MATCH (b) WHERE elementId(b) = row.target "
               "CREATE (a)-[r:TARGETS]->(b) SET r = row.props, r.key = row.key",
}

# the naive path the benchmark compares the load against: one MERGE statement per row, ends by index
MERGE_ONE_FIRM = "MERGE (n:Firm {key: $key}) SET n += $props"
MERGE_ONE_SUPPLY = ("MATCH (a:Firm {key: $source}) MATCH (b:Firm {key: $target}) "
                    "MERGE (a)-[r:SUPPLIES {key: $key}]->(b) SET r += $props")

# ---------------------------------------------------------------- reading (read transactions)
READ_DATASET = "MATCH (d:Dataset {key: 'dataset'}) RETURN properties(d) AS props"
READ_NODES = ("MATCH (n) WHERE n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project "
              "RETURN labels(n) AS labels, properties(n) AS props")
READ_EDGES = ("MATCH (a)-[r]->(b) WHERE type(r) IN ['HAS_SEGMENT', 'FEEDS', 'OPERATES_IN', 'SUPPLIES', "
              "'LOCATED_IN', 'TARGETS'] RETURN a.key AS source, b.key AS target, type(r) AS type, "
              "properties(r) AS props")
READ_CHAIN_NODES = """
MATCH (c:Chain {key: $chain_key})
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:Segment)
OPTIONAL MATCH (s)<-[:OPERATES_IN|TARGETS]-(m)
OPTIONAL MATCH (m:Firm)-[:LOCATED_IN]->(city:City)
WITH collect(DISTINCT c) + collect(DISTINCT s) + collect(DISTINCT m) + collect(DISTINCT city) AS found
UNWIND found AS n
RETURN DISTINCT elementId(n) AS id, labels(n) AS labels, properties(n) AS props
"""
READ_EDGES_AMONG = ("UNWIND $ids AS id MATCH (a)-[r]->(b) WHERE elementId(a) = id AND elementId(b) IN $ids "
                    "AND type(r) IN ['HAS_SEGMENT', 'FEEDS', 'OPERATES_IN', 'SUPPLIES', 'LOCATED_IN', 'TARGETS'] "
                    "AND (type(r) <> 'SUPPLIES' OR r.chain_id IS NULL OR r.chain_id = $chain_id) "
                    "RETURN a.key AS source, b.key AS target, type(r) AS type, properties(r) AS props")
COUNT_LABELS = """
CALL () { MATCH (n:Chain) RETURN 'Chain' AS label, count(n) AS n
  UNION ALL MATCH (n:Segment) RETURN 'Segment' AS label, count(n) AS n
  UNION ALL MATCH (n:Firm) RETURN 'Firm' AS label, count(n) AS n
  UNION ALL MATCH (n:City) RETURN 'City' AS label, count(n) AS n
  UNION ALL MATCH (n:Project) RETURN 'Project' AS label, count(n) AS n }
RETURN label, n
"""
COUNT_TYPES = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n"

# ---------------------------------------------------------------- push-down analyses (aggregations in Neo4j)
# A chain's segments with the facts of graph.analysis.segments.segment_table, computed inside Neo4j.
# "Chain supply": SUPPLIES tagged with the chain (or untagged) into a firm that operates in the chain.
PUSHDOWN_CHAINS = "MATCH (c:Chain) RETURN c.chain_id AS chain_id, c.name AS name, c.name_en AS name_en ORDER BY chain_id"
PUSHDOWN_SEGMENTS = """
MATCH (:Chain {chain_id: $chain_id})-[:HAS_SEGMENT]->(s:Segment)
CALL (s) {
  MATCH (f:Firm)-[o:OPERATES_IN]->(s)
  WITH f, coalesce(f.revenue, 0.0) * coalesce(o.share, 1.0 / COUNT { (f)-[:OPERATES_IN]->() }) AS revenue
  RETURN count(CASE WHEN f.local THEN 1 END) AS local_firms,
         count(CASE WHEN f IS NOT NULL AND NOT f.local THEN 1 END) AS other_firms,
         sum(CASE WHEN f.local THEN revenue ELSE 0.0 END) AS local_revenue, sum(revenue) AS total_revenue
}
CALL (s) {
  MATCH (f:Firm {local: true})-[o:OPERATES_IN]->(s)
  WITH f, coalesce(f.revenue, 0.0) * coalesce(o.share, 1.0 / COUNT { (f)-[:OPERATES_IN]->() }) AS revenue
  ORDER BY revenue DESC, f.firm_id ASC
  RETURN collect({id: f.firm_id, name: f.name, revenue: revenue}) AS locals
}
CALL (s) {
  MATCH (f:Firm)-[:OPERATES_IN]->(s)
  OPTIONAL MATCH (f)-[r:SUPPLIES]->(c:Firm {local: true})
    WHERE (r.chain_id = $chain_id OR r.chain_id IS NULL)
      AND EXISTS { (c)-[:OPERATES_IN]->(:Segment {chain_id: $chain_id}) }
  WITH f, count(DISTINCT c) AS customers
  ORDER BY customers DESC, f.firm_id ASC
  RETURN sum(customers) AS supply_edges,
         sum(CASE WHEN f.local THEN customers ELSE 0 END) AS local_supply_edges,
         [x IN collect(CASE WHEN f.local AND customers > 0 THEN {id: f.firm_id, name: f.name, customers: customers} END)
          WHERE x IS NOT NULL] AS suppliers
}
CALL (s) {
  MATCH (s)-[:FEEDS*1..]->(d:Segment)
  RETURN count(DISTINCT d) AS downstream_segments
}
CALL (s) {
  MATCH (s)-[:FEEDS]->(:Segment)<-[:OPERATES_IN]-(n:Firm {local: true})
  RETURN count(DISTINCT n) AS local_demand
}
RETURN s.segment_id AS segment_id, s.name AS name, s.name_en AS name_en, s.stage AS stage, s.key_tech AS key_tech,
       s.order AS order, local_firms, other_firms, local_revenue, total_revenue, locals, supply_edges,
       local_supply_edges, suppliers, downstream_segments, local_demand
ORDER BY s.order
"""
PUSHDOWN_TARGET_CANDIDATES = """
UNWIND $segment_ids AS segment_id
MATCH (:Segment {chain_id: $chain_id, segment_id: segment_id})<-[:OPERATES_IN]-(f:Firm {local: false})
OPTIONAL MATCH (f)-[r:SUPPLIES]->(c:Firm {local: true})
  WHERE (r.chain_id = $chain_id OR r.chain_id IS NULL)
    AND EXISTS { (c)-[:OPERATES_IN]->(:Segment {chain_id: $chain_id}) }
RETURN segment_id, f.firm_id AS firm_id, f.name AS name, f.province AS province, f.city AS city,
       f.revenue AS revenue, coalesce(f.tags, []) AS tags, count(DISTINCT c) AS local_customers
ORDER BY segment_id, firm_id
"""
