package io.dblab.joe.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
    /** The worked example of Slack's documentation on verifying requests. */
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static SlackSignature at(long epochSecond) {
        return new SlackSignature(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void slacksOwnExampleVerifies() {
        assertThat(at(1531420618).sign(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(at(1531420618).verifies(TIMESTAMP, SIGNATURE, BODY)).isTrue();
    }

    @Test
    void aChangedBodyOrSignatureOrAMissingHeaderFails() {
        SlackSignature now = at(1531420618);
        byte[] changed = BODY.clone();
        changed[changed.length - 1] = '0';
        assertThat(now.verifies(TIMESTAMP, SIGNATURE, changed)).isFalse();
        assertThat(now.verifies(TIMESTAMP, SIGNATURE.replace("v0=a", "v0=b"), BODY)).isFalse();
        assertThat(now.verifies(TIMESTAMP, SIGNATURE.substring(3), BODY)).isFalse();
        assertThat(now.verifies(null, SIGNATURE, BODY)).isFalse();
        assertThat(now.verifies(TIMESTAMP, null, BODY)).isFalse();
        assertThat(now.verifies("1531420618.5", SIGNATURE, BODY)).isFalse();
        assertThat(new SlackSignature("another secret", Clock.fixed(Instant.ofEpochSecond(1531420618), ZoneOffset.UTC))
                .verifies(TIMESTAMP, SIGNATURE, BODY)).isFalse();
    }

    @Test
    void theTimestampMustBeWithinFiveMinutesEitherWay() {
        assertThat(at(1531420618 + 300).verifies(TIMESTAMP, SIGNATURE, BODY)).isTrue();
        assertThat(at(1531420618 + 301).verifies(TIMESTAMP, SIGNATURE, BODY)).isFalse();
        assertThat(at(1531420618 - 300).verifies(TIMESTAMP, SIGNATURE, BODY)).isTrue();
        assertThat(at(1531420618 - 301).verifies(TIMESTAMP, SIGNATURE, BODY)).isFalse();
    }
}
