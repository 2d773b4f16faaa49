using CsCheck;
using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

public sealed class SerialPoolTests
{
    [Fact]
    public void A_pool_hands_out_every_serial_of_its_block_once_in_order()
    {
        var block = Block(200);
        var pool = SerialPool.Open(block, new InMemorySerialPoolJournal(), NothingStored);

        var taken = Enumerable.Range(0, 200).Select(_ => pool.Take()).ToList();

        Assert.Equal(block.Serials, taken);
        Assert.Equal((200, 0, 0), (pool.HandedOut, pool.Skipped, pool.Remaining));
    }

    [Fact]
    public void A_pool_writes_the_journal_once_per_reservation_not_once_per_serial()
    {
        var journal = new InMemorySerialPoolJournal();
        var pool = SerialPool.Open(Block(1_000), journal, NothingStored, reservationSize: 64);

        while (pool.TryTake(out _))
        {
        }

        Assert.Equal(16, journal.Writes); // ceil(1000 / 64)
    }

    [Fact]
    public void A_serial_is_handed_out_only_below_a_high_water_mark_already_in_the_journal()
    {
        var journal = new InMemorySerialPoolJournal();
        var block = Block(300);
        var pool = SerialPool.Open(block, journal, NothingStored, reservationSize: 64);

        for (var index = 0; index < 300; index++)
        {
            pool.Take();
            Assert.True(
                index < journal.Last(block.Gtin, block.BlockId).HighWaterMark,
                $"Serial #{index + 1} was handed out before the journal covered it.");
        }
    }

    [Fact]
    public void A_pool_never_repeats_a_serial_across_a_simulated_restart_and_counts_the_skipped_ones()
    {
        var block = Block(1_000);
        var journal = new InMemorySerialPoolJournal();
        var beforeCrash = SerialPool.Open(block, journal, NothingStored, reservationSize: 64);
        var handedOut = Enumerable.Range(0, 100).Select(_ => beforeCrash.Take()).ToList();
        var stored = handedOut.ToHashSet();

        // The process dies: the pool object is gone; the journal (high-water mark 128) and the unit store survive.
        var afterRestart = SerialPool.Open(block, journal, stored.Contains, reservationSize: 64);

        Assert.Equal((100, 28, 872), (afterRestart.HandedOut, afterRestart.Skipped, afterRestart.Remaining));
        Assert.Equal(block.Serials.Skip(100).Take(28), afterRestart.SkippedOnOpen);
        while (afterRestart.TryTake(out var serial))
        {
            handedOut.Add(serial);
        }

        Assert.Equal(handedOut.Count, handedOut.Distinct().Count());
        Assert.Equal((972, 28, 0), (afterRestart.HandedOut, afterRestart.Skipped, afterRestart.Remaining));
        Assert.Empty(handedOut.Intersect(afterRestart.SkippedOnOpen));
        Assert.Equal(
            block.Serials.OrderBy(s => s.Value, StringComparer.Ordinal),
            handedOut.Concat(afterRestart.SkippedOnOpen).OrderBy(s => s.Value, StringComparer.Ordinal));
    }

    [Fact]
    public void Serials_taken_but_not_stored_before_a_crash_are_skipped_and_never_handed_out_again()
    {
        var block = Block(200);
        var journal = new InMemorySerialPoolJournal();
        var beforeCrash = SerialPool.Open(block, journal, NothingStored, reservationSize: 64);
        var taken = Enumerable.Range(0, 50).Select(_ => beforeCrash.Take()).ToList();
        var stored = taken.Take(40).ToHashSet(); // the last 10 never reached the store

        var afterRestart = SerialPool.Open(block, journal, stored.Contains, reservationSize: 64);

        Assert.Equal((40, 24), (afterRestart.HandedOut, afterRestart.Skipped));
        Assert.Equal(taken.Skip(40), afterRestart.SkippedOnOpen.Take(10));
        Assert.Equal(block.Serials[64], afterRestart.Take());
    }

    [Fact]
    public void A_pool_restarted_after_a_checkpoint_skips_nothing()
    {
        var block = Block(500);
        var journal = new InMemorySerialPoolJournal();
        var first = SerialPool.Open(block, journal, NothingStored);
        var firstSerials = Enumerable.Range(0, 70).Select(_ => first.Take()).ToList();
        first.Checkpoint();

        var second = SerialPool.Open(block, journal, NothingStored);

        Assert.Equal((70, 0), (second.HandedOut, second.Skipped));
        Assert.Empty(second.SkippedOnOpen);
        Assert.DoesNotContain(second.Take(), firstSerials);
    }

