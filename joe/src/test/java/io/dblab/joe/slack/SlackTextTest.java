package io.dblab.joe.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {
    @Test
    void aMessageBecomesTheCommandThePersonTyped() {
        assertThat(SlackText.command("<@U024BE7LH> explain select 1")).isEqualTo("explain select 1");
        assertThat(SlackText.command("explain select * from t where a &lt; 3 and b &gt; 1 and c = '&amp;lt;'"))
                .isEqualTo("explain select * from t where a < 3 and b > 1 and c = '&lt;'");
        assertThat(SlackText.command("plan select * from users where email = '<mailto:a@b.io|a@b.io>'"))
                .isEqualTo("plan select * from users where email = 'a@b.io'");
        assertThat(SlackText.command("exec update t set url = '<https://x.io>'")).isEqualTo("exec update t set url = 'https://x.io'");
        assertThat(SlackText.command("```explain select 1```")).isEqualTo("explain select 1");
        assertThat(SlackText.command("<@U024BE7LH>  ")).isEqualTo("help");
    }

    @Test
    void anAnswerIsACodeBlockWithSlacksEscapesAndCutToWhatSlackShows() {
        assertThat(SlackText.answer("Filter: (a < 3) & (b > 1)")).isEqualTo("```\nFilter: (a &lt; 3) &amp; (b &gt; 1)\n```");
        String cut = SlackText.answer("x".repeat(SlackText.MAX_MESSAGE + 10));
        assertThat(cut).contains("… (cut").hasSizeLessThan(SlackText.MAX_MESSAGE + 100);
    }
}
