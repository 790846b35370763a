// A small Neo4j Community server: the embedded DBMS with Bolt on a loopback port.
// Run as a single source file:  java -cp 'lib/*' Launcher.java --home DIR [--port 7687] [--host 127.0.0.1]
//     [--pagecache 1g] [--plugins DIR]
// With the environment variable NEO4J_PASSWORD set, auth is on and user neo4j gets that password.
// --plugins: a plugin directory whose procedures (Graph Data Science: gds.*) may run unrestricted; GDS loads only
// when its jars are on the class path as well (see graph/server.py).
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        String home = "neo4j-home";
        String host = "127.0.0.1";
        int port = 7687;
        String pagecache = null;
        String plugins = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--home" -> home = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                case "--pagecache" -> pagecache = args[i + 1];
                case "--plugins" -> plugins = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(Path.of(home));
        if (pagecache != null) {
            builder.setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pagecache));
        }
        if (plugins != null) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, Path.of(plugins).toAbsolutePath())
                   .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // a local analysis server keeps no transaction history for backups: the default (2 days of logs)
                // had grown a test server's home to 38 GB over a day of loads
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // on stop, Bolt's network threads wait 5 s per connector for more work (a quiet period) before
                // they end: a local server whose clients have gone has none to wait for
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        if (auth) {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        System.out.println("neo4j ready bolt://" + host + ":" + port + (auth ? " (auth on)" : " (auth off)"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
