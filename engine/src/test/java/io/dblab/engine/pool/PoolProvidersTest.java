package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.config.EngineConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolProvidersTest {

    @Test
    void choosesTheProviderByName() {
        PoolProvider btrfs = create(new EngineConfig.Pool("main", "btrfs", "/var/lib/dblab/main.img", "20GiB", true, true));
        PoolProvider reflink = create(new EngineConfig.Pool("spare", "reflink", null, null, false, true));

        assertThat(btrfs).isInstanceOf(BtrfsProvider.class);
        assertThat(btrfs.mode()).isEqualTo("btrfs");
        assertThat(btrfs.name()).isEqualTo("main");
        assertThat(btrfs.root()).isEqualTo(Path.of("/srv/dblab/main"));
        assertThat(reflink).isInstanceOf(ReflinkProvider.class);
        assertThat(reflink.root()).isEqualTo(Path.of("/srv/dblab/spare"));
    }

    @Test
    void theDefaultProviderIsBtrfs() {
        assertThat(create(new EngineConfig.Pool(null, null, null, null, false, null))).isInstanceOf(BtrfsProvider.class);
    }

    @Test
    void anUnknownProviderIsRefusedNamingIt() {
        assertThatThrownBy(() -> create(new EngineConfig.Pool("main", "zfs2", null, null, false, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"zfs2\"");
    }

    @Test
    void aBadSizeIsRefusedNamingIt() {
        assertThatThrownBy(() -> create(new EngineConfig.Pool("main", "btrfs", "/x.img", "twenty gigs", false, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"twenty gigs\"");
    }

    @Test
    void aPoolNameThatWouldLeaveTheMountDirIsRefused() {
        assertThatThrownBy(() -> create(new EngineConfig.Pool("../etc", "reflink", null, null, false, true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PoolProvider create(EngineConfig.Pool pool) {
        return PoolProviders.create(new EngineConfig.PoolManager("/srv/dblab", List.of(pool)), pool);
    }
}
