using Analytics.Core.Columns;

namespace Analytics.Core.Tests.Columns;

public class ArenaPoolTests
{
    [Fact]
    public void A_returned_arena_serves_the_next_rent_of_its_size_and_the_spares_stay_within_their_bound()
    {
        var pool = new ArenaPool(maxSpareBytes: 256 * 1024);
        var arena = pool.Rent(100_000);
        Assert.Equal(128 * 1024, arena.Length);

        pool.Return(arena);
        Assert.Same(arena, pool.Rent(70_000));
        pool.Return(arena);
        pool.Return(new byte[128 * 1024]);
        pool.Return(new byte[128 * 1024]);

        // Two fit under the bound; the third was left to the collector.
        Assert.Equal(256 * 1024, pool.SpareBytes);
        Assert.Equal(1, pool.Dropped);
        Assert.Equal(128 * 1024, pool.Rent(128 * 1024).Length);
        Assert.Equal(1, pool.Created);
        Assert.Equal(2, pool.Reused);
    }

    [Fact]
    public void Arrays_that_are_not_arena_sized_are_not_kept()
    {
        var pool = new ArenaPool();

        pool.Return([]);
        pool.Return(new byte[100_000]);
        pool.Return(new byte[(ArenaPool.MaxPooledBytes * 2)]);

        Assert.Equal(0, pool.SpareBytes);
    }
}
