package io.dblab.joe.command;

import io.dblab.joe.guard.CatalogUnavailableException;
import io.dblab.joe.session.Session;
import io.dblab.joe.session.SessionException;
import io.dblab.joe.session.SessionKey;
import io.dblab.joe.session.SessionManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one parsed command on the person's session. Every failure ends as an answer: an SQL error of the
 * person's statement comes back redacted; a failure of Joe's own work is logged with its SQLSTATE only
 * and answered in general words, since a server message may quote data.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private final SessionManager sessions;
    private final ExplainCommand explain;
    private final ExecCommand exec;
    private final HypoCommand hypo;
    private final ActivityCommand activity = new ActivityCommand();
    private final DescribeCommand describe = new DescribeCommand();

    public CommandRunner(SessionManager sessions, CommandSettings settings) {
        this.sessions = sessions;
        this.explain = new ExplainCommand(settings);
        this.exec = new ExecCommand(settings);
        this.hypo = new HypoCommand(settings);
    }

    public Answer run(SessionKey key, Command command) {
        if (command instanceof Command.Help) {
            return Answer.text(command.verb(), Answer.Outcome.OK, HelpText.TEXT);
        }
        try {
            return sessions.withSession(key, session -> {
                Answer answer = onSession(command, session);
                return answer.withNotes(session.takeNotes());
            });
        } catch (SessionException e) {
            LOG.warn("session {}/{} not ready: {}", key.user(), key.channel(), e.getMessage());
            return Answer.text(command.verb(), Answer.Outcome.UNAVAILABLE, e.getMessage());
        } catch (SQLException e) {
            LOG.error("{} for {}/{} failed in Joe's own work (SQLSTATE {})", command.verb(), key.user(), key.channel(),
                    e.getSQLState());
            return Answer.text(command.verb(), Answer.Outcome.FAILED, "Joe's own work on your clone failed (SQLSTATE "
                    + e.getSQLState() + "); try again, or 'reset' the clone");
        } catch (CatalogUnavailableException e) {
            LOG.error("{} for {}/{}: {}", command.verb(), key.user(), key.channel(), e.getMessage());
            return Answer.text(command.verb(), Answer.Outcome.FAILED, "Joe could not check the answer against your clone's"
                    + " catalog, so it shows nothing; try again");
        } catch (Exception e) {
            LOG.error("{} for {}/{} failed: {}", command.verb(), key.user(), key.channel(), e.getClass().getName());
            return Answer.text(command.verb(), Answer.Outcome.FAILED, "Joe failed to run the command; see Joe's log");
        }
    }

    private Answer onSession(Command command, Session session) throws Exception {
        if (command instanceof Command.Explain c) {
            return explain.run(c, session);
        }
        if (command instanceof Command.Exec c) {
            return exec.run(c, session);
        }
        if (command instanceof Command.Hypo c) {
            return hypo.run(c, session);
        }
        if (command instanceof Command.Activity c) {
            return activity.activity(c, session);
        }
        if (command instanceof Command.Terminate c) {
            return activity.terminate(c, session);
        }
        if (command instanceof Command.Describe c) {
            return describe.run(c, session);
        }
        if (command instanceof Command.Reset) {
            sessions.reset(session);
            return Answer.text(command.verb(), Answer.Outcome.OK, "your clone is back at its snapshot: changes and"
                    + " hypothetical indexes are gone");
        }
        return Answer.text(command.verb(), Answer.Outcome.OK, HelpText.TEXT);
    }
}
