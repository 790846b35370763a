"""Every Cypher statement the project runs, as named constants.

Values always travel as ``$parameters``. Labels and relationship types appear only as
literals written here, from the fixed schema in graph.model.

Versioned schema (see graph.store.neo4j): every Chain, Segment, Firm, City and Project node carries the
``version`` of the load that wrote it; relationships only join nodes of one version. One
``(:Dataset {key: '<name>/<year>'})`` node per dataset name and year names that dataset's current version and
holds its metadata; every read pins one of them once per read transaction (``READ_VERSION``) and filters its
anchor nodes on the version.
"""

# ---------------------------------------------------------------- schema
CONSTRAINTS = {
    "chain_version": "CREATE CONSTRAINT chain_version IF NOT EXISTS FOR (n:Chain) REQUIRE (n.chain_id, n.version) IS UNIQUE",
    "segment_version": "CREATE CONSTRAINT segment_version IF NOT EXISTS FOR (n:Segment) "
                       "REQUIRE (n.chain_id, n.segment_id, n.version) IS UNIQUE",
    "firm_version": "CREATE CONSTRAINT firm_version IF NOT EXISTS FOR (n:Firm) REQUIRE (n.firm_id, n.version) IS UNIQUE",
    "city_version": "CREATE CONSTRAINT city_version IF NOT EXISTS FOR (n:City) REQUIRE (n.province, n.name, n.version) IS UNIQUE",
    "project_version": "CREATE CONSTRAINT project_version IF NOT EXISTS FOR (n:Project) "
                       "REQUIRE (n.project_id, n.version) IS UNIQUE",
    "dataset_key": "CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE",
    "load_lock_key": "CREATE CONSTRAINT load_lock_key IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.key IS UNIQUE",
}
# the unversioned schema before staged loads: one `key` per node, unique per label (they would refuse two versions)
LEGACY_CONSTRAINTS = ["DROP CONSTRAINT chain_key IF EXISTS", "DROP CONSTRAINT segment_key IF EXISTS",
                      "DROP CONSTRAINT firm_key IF EXISTS", "DROP CONSTRAINT city_key IF EXISTS",
                      "DROP CONSTRAINT project_key IF EXISTS"]
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN *"
INDEX_STATES = "SHOW INDEXES YIELD state RETURN state"

# ---------------------------------------------------------------- the load lock (held by an open transaction)
MERGE_LOCK = "MERGE (:LoadLock {key: 'load'})"
TAKE_LOCK = "MATCH (l:LoadLock {key: 'load'}) SET l.holder = $holder RETURN l.holder AS holder"
# a waiting attempt that gave up: find this process's own waiting transaction by its metadata and end it
LOCK_ATTEMPTS = "SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.lock_attempt = $attempt RETURN transactionId"
TERMINATE = "TERMINATE TRANSACTIONS $ids YIELD transactionId RETURN transactionId"

# ---------------------------------------------------------------- the current versions (one per dataset name and year)
# the version a read pins: dataset $name (default: the one loaded last), year $year (default: its latest year)
# (`properties(d)['year']`, not `d.year`: a database where no dataset has a year has no such property key, and
# Neo4j would warn on every read)
_READ_VERSION = """
OPTIONAL MATCH (last:Dataset) WHERE last.version IS NOT NULL
WITH last ORDER BY coalesce(properties(last)['loaded_at'], 0) DESC LIMIT 1
MATCH (d:Dataset) WHERE d.version IS NOT NULL AND d.name = coalesce({name}, last.name)
WITH properties(d) AS props WHERE {year} IS NULL OR props['year'] = {year}
RETURN props ORDER BY coalesce(props['year'], -1) DESC LIMIT 1
"""
READ_VERSION = _READ_VERSION.format(name="$name", year="$year")
# the same without parameters: the dataset loaded last, its latest year (graph.store.versions.read_version is the API)
READ_DATASET = _READ_VERSION.format(name="null", year="null")
# a read that pinned $version ends by checking it is still current (else the old version may be being removed)
STILL_CURRENT = "OPTIONAL MATCH (d:Dataset {key: $key}) RETURN d.version = $version AS current"
DATASETS_HELD = """
MATCH (d:Dataset) WHERE d.version IS NOT NULL
WITH d, properties(d) AS props
RETURN d.key AS key, d.name AS name, props['year'] AS year, d.version AS version, props['loaded_at'] AS loaded_at
ORDER BY name, coalesce(year, -1)
"""
# the one Dataset node of the schema before several years: keyed like the others from its name and year
LEGACY_DATASET = ("MATCH (d:Dataset {key: 'dataset'}) "
                  "SET d.key = coalesce(d.name, '') + '/' + coalesce(toString(properties(d)['year']), '')")
