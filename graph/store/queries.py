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

MERGE_NODES = {
    "Chain": "UNWIND $rows AS row MERGE (n:Chain {key: row.key}) SET n += row.props",
    "Segment": "UNWIND $rows AS row MERGE (n:Segment {key: row.key}) SET n += row.props",
    "Firm": "UNWIND $rows AS row MERGE (n:Firm {key: row.key}) SET n += row.props",
    "City": "UNWIND $rows AS row MERGE (n:City {key: row.key}) SET n += row.props",
    "Project": "UNWIND $rows AS row MERGE (n:Project {key: row.key}) SET n += row.props",
}

MERGE_EDGES = {
    "HAS_SEGMENT": "UNWIND $rows AS row MATCH (a:Chain {key: row.source}) MATCH (b:Segment {key: row.target}) "
                   "MERGE (a)-[r:HAS_SEGMENT {key: row.key}]->(b) SET r += row.props",
    "FEEDS": "UNWIND $rows AS row MATCH (a:Segment {key: row.source}) MATCH (b:Segment {key: row.target}) "
             "MERGE (a)-[r:FEEDS {key: row.key}]->(b) SET r += row.props",
    "OPERATES_IN": "UNWIND $rows AS row MATCH (a:Firm {key: row.source}) MATCH (b:Segment {key: row.target}) "
                   "MERGE (a)-[r:OPERATES_IN {key: row.key}]->(b) SET r += row.props",
    "SUPPLIES": "UNWIND $rows AS row MATCH (a:Firm {key: row.source}) MATCH (b:Firm {key: row.target}) "
                "MERGE (a)-[r:SUPPLIES {key: row.key}]->(b) SET r += row.props",
    "LOCATED_IN": "UNWIND $rows AS row MATCH (a:Firm {key: row.source}) MATCH (b:City {key: row.target}) "
                  "MERGE (a)-[r:LOCATED_IN {key: row.key}]->(b) SET r += row.props",
    "TARGETS": "UNWIND $rows AS row MATCH (a:Project {key: row.source}) MATCH (b:Segment {key: row.target}) "
               "MERGE (a)-[r:TARGETS {key: row.key}]->(b) SET r += row.props",
}

# one statement per row: the slow path the benchmark compares the batched load against
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
