package io.dblab.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Plain JDBC without the ceremony: parameters bound in order ({@link Instant}s as timestamptz),
 * rows mapped by a lambda, {@link SQLException}s turned into {@link StorageException}s. Outside a
 * transaction each call takes a connection from the pool; {@link #transaction} runs work on one.
 */
public final class Jdbc {
    private final DataSource pool;
    private final Connection transaction;

    public Jdbc(DataSource pool) {
        this(pool, null);
    }

    private Jdbc(DataSource pool, Connection transaction) {
        this.pool = pool;
        this.transaction = transaction;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return with(sql, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        return list(sql, mapper, params).stream().findFirst();
    }

    /** Runs a change and returns how many rows it changed. */
    public int update(String sql, Object... params) {
        return with(sql, connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                return statement.executeUpdate();
            }
        });
    }

    /** Runs an INSERT and returns the new row's generated {@code id}. */
    public long insert(String sql, Object... params) {
        return with(sql, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"})) {
                bind(statement, params);
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Function<Jdbc, T> work) {
        if (transaction != null) {
            return work.apply(this);
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new Jdbc(pool, connection));
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("transaction failed", e);
        }
    }

    /** A timestamptz column as an Instant; null stays null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A bigint column that may be null. */
    public static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private <T> T with(String sql, Work<T> work) {
        try {
            if (transaction != null) {
                return work.run(transaction);
            }
            try (Connection connection = pool.getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw new StorageException("query failed (" + sql.strip().split("\\s+", 3)[0] + ")", e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, params);
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement prepared, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i] instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : params[i];
            prepared.setObject(i + 1, value);
        }
    }
}