# the switch: one small transaction makes the staged version current for its name and year (metadata with it)
SWITCH = ("MERGE (d:Dataset {key: $key}) SET d = $props, d.key = $key, d.version = $version, "
          "d.loaded_at = timestamp()")
# forgetting a dataset: its nodes are then stale (DELETE_STALE removes them)
DROP_DATASET = "MATCH (d:Dataset {key: $key}) DELETE d RETURN count(*) AS n"
# every node of the schema whose version is not in $keep: orphaned staging data, replaced versions, legacy nodes
DELETE_STALE = """
MATCH (n) WHERE (n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project)
  AND (n.version IS NULL OR NOT n.version IN $keep)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS
"""
COUNT_VERSION_NODES = """
MATCH (n) WHERE (n:Chain OR n:Segment OR n:Firm OR n:City OR n:Project) AND n.version = $version
RETURN count(n) AS n
"""
# transactions other than the loader's own (its metadata marks them), to wait for readers of the old version
RUNNING_TRANSACTIONS = """
SHOW TRANSACTIONS YIELD transactionId, database, metaData
WHERE database = $database AND metaData.chain_explorer IS NULL
RETURN transactionId
"""

# ---------------------------------------------------------------- staging: UNWIND $rows (lists, columns as in graph.store.staging)
# Segments, cities and firms return their element ids with their keys; the relationships made from them later find
# their ends by element id (a direct lookup, no index seek: a third less server CPU for the relationships). The
# ids are stable meanwhile: nothing else writes or deletes while a load holds the load lock.
STAGE = {
    "chains": "UNWIND $rows AS r CREATE (:Chain {version: $version, chain_id: r[0], name: r[1], name_en: r[2], "
              "description: r[3], labels: r[4]})",
    "segments": "UNWIND $rows AS r MATCH (c:Chain {chain_id: r[0], version: $version}) "
                "CREATE (c)-[:HAS_SEGMENT]->(s:Segment {version: $version, chain_id: r[0], segment_id: r[1], name: r[2], "
                "name_en: r[3], stage: r[4], key_tech: r[5], order: r[6], industries: r[7], keywords: r[8], "
                "exclude: r[9], benchmark_firms: r[10], benchmark_revenue: r[11]}) "
                "RETURN [r[0], r[1]] AS key, elementId(s) AS id",
    "feeds": "UNWIND $rows AS r MATCH (a:Segment {chain_id: r[0], segment_id: r[1], version: $version}) "
             "MATCH (b:Segment {chain_id: r[0], segment_id: r[2], version: $version}) CREATE (a)-[:FEEDS]->(b)",
    "cities": "UNWIND $rows AS r CREATE (c:City {version: $version, province: r[0], name: r[1]}) "
              "RETURN [r[0], r[1]] AS key, elementId(c) AS id",
    # r[11]: the element id of the firm's city (null: no city)
    "firms": "UNWIND $rows AS r CREATE (f:Firm {version: $version, firm_id: r[0], name: r[1], province: r[2], city: r[3], "
             "uscc: r[4], revenue: r[5], registered_capital: r[6], employees: r[7], founded: r[8], tags: r[9], "
             "local: r[10]}) WITH f, r CALL (f, r) { WITH f, r WHERE r[11] IS NOT NULL "
             "MATCH (c) WHERE elementId(c) = r[11] CREATE (f)-[:LOCATED_IN]->(c) } "
             "RETURN r[0] AS key, elementId(f) AS id",
    "projects": "UNWIND $rows AS r MATCH (s:Segment {chain_id: r[2], segment_id: r[3], version: $version}) "
                "CREATE (:Project {version: $version, project_id: r[0], name: r[1], chain_id: r[2], segment_id: r[3], "
                "city: r[4], stage: r[5], investment: r[6], firm_id: r[7]})-[:TARGETS]->(s)",
    # [firm element id, segment element id, share, confidence, reviewed, file row] (null: no property)
    "firm_segments": "UNWIND $rows AS r MATCH (f) WHERE elementId(f) = r[0] MATCH (s) WHERE elementId(s) = r[1] "
                     "CREATE (f)-[:OPERATES_IN {share: r[2], confidence: r[3], reviewed: r[4], row: r[5]}]->(s)",
    # one row per supplier: [its element id, [customers' element ids …], [chain_id …], [amount …], [file row …]]
    "supply": "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] UNWIND range(0, size(r[1]) - 1) AS i "
              "MATCH (b) WHERE elementId(b) = r[1][i] CREATE (a)-[:SUPPLIES {chain_id: r[2][i], amount: r[3][i]}]->(b)",
}

