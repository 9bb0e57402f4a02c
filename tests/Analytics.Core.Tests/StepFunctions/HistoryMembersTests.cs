using System.Text;
using Analytics.Core.StepFunctions;

namespace Analytics.Core.Tests.StepFunctions;

public class HistoryMembersTests
{
    [Fact]
    public void Detail_dispatch_agrees_with_the_detail_table_for_every_name_and_near_miss()
    {
        foreach (var (name, code) in HistoryMembers.Detail.Entries)
        {
            Assert.Equal(code, HistoryMembers.FindDetail(name));
            Assert.Equal(-1, HistoryMembers.FindDetail([.. name[..^1], (byte)'_']));
            Assert.Equal(-1, HistoryMembers.FindDetail([.. name, (byte)'s']));
        }
        Assert.Equal(-1, HistoryMembers.FindDetail("futureMember"u8));
        Assert.Equal(-1, HistoryMembers.FindDetail(""u8));
    }

    [Fact]
    public void Event_member_dispatch_agrees_with_the_event_table_for_every_name_and_near_miss()
    {
        foreach (var (name, code) in HistoryMembers.Event.Entries)
        {
            Assert.Equal(code, HistoryMembers.FindEventMember(name));
            Assert.Equal(-1, HistoryMembers.FindEventMember([.. name[..^1], (byte)'_']));
        }
        Assert.Equal(-1, HistoryMembers.FindEventMember(Encoding.UTF8.GetBytes("futureTypeEventDetails")));
        Assert.Equal(-1, HistoryMembers.FindEventMember("ids"u8));
    }
}
