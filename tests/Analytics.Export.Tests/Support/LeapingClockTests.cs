using Analytics.Emulator.Http.Paging;

namespace Analytics.Export.Tests.Support;

/// <summary>The clock the expiring-token export test relies on expires a token in flight wherever its leap lands.</summary>
public sealed class LeapingClockTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_token_in_flight_when_the_clock_leaps_has_expired_whichever_read_the_leap_lands_on(long leapAt)
    {
        // One listing read page by page, one request at a time: the clock reads go encode, decode, encode, decode...
        var codec = new PageTokenCodec(seed: 1, ttl: TimeSpan.FromHours(24), new LeapingClock(leapAt, TimeSpan.FromHours(25)));
        var expired = 0;
        var token = codec.Encode("listing", 1);
        for (var page = 2; page <= 4; page++)
        {
            if (codec.TryDecode(token, "listing", out _) == TokenProblem.Expired)
            {
                expired++;
            }
            token = codec.Encode("listing", page);
        }
        Assert.True(expired > 0, $"no token expired with the leap at read {leapAt}");
    }
}