# the naive path the benchmark compares the load against: one MERGE statement per row, ends by index
MERGE_ONE_FIRM = ("MERGE (n:Firm {firm_id: $firm_id, version: $version}) SET n.name = $name, n.province = $province, "
                  "n.city = $city, n.revenue = $revenue, n.local = $local")
MERGE_ONE_SUPPLY = ("MATCH (a:Firm {firm_id: $source, version: $version}) MATCH (b:Firm {firm_id: $target, version: $version}) "
                    "MERGE (a)-[r:SUPPLIES {chain_id: $chain_id}]->(b) SET r.amount = $amount")

# ---------------------------------------------------------------- reading a version back as tables
READ_CHAINS = """
MATCH (c:Chain {version: $version})
RETURN properties(c) AS chain, [(c)-[:HAS_SEGMENT]->(s) | properties(s)] AS segments,
       [(c)-[:HAS_SEGMENT]->(a)-[:FEEDS]->(b) | [a.segment_id, b.segment_id]] AS links
ORDER BY c.chain_id
"""
# table reads return one record holding every row as a list: the driver decodes one big list much faster than
# one record per row (a 200k-firm table: ~2 s instead of ~7 s)
READ_FIRMS = """
MATCH (f:Firm {version: $version})
WITH f ORDER BY f.firm_id
RETURN collect([f.firm_id, f.name, f.province, f.city, f.uscc, f.revenue, f.registered_capital, f.employees,
                f.founded, coalesce(f.tags, [])]) AS rows
"""
READ_FIRM_SEGMENTS = """
MATCH (f:Firm {version: $version})-[o:OPERATES_IN]->(s:Segment)
WITH f.firm_id AS firm_id, s.chain_id AS chain_id, s.segment_id AS segment_id, o.share AS share,
     o.confidence AS confidence, o.reviewed AS reviewed, properties(o)['row'] AS row
ORDER BY row, firm_id, chain_id, segment_id
RETURN collect([firm_id, chain_id, segment_id, share, confidence, reviewed]) AS rows
"""
READ_SUPPLY = """
MATCH (a:Firm {version: $version})-[r:SUPPLIES]->(b:Firm)
WITH a.firm_id AS supplier_id, b.firm_id AS customer_id, r.chain_id AS chain_id, r.amount AS amount
ORDER BY supplier_id, customer_id, chain_id
RETURN collect([supplier_id, customer_id, chain_id, amount]) AS rows
"""
READ_PROJECTS = """
MATCH (p:Project {version: $version})
WITH p ORDER BY p.project_id
RETURN collect([p.project_id, p.name, p.chain_id, p.segment_id, p.city, p.stage, p.investment, p.firm_id]) AS rows
"""
READ_CHAIN_NODES = """
MATCH (c:Chain {chain_id: $chain_id, version: $version})
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
                    "RETURN labels(a) AS source_labels, properties(a) AS source, labels(b) AS target_labels, "
                    "properties(b) AS target, type(r) AS type, properties(r) AS props")
COUNT_LABELS = """
CALL () { MATCH (n:Chain {version: $version}) RETURN 'Chain' AS label, count(n) AS n
  UNION ALL MATCH (n:Segment {version: $version}) RETURN 'Segment' AS label, count(n) AS n
  UNION ALL MATCH (n:Firm {version: $version}) RETURN 'Firm' AS label, count(n) AS n
  UNION ALL MATCH (n:City {version: $version}) RETURN 'City' AS label, count(n) AS n
  UNION ALL MATCH (n:Project {version: $version}) RETURN 'Project' AS label, count(n) AS n }
RETURN label, n
"""
# relationships counted from their start nodes (degrees), so only the pinned version's
COUNT_TYPES = """
CALL () { MATCH (n:Chain {version: $version}) RETURN 'HAS_SEGMENT' AS type, sum(COUNT { (n)-[:HAS_SEGMENT]->() }) AS n
  UNION ALL MATCH (n:Segment {version: $version}) RETURN 'FEEDS' AS type, sum(COUNT { (n)-[:FEEDS]->() }) AS n
  UNION ALL MATCH (n:Firm {version: $version}) RETURN 'OPERATES_IN' AS type, sum(COUNT { (n)-[:OPERATES_IN]->() }) AS n
  UNION ALL MATCH (n:Firm {version: $version}) RETURN 'SUPPLIES' AS type, sum(COUNT { (n)-[:SUPPLIES]->() }) AS n
  UNION ALL MATCH (n:Firm {version: $version}) RETURN 'LOCATED_IN' AS type, sum(COUNT { (n)-[:LOCATED_IN]->() }) AS n
  UNION ALL MATCH (n:Project {version: $version}) RETURN 'TARGETS' AS type, sum(COUNT { (n)-[:TARGETS]->() }) AS n }
