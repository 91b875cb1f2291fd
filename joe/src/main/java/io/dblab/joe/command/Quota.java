package io.dblab.joe.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most {@code requests} commands per person in any window of {@code interval}: a sliding window. */
public final class Quota {
    private final int requests;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    public Quota(int requests, Duration interval, Clock clock) {
        this.requests = requests;
        this.interval = interval;
        this.clock = clock;
    }

    /** Counts the command when it is within the quota. */
    public boolean admit(String user) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(user, u -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(interval))) {
                times.pollFirst();
            }
            if (times.size() >= requests) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    public String refusal() {
        return "quota exceeded: at most " + requests + " commands per " + interval.toSeconds() + " s; try again shortly";
    }
}
