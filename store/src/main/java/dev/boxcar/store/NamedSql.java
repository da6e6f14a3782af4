package dev.boxcar.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's statements, written once with {@code :name} parameters as JPA takes them, run
 * through plain JDBC where an entity manager would cost more than the statement (the submission
 * of an exec job, the workers' claim and finish: once per job each). {@code ::type} casts are not
 * parameters.
 */
public final class NamedSql {
    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([A-Za-z][A-Za-z0-9_]*)");
    private static final Map<String, NamedSql> PARSED = new ConcurrentHashMap<>();

    private final String jdbcSql;
    private final List<String> order;

    private NamedSql(String jdbcSql, List<String> order) {
        this.jdbcSql = jdbcSql;
        this.order = order;
    }

    public static NamedSql of(String sql) {
        return PARSED.computeIfAbsent(sql, NamedSql::parse);
    }

    private static NamedSql parse(String sql) {
        List<String> order = new ArrayList<>();
        Matcher m = PARAMETER.matcher(sql);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            order.add(m.group(1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        return new NamedSql(jdbc.toString(), List.copyOf(order));
    }

    /** The statement with {@code parameters} bound; the caller closes it. */
    public PreparedStatement prepare(Connection connection, Map<String, Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(jdbcSql);
        try {
            for (int i = 0; i < order.size(); i++) {
                String name = order.get(i);
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("no value for :" + name);
                }
                statement.setObject(i + 1, parameters.get(name));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
