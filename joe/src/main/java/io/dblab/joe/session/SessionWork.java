package io.dblab.joe.session;

/** What a command does with a ready session. */
@FunctionalInterface
public interface SessionWork<T> {
    T run(Session session) throws Exception;
}
