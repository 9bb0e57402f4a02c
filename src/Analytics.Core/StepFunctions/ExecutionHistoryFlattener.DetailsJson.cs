using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// `details_json`: the members that have no column, as compact JSON text, nested as they were in the event
// ({"taskScheduledEventDetails":{"newMember":...},"futureTopLevelMember":...}); null when there are none.
public sealed partial class ExecutionHistoryFlattener
{
    private readonly ByteArena _scratch = new();
    private bool _detailsAny;
    private bool _detailsGroupOpen;
    private bool _detailsGroupHasMember;

    private void BeginDetailsJson()
    {
        _details.Clear();
        _detailsAny = false;
        _detailsGroupOpen = false;
    }

    /// <summary>An unmapped top-level member of the event (a whole unknown details object, for instance).</summary>
    private void AddUnmapped(ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
    {
        var details = _details;
        CloseDetailsGroup();
        details.Append(_detailsAny ? (byte)',' : (byte)'{');
        _detailsAny = true;
        CompactJson.WriteQuoted(details, name);
        details.Append((byte)':');
        CompactJson.CopyValue(ref reader, details);
    }

    /// <summary>An unmapped member inside the details object <paramref name="group"/>.</summary>
    private void AddUnmapped(ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
    {
        var details = _details;
        if (!_detailsGroupOpen)
        {
            details.Append(_detailsAny ? (byte)',' : (byte)'{');
            _detailsAny = true;
            CompactJson.WriteQuoted(details, group);
            details.Append((byte)':');
            details.Append((byte)'{');
            _detailsGroupOpen = true;
            _detailsGroupHasMember = false;
        }
        if (_detailsGroupHasMember)
        {
            details.Append((byte)',');
        }
        _detailsGroupHasMember = true;
        CompactJson.WriteQuoted(details, name);
        details.Append((byte)':');
        CompactJson.CopyValue(ref reader, details);
    }

    private void CloseDetailsGroup()
    {
        if (_detailsGroupOpen)
        {
            _details.Append((byte)'}');
            _detailsGroupOpen = false;
        }
    }

    private void FinishDetailsJson(VarcharColumn column, int row)
    {
        if (!_detailsAny)
        {
            return;
        }
        CloseDetailsGroup();
        _details.Append((byte)'}');
        column.Set(row, _details.Written);
    }
}
