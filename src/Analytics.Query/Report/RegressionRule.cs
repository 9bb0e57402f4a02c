namespace Analytics.Query.Report;

/// <summary>
/// When a failure rate counts as a regression against the previous week. All four conditions must hold, so small
/// samples and ordinary week-to-week noise are not flagged:
/// <list type="number">
/// <item>both weeks have at least <see cref="MinimumSample"/> closed executions (state level: ended attempts);</item>
/// <item>the rate rose by at least <see cref="MinimumAbsoluteIncrease"/> (percentage points as a fraction);</item>
/// <item>the rate rose by at least <see cref="MinimumRelativeIncrease"/> of last week's rate;</item>
/// <item>the rise is statistically significant: a two-proportion z score of at least <see cref="MinimumZScore"/>.</item>
/// </list>
/// The same rule applies to a state machine's execution failure rate and to each Task state's attempt failure rate;
/// a state machine is flagged when its own rate regressed or one of its states did.
/// </summary>
public static class RegressionRule
{
    public const long MinimumSample = 100;
    public const double MinimumAbsoluteIncrease = 0.02;
    public const double MinimumRelativeIncrease = 0.5;
    public const double MinimumZScore = 3.0;

    public static string Description =>
        $"A failure rate is flagged as a regression when both weeks have at least {MinimumSample} samples (closed executions; "
        + $"for a state, ended attempts), it rose by at least {MinimumAbsoluteIncrease * 100:0.#} percentage points and by at least "
        + $"{MinimumRelativeIncrease * 100:0}% of last week's rate, and the rise is significant (two-proportion z ≥ {MinimumZScore:0.0}). "
        + "A state machine is flagged when its execution failure rate or one of its Task states' attempt failure rates regressed.";

    public static bool IsRegression(long previousFailures, long previousSample, long currentFailures, long currentSample)
    {
        if (previousSample < MinimumSample || currentSample < MinimumSample)
        {
            return false;
        }
        var previous = (double)previousFailures / previousSample;
        var current = (double)currentFailures / currentSample;
        var increase = current - previous;
        if (increase < MinimumAbsoluteIncrease || increase < MinimumRelativeIncrease * previous)
        {
            return false;
        }
        var pooled = (double)(previousFailures + currentFailures) / (previousSample + currentSample);
        var error = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / previousSample) + (1.0 / currentSample)));
        return error > 0 && increase / error >= MinimumZScore;
    }
}
