using Analytics.Emulator.Simulation.Asl;

namespace Analytics.Emulator.Simulation.Sfn;

internal sealed partial class SfnRun
{
    /// <summary>
    /// Applies the state's Retry: the first retrier whose ErrorEquals matches decides; when it has attempts left the
    /// next attempt starts IntervalSeconds × BackoffRate^(retries so far) later (capped by MaxDelaySeconds, FULL
    /// jitter draws uniformly below that).
    /// </summary>
    private bool TryRetry(AslState state, int[] retries, string error, long failedAt, out long retryAt)
    {
        retryAt = 0;
        for (var i = 0; i < state.Retry.Count; i++)
        {
            var retrier = state.Retry[i];
            if (!AslErrors.Matches(retrier.ErrorEquals, error))
            {
                continue;
            }
            if (retries[i] >= retrier.MaxAttempts)
            {
                return false;
            }
            var delaySeconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, retries[i]);
            if (retrier.MaxDelaySeconds is { } cap)
            {
                delaySeconds = Math.Min(delaySeconds, cap);
            }
            if (retrier.FullJitter)
            {
                delaySeconds *= _rng.NextDouble();
            }
            retries[i]++;
            retryAt = failedAt + (long)(delaySeconds * 1000);
            return true;
        }
        return false;
    }

    /// <summary>Applies the state's Catch (exit towards the catcher's Next) or fails the enclosing flow.</summary>
    private StepResult CatchOrFail(AslState state, long failedAt, SfnEvent failure, string error, string? cause)
    {
        foreach (var catcher in state.Catch)
        {
            if (AslErrors.Matches(catcher.ErrorEquals, error))
            {
                _payload = $"{{\"Error\":\"{error}\",\"Cause\":\"see history\"}}";
                var exited = Exited(state, failedAt + Tick(), failure);
                return new StepResult(false, exited.TimeMs, exited, catcher.Next, null, null);
            }
        }
        return new StepResult(true, failedAt, failure, null, error, cause);
    }
}