RETURN type, n
"""

# ---------------------------------------------------------------- push-down (graph.store.chain_reads)
# the supply rows of one chain as far as Neo4j needs to select them: tagged with the chain or untagged, supplier
# operating in the chain (graph.facts.Facts.chain keeps the rows whose customer operates in it too — a check per
# row that costs Cypher 3-6x more than numpy). Two lists travel back, not one record per row. Anchors filter on
# the pinned $version; everything reached from them has the same version.
CHAIN_SUPPLY_ROWS = """
MATCH (:Chain {chain_id: $chain_id, version: $version})-[:HAS_SEGMENT]->(:Segment)<-[:OPERATES_IN]-(f:Firm)
WITH DISTINCT f
MATCH (f)-[r:SUPPLIES]->(g:Firm)
WHERE r.chain_id IS NULL OR r.chain_id = $chain_id
RETURN collect(f.firm_id) AS suppliers, collect(g.firm_id) AS customers
"""
# every supply row with the firm on either side (a firm's profile: its suppliers and customers in all chains)
FIRM_SUPPLY = """
MATCH (f:Firm {firm_id: $firm_id, version: $version})
CALL (f) {
  MATCH (f)-[r:SUPPLIES]->(g:Firm) RETURN f.firm_id AS supplier_id, g.firm_id AS customer_id, r.chain_id AS chain_id,
                                          r.amount AS amount
  UNION ALL
  MATCH (g:Firm)-[r:SUPPLIES]->(f) RETURN g.firm_id AS supplier_id, f.firm_id AS customer_id, r.chain_id AS chain_id,
                                          r.amount AS amount
}
RETURN supplier_id, customer_id, chain_id, amount ORDER BY supplier_id, customer_id, chain_id
"""

# ---------------------------------------------------------------- Graph Data Science (graph.store.gds)
HAS_GDS = "SHOW PROCEDURES YIELD name WHERE name = 'gds.pageRank.stream' RETURN count(*) > 0 AS gds"
# a chain's supply subgraph: its firms, and one relationship per (supplier, customer) pair among them whose
# SUPPLIES row is tagged with the chain or untagged (a firm without such relationships is still a node)
_CHAIN_SUPPLY = """
MATCH (:Chain {chain_id: $chain_id, version: $version})-[:HAS_SEGMENT]->(:Segment)<-[:OPERATES_IN]-(f:Firm)
WITH DISTINCT f
OPTIONAL MATCH (f)-[r:SUPPLIES]->(g:Firm)
  WHERE (r.chain_id IS NULL OR r.chain_id = $chain_id) AND EXISTS { (g)-[:OPERATES_IN]->(:Segment {chain_id: $chain_id}) }
WITH DISTINCT f, g
"""
# one projection holds both directions: FORWARD (supplier -> customer) and REVERSE relationships; the same pass
# returns the chain's distinct pairs
GDS_PROJECT_SUPPLY = _CHAIN_SUPPLY + """
UNWIND CASE WHEN g IS NULL THEN [[f, null, 'FORWARD']] ELSE [[f, g, 'FORWARD'], [g, f, 'REVERSE']] END AS e
WITH gds.graph.project($graph_name, e[0], e[1], {relationshipType: e[2]}) AS projected,
     collect(CASE WHEN e[2] = 'FORWARD' AND e[1] IS NOT NULL THEN e[0].firm_id END) AS suppliers,
     collect(CASE WHEN e[2] = 'FORWARD' AND e[1] IS NOT NULL THEN e[1].firm_id END) AS customers
RETURN projected.relationshipCount AS relationships, suppliers, customers
"""
GDS_PAGERANK_STREAM = """
CALL gds.pageRank.stream($graph_name, {dampingFactor: $alpha, maxIterations: 1000, tolerance: 1e-12,
                                       relationshipTypes: $types})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).firm_id AS firm_id, score
"""
GDS_DROP = "CALL gds.graph.drop($graph_name, false) YIELD graphName RETURN graphName"
