package dev.argus.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLeaseTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @TempDir
    java.nio.file.Path tmp;

    private ArgusLayout layout;
    private Configuration conf;

    @BeforeEach
    void setUp() throws IOException {
        conf = new Configuration();
        layout = ArgusLayout.at(tmp.toUri().toString(), conf);
    }

    @Test
    void aSecondTakerIsToldWhoHoldsThePartition() throws IOException {
        Path shards = layout.shards(DAY);
        try (PartitionLease first = PartitionLease.take(layout, shards, "argus ingest dt=2024-05-01", conf)) {
            PartitionLease.PartitionBusyException e = assertThrows(PartitionLease.PartitionBusyException.class,
                    () -> PartitionLease.take(layout, shards, "argus ingest dt=2024-05-01", conf));
            assertTrue(e.getMessage().startsWith("shards/dt=2024-05-01 is being written by 'argus ingest dt=2024-05-01' ("
                    + System.getProperty("user.name") + "@"), e.getMessage());
            assertTrue(e.getMessage().contains(" since " + first.holder().started()), e.getMessage());
            first.checkHeld();
        }
        assertFalse(layout.fileSystem().exists(layout.leaseFile(shards)), "released");
        PartitionLease.take(layout, shards, "again", conf).close();
    }

    @Test
    void onlyOneOfManySimultaneousTakersWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Path partition = layout.stats("m", "1", DAY.plusDays(round));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<PartitionLease>> takers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    takers.add(pool.submit(() -> {
                        start.await();
                        try {
                            return PartitionLease.take(layout, partition, "taker", conf);
                        } catch (PartitionLease.PartitionBusyException e) {
                            return null;
                        }
                    }));
                }
                start.countDown();
                List<PartitionLease> winners = new ArrayList<>();
                for (Future<PartitionLease> f : takers) {
                    PartitionLease lease = f.get();
                    if (lease != null) {
                        winners.add(lease);
                    }
                }
                assertEquals(1, winners.size(), "round " + round);
                winners.get(0).checkHeld();
                winners.get(0).close(); // only when every taker has finished: a late one would get it next

            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsStagingRemoved() throws Exception {
        Configuration shortLived = new Configuration();
        shortLived.setLong(PartitionLease.EXPIRY, 200);
        Path shards = layout.shards(DAY);
        PartitionLease dead = PartitionLease.take(layout, shards, "killed", shortLived);
        Path staging = dead.newStagingDir("ingest-2024-05-01");
        layout.fileSystem().mkdirs(new Path(staging, "out"));
        dead.abandonForTest();
        Thread.sleep(400);

        assertEquals(List.of("removed the staging of a dead run: _staging/" + staging.getName()),
                layout.removeDeadStaging(shortLived));
        try (PartitionLease next = PartitionLease.take(layout, shards, "next", shortLived)) {
            next.checkHeld();
            IOException lost = assertThrows(IOException.class, dead::checkHeld);
            assertTrue(lost.getMessage().startsWith("lost the lease on shards/dt=2024-05-01 to 'next'"), lost.getMessage());
        }
    }

    @Test
    void aLiveLeaseKeepsItsStagingAndHeartbeats() throws Exception {
        Configuration shortLived = new Configuration();
        shortLived.setLong(PartitionLease.EXPIRY, 300);
        Path shards = layout.shards(DAY);
        try (PartitionLease live = PartitionLease.take(layout, shards, "long job", shortLived)) {
            Path staging = live.newStagingDir("ingest-2024-05-01");
            layout.fileSystem().mkdirs(staging);
            Thread.sleep(1000); // several expiry periods: only the heartbeat keeps it
            assertEquals(List.of(), layout.removeDeadStaging(shortLived));
            assertThrows(PartitionLease.PartitionBusyException.class,
                    () -> PartitionLease.take(layout, shards, "second", shortLived));
            live.checkHeld();
        }
    }
}