    [Fact]
    public void Skipped_serials_are_counted_once_however_often_the_pool_restarts_without_taking()
    {
        var block = Block(500);
        var journal = new InMemorySerialPoolJournal();
        var stored = new HashSet<Serial> { SerialPool.Open(block, journal, NothingStored).Take() };

        var restarts = Enumerable.Range(0, 3).Select(_ => SerialPool.Open(block, journal, stored.Contains)).ToList();

        Assert.All(restarts, pool => Assert.Equal((1, 63, 436), (pool.HandedOut, pool.Skipped, pool.Remaining)));
        Assert.Equal(63, restarts[0].SkippedOnOpen.Count);
        Assert.Empty(restarts[1].SkippedOnOpen);
    }

    [Fact]
    public void Any_sequence_of_takes_crashes_and_clean_restarts_hands_out_each_serial_at_most_once_and_loses_none()
    {
        // Each step: take n serials, then either crash (drop the pool) or checkpoint and restart.
        var steps = Gen.Int[0, 150].Select(Gen.Bool).Array[1, 12];
        steps.Select(Gen.Int[1, 100]).Sample(
            (plan, reservationSize) =>
            {
                var block = Block(400);
                var journal = new InMemorySerialPoolJournal();
                var handedOut = new List<Serial>();
                var skipped = new List<Serial>();
                var pool = SerialPool.Open(block, journal, handedOut.Contains, reservationSize);
                foreach (var (takes, clean) in plan)
                {
                    for (var i = 0; i < takes && pool.TryTake(out var serial); i++)
                    {
                        handedOut.Add(serial);
                    }

                    if (clean)
                    {
                        pool.Checkpoint();
                    }

                    pool = SerialPool.Open(block, journal, handedOut.Contains, reservationSize);
                    skipped.AddRange(pool.SkippedOnOpen);
                }

                // The test's handedOut list plays the unit store: every serial taken is stored at once.
                Assert.Equal(handedOut.Count + skipped.Count, handedOut.Concat(skipped).Distinct().Count());
                Assert.Equal((handedOut.Count, skipped.Count), (pool.HandedOut, pool.Skipped));
                var remaining = new List<Serial>();
                while (pool.TryTake(out var serial))
                {
                    remaining.Add(serial);
                }

                var all = handedOut.Concat(skipped).Concat(remaining).ToList();
                Assert.Equal(block.Count, all.Count);
                Assert.Equal(block.Count, all.Distinct().Count());
            },
            iter: 300);
    }

    [Fact]
    public void An_exhausted_pool_says_which_block_and_what_to_do()
    {
        var block = Block(3);
        var journal = new InMemorySerialPoolJournal();
        var pool = SerialPool.Open(block, journal, NothingStored, reservationSize: 2);
        var stored = new HashSet<Serial> { pool.Take() };
        pool = SerialPool.Open(block, journal, stored.Contains, reservationSize: 2); // the second reserved serial is skipped
        pool.Take();

        Assert.False(pool.TryTake(out _));
        var ex = Assert.Throws<InvalidOperationException>(() => pool.Take());
        Assert.Equal(
            "Serial block 'B-7' for GTIN 09506000134352 is exhausted: all 3 serials are used (2 handed out, 1 skipped after restarts). "
            + "Allocate a new block from central.",
            ex.Message);
    }

    [Fact]
    public void A_failed_journal_write_hands_out_nothing()
    {
        var block = Block(10);
        var journal = new InMemorySerialPoolJournal { FailNextWrite = true };
        var pool = SerialPool.Open(block, journal, NothingStored);

        Assert.Throws<IOException>(() => pool.Take());
        Assert.Equal((0, 10), (pool.HandedOut, pool.Remaining));
        Assert.Equal(block.Serials[0], pool.Take());
    }

    [Fact]
    public void A_journal_checkpoint_beyond_the_block_is_refused()
    {
        var journal = new InMemorySerialPoolJournal();
        journal.Write(TestGtins.Example, "B-7", new SerialPoolCheckpoint(HighWaterMark: 64, HandedOut: 10, Skipped: 0));

        var ex = Assert.Throws<InvalidOperationException>(() => SerialPool.Open(Block(20), journal, NothingStored));
        Assert.StartsWith("Serial block 'B-7' for GTIN 09506000134352 (20 serials): the journal's checkpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_with_a_repeated_serial_is_rejected()
    {
        var serials = new[] { Serial.Parse("A1"), Serial.Parse("B2"), Serial.Parse("A1") };

        var ex = Assert.Throws<ArgumentException>(() => new SerialBlock(TestGtins.Example, "B-7", serials));
        Assert.StartsWith("Serial block 'B-7' for GTIN 09506000134352: serial #3 \"A1\" repeats serial #1.", ex.Message, StringComparison.Ordinal);
    }

    private static bool NothingStored(Serial serial) => false;

    private static SerialBlock Block(int count)
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.CrockfordBase32, 12), count);
        return new SerialBlock(TestGtins.Example, "B-7", Enumerable.Range(0, count).Select(_ => generator.Next()).ToArray());
    }
}
