using System.Text.Json;

namespace Analytics.Datasets;

/// <summary>Which history a saved file holds, read from its first tokens.</summary>
public enum HistoryFileKind
{
    Unknown,

    /// <summary>GetExecutionHistory / <c>aws stepfunctions get-execution-history</c> output, or a bare event array.</summary>
    StepFunctions,

    /// <summary>GetDurableExecutionHistory output (<c>{"Events": [...]}</c>) or a bare array of durable events.</summary>
    Durable,

    /// <summary>GetDurableExecutionState output (<c>{"Operations": [...]}</c>) or a bare array of Operation objects,
    /// as a durable function's own logging or the durable SDKs' test tooling saves them.</summary>
    DurableState,
}

/// <summary>Recognises the accepted file shapes without parsing the whole file.</summary>
public static class HistoryFileShape
{
    /// <summary>The kind of history in <paramref name="json"/>, and the execution ARN when the file names one
    /// (a top-level <c>executionArn</c> / <c>DurableExecutionArn</c> member next to the events).</summary>
    public static HistoryFileKind Detect(ReadOnlySpan<byte> json, out string? arn)
    {
        arn = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var kind = HistoryFileKind.Unknown;
        try
        {
            if (!reader.Read())
            {
                return HistoryFileKind.Unknown;
            }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                return KindOfFirstEvent(ref reader);
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return HistoryFileKind.Unknown;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("events"u8))
                {
                    kind = HistoryFileKind.StepFunctions;
                }
                else if (reader.ValueTextEquals("Events"u8))
                {
                    kind = HistoryFileKind.Durable;
                }
                else if (reader.ValueTextEquals("Operations"u8))
                {
                    kind = HistoryFileKind.DurableState;
                }
                else if ((reader.ValueTextEquals("executionArn"u8) || reader.ValueTextEquals("DurableExecutionArn"u8))
                    && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    arn = reader.GetString();
                    continue;
                }
                reader.Read();
                reader.Skip();
            }
            return kind;
        }
        catch (JsonException)
        {
            // Malformed further on: the flattener reports the problem with its offset.
            return kind;
        }
    }

    private static HistoryFileKind KindOfFirstEvent(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return HistoryFileKind.Unknown;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("EventType"u8) || reader.ValueTextEquals("EventId"u8))
            {
                return HistoryFileKind.Durable;
            }
            if (reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("previousEventId"u8))
            {
                return HistoryFileKind.StepFunctions;
            }
            // Operation members no event has (events carry EventType and EventTimestamp instead).
            if (reader.ValueTextEquals("Type"u8) || reader.ValueTextEquals("Status"u8) || reader.ValueTextEquals("StartTimestamp"u8))
            {
                return HistoryFileKind.DurableState;
            }
            reader.Read();
            reader.Skip();
        }
        return HistoryFileKind.Unknown;
    }
}
