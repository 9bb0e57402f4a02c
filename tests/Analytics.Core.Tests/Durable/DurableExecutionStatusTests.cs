using Analytics.Core.Durable;

namespace Analytics.Core.Tests.Durable;

public class DurableExecutionStatusTests
{
    [Fact]
    public void Every_ExecutionStatus_of_the_newest_model_round_trips_through_its_wire_text()
    {
        // @aws-sdk/client-lambda 3.1178.0, dist-types/models/enums.d.ts: ExecutionStatus.
        string[] model = ["RUNNING", "PAUSING", "PAUSED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "DELETING"];

        Assert.Equal(model, DurableExecutionStatuses.All.Select(s => s.WireText()));
        Assert.All(DurableExecutionStatuses.All, s => Assert.Equal(s, DurableExecutionStatuses.Parse(s.WireText())));
        Assert.All(DurableExecutionStatuses.All, s => Assert.Equal(s.WireText(), System.Text.Encoding.UTF8.GetString(s.WireUtf8())));
        Assert.Equal(DurableExecutionStatus.Unknown, DurableExecutionStatuses.Parse("ARCHIVED"));
        Assert.Equal(DurableExecutionStatus.Unknown, DurableExecutionStatuses.Parse(null));
        Assert.Equal(["RUNNING", "PAUSING", "PAUSED"], DurableExecutionStatuses.All.Where(s => s.IsOpen()).Select(s => s.WireText()));
    }
}
