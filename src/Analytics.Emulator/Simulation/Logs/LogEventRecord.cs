using System.Text.Json;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.Simulation.Logs;

/// <summary>One CloudWatch Logs event: a history event of an EXPRESS execution as its log group serves it.</summary>
public sealed class LogEventRecord
{
    private readonly LoggedExecution _execution;
    private readonly int _index;

    internal LogEventRecord(LoggedExecution execution, int index)
    {
        _execution = execution;
        _index = index;
    }

    private SfnEvent Event => _execution.Timeline.Events[_index];

    public long Timestamp => Event.TimeMs;

    public long IngestionTime => _execution.Ingestion[_index];

    public string LogStreamName => _execution.Stream;

    public string ExecutionArn => _execution.Arn;

    public string Type => Event.Type;

    public int Id => Event.Id;

    public int PreviousEventId => Event.PreviousEventId;

    /// <summary>A 56-digit decimal string as CloudWatch Logs sends: timestamp, execution and event id, so it is unique.</summary>
    public string EventId => $"{Timestamp:D16}{_execution.Key:D20}{Id:D20}";

    /// <summary>The ordering of FilterLogEvents pages: timestamp, then ingestion time, then a stable tie-break.</summary>
    internal (long, long, ulong, int) SortKey => (Timestamp, IngestionTime, _execution.Key, Id);

    /// <summary>The message (the JSON log line), written as a JSON object.</summary>
    public void WriteMessage(Utf8JsonWriter writer) =>
        SfnEventWriter.WriteLogMessage(writer, Event, _execution.Source.Spec.IncludeExecutionData, ExecutionArn, redriveCount: 0);

    /// <summary>The message as UTF-8 bytes (the emulator's own buffer; the wire carries it as a JSON string).</summary>
    public void WriteMessage(System.Buffers.ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        WriteMessage(writer);
    }
}
