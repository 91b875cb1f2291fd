package io.dblab.joe.explain;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The server's block size (block_size, fixed when PostgreSQL was built): buffer counts are in these blocks. */
public final class BlockSize {
    private BlockSize() {
    }

    public static long of(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('block_size')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
