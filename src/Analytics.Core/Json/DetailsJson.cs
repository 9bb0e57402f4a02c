using System.Text.Json;
using Analytics.Core.Columns;

namespace Analytics.Core.Json;

/// <summary>
/// Builds a row's <c>details_json</c>: the members that have no column, as compact JSON text nested as they were
/// in the event (<c>{"someDetails":{"newMember":...},"futureTopLevelMember":...}</c>); nothing when there are none.
/// </summary>
internal sealed class DetailsJson : IDisposable
{
    private readonly ByteArena _text = new();
    private bool _any;
    private bool _groupOpen;
    private bool _groupHasMember;

    public void Begin()
    {
        _text.Clear();
        _any = false;
        _groupOpen = false;
    }

    /// <summary>An unmapped top-level member (a whole unknown details object, for instance).</summary>
    public void Add(ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
    {
        CloseGroup();
        _text.Append(_any ? (byte)',' : (byte)'{');
        _any = true;
        CompactJson.WriteQuoted(_text, name);
        _text.Append((byte)':');
        CompactJson.CopyValue(ref reader, _text);
    }

    /// <summary>An unmapped member inside the object <paramref name="group"/>; <paramref name="prefix"/> names an
    /// intermediate object (<c>Error.</c>, or with <paramref name="nested"/> an object member name followed by a dot)
    /// when the member sits deeper.</summary>
    public void Add(ReadOnlySpan<byte> group, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> name, ref Utf8JsonReader reader, bool nested = false)
    {
        if (!_groupOpen)
        {
            _text.Append(_any ? (byte)',' : (byte)'{');
            _any = true;
            CompactJson.WriteQuoted(_text, group);
            _text.Append((byte)':');
            _text.Append((byte)'{');
            _groupOpen = true;
            _groupHasMember = false;
        }
        if (_groupHasMember)
        {
            _text.Append((byte)',');
        }
        _groupHasMember = true;
        _text.Append((byte)'"');
        _text.Append(prefix);
        if (nested)
        {
            _text.Append((byte)'.');
        }
        _text.Append(name);
        _text.Append((byte)'"');
        _text.Append((byte)':');
        CompactJson.CopyValue(ref reader, _text);
    }

    /// <summary>Ends the current group: call after each details object.</summary>
    public void CloseGroup()
    {
        if (_groupOpen)
        {
            _text.Append((byte)'}');
            _groupOpen = false;
        }
    }

    public void Finish(VarcharColumn column, int row)
    {
        if (!_any)
        {
            return;
        }
        CloseGroup();
        _text.Append((byte)'}');
        column.Set(row, _text.Written);
    }

    public void Dispose() => _text.Dispose();
}
