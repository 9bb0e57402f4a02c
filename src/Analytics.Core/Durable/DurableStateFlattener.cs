using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.Output;
using Analytics.Core.Schemas;

namespace Analytics.Core.Durable;

/// <summary>
/// Turns GetDurableExecutionState pages (<c>{"Operations": [...], "NextMarker": ...}</c>, or a bare array of
/// Operation objects) into <c>durable_operations</c> rows, one per operation, as the service reports them.
/// </summary>
public sealed class DurableStateFlattener : IDisposable
{
    public static IReadOnlyList<TableSchema> Tables { get; } = [TableSchemas.DurableOperations];

    private const long NoTime = long.MinValue;
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 256 };

    private static readonly Utf8NameTable s_members = new(
        ("Id", 0), ("Type", 1), ("StartTimestamp", 2), ("Status", 3), ("ParentId", 4), ("Name", 5), ("SubType", 6),
        ("EndTimestamp", 7), ("ExecutionDetails", 8), ("ContextDetails", 8), ("StepDetails", 8), ("WaitDetails", 8),
        ("CallbackDetails", 8), ("ChainedInvokeDetails", 8));

    private readonly FlattenerOptions _options;
    private readonly ColumnBatch _rows;
    private readonly ByteArena _arn = new(256);
    private long _startTime;
    private int _pageIndex;
    private bool _inExecution;

    public DurableStateFlattener(TableBatches output, FlattenerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!ReferenceEquals(output[0].Schema, TableSchemas.DurableOperations))
        {
            throw new ArgumentException("Output table 0 must be 'durable_operations'.", nameof(output));
        }
        Output = output;
        _rows = output[0];
        _options = options ?? FlattenerOptions.Default;
    }

    public static TableBatches CreateOutput(IBatchSink sink, int capacity = ColumnBatch.DefaultCapacity) => new(sink, Tables, capacity);

    public TableBatches Output { get; }

    public FlattenerWarnings Warnings { get; } = new();

    /// <summary>Operations written for the current execution.</summary>
    public int OperationCount { get; private set; }

    public void BeginExecution(string durableExecutionArn, long? startTimeMicros = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(durableExecutionArn);
        _arn.Clear();
        _arn.Append(Encoding.UTF8.GetBytes(durableExecutionArn));
        _startTime = startTimeMicros ?? NoTime;
        _pageIndex = 0;
        OperationCount = 0;
        _inExecution = true;
    }

    public void AddPage(ReadOnlySpan<byte> page)
    {
        if (!_inExecution)
        {
            throw new InvalidOperationException("Call BeginExecution first.");
        }
        if (_options.ValidateUtf8)
        {
            Utf8Check.Validate(page, _pageIndex);
        }
        var reader = new Utf8JsonReader(page, s_readerOptions);
        try
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadOperations(ref reader);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                var sawOperations = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isOperations = reader.ValueTextEquals("Operations"u8);
                    reader.Read();
                    if (isOperations && !sawOperations && reader.TokenType == JsonTokenType.StartArray)
                    {
                        sawOperations = true;
                        ReadOperations(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                if (!sawOperations)
                {
                    Fail("the page has no 'Operations' array (not a GetDurableExecutionState response)", reader.TokenStartIndex);
                }
            }
            else
            {
                Fail("a durable state page must be a JSON object or array", reader.TokenStartIndex);
            }
            if (reader.Read())
            {
                Fail("unexpected data after the page's JSON value", reader.TokenStartIndex);
            }
        }
        catch (JsonException ex)
        {
            Fail($"malformed JSON: {ex.Message}", reader.BytesConsumed, ex);
        }
        _pageIndex++;
    }

    public int EndExecution()
    {
        _inExecution = false;
        return OperationCount;
    }

    public void Flush() => Output.Flush();

    public void Dispose() => _arn.Dispose();

    private void ReadOperations(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Fail("each operation must be a JSON object", reader.TokenStartIndex);
            }
            ReadOperation(ref reader);
        }
    }

    private void ReadOperation(ref Utf8JsonReader reader)
    {
        var row = Output.AddRow(0);
        var rows = _rows;
        rows.Varchar(DurableOperationColumns.DurableExecutionArn).Set(row, _arn.Written);
        long start = NoTime, end = NoTime;
        var isExecution = false;
        var attempts = 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = s_members.Find(reader.ValueSpan);
            reader.Read();
            var isString = reader.TokenType == JsonTokenType.String;
            switch (member)
            {
                case 0 when isString:
                    JsonStrings.CopyTo(ref reader, rows.Varchar(DurableOperationColumns.OperationId), row);
                    break;
                case 1 when isString:
                    var type = rows.Varchar(DurableOperationColumns.Type);
                    JsonStrings.CopyTo(ref reader, type, row);
                    isExecution = type.GetBytes(row).SequenceEqual("EXECUTION"u8);
                    break;
                case 2:
                    start = ReadTimestamp(ref reader);
                    break;
                case 3 when isString:
                    JsonStrings.CopyTo(ref reader, rows.Varchar(DurableOperationColumns.Status), row);
                    break;
                case 4 when isString:
                    JsonStrings.CopyTo(ref reader, rows.Varchar(DurableOperationColumns.ParentId), row);
                    break;
                case 5 when isString:
                    JsonStrings.CopyTo(ref reader, rows.Varchar(DurableOperationColumns.Name), row);
                    break;
                case 6 when isString:
                    JsonStrings.CopyTo(ref reader, rows.Varchar(DurableOperationColumns.SubType), row);
                    break;
                case 7:
                    end = ReadTimestamp(ref reader);
                    break;
                case 8 when reader.TokenType == JsonTokenType.StartObject:
                    ReadDetails(ref reader, row, ref attempts);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (isExecution && _startTime == NoTime)
        {
            _startTime = start;
        }
        SetTime(DurableOperationColumns.StartTime, row, start);
        SetTime(DurableOperationColumns.EndTime, row, end);
        if (start != NoTime && end != NoTime)
        {
            rows.Int64(DurableOperationColumns.DurationMs).Set(row, (end - start) / 1000);
        }
        rows.Int32(DurableOperationColumns.Attempts).Set(row, attempts);
        SetTime(DurableOperationColumns.ExecutionStartTime, row, _startTime);
        OperationCount++;
    }

    /// <summary>The *Details object of an operation: Attempt and Error are what the table keeps.</summary>
    private void ReadDetails(ref Utf8JsonReader reader, int row, ref int attempts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAttempt = reader.ValueTextEquals("Attempt"u8);
            var isError = reader.ValueTextEquals("Error"u8);
            reader.Read();
            if (isAttempt && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var attempt))
            {
                attempts = Math.Max(1, attempt);
            }
            else if (isError && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var column = reader.ValueTextEquals("ErrorType"u8) ? DurableOperationColumns.ErrorType
                        : reader.ValueTextEquals("ErrorMessage"u8) ? DurableOperationColumns.ErrorMessage : -1;
                    reader.Read();
                    if (column >= 0 && reader.TokenType == JsonTokenType.String)
                    {
                        JsonStrings.CopyTo(ref reader, _rows.Varchar(column), row);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private long ReadTimestamp(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when Timestamps.TryParseEpochSeconds(reader.ValueSpan, out var micros):
                return micros;
            case JsonTokenType.String when !reader.ValueIsEscaped && Timestamps.TryParseText(reader.ValueSpan, out var micros):
                return micros;
            case JsonTokenType.Null:
                return NoTime;
        }
        if (!_options.Lenient)
        {
            Fail("unparseable timestamp (use lenient mode to import it as null)", reader.TokenStartIndex);
        }
        Warnings.UnparseableTimestamps++;
        reader.Skip();
        return NoTime;
    }

    private void SetTime(int column, int row, long micros)
    {
        if (micros != NoTime)
        {
            _rows.Int64(column).Set(row, micros);
        }
    }

    [DoesNotReturn]
    private void Fail(string problem, long offset, Exception? inner = null) => ThrowHelper.Format(problem, offset, _pageIndex, inner);
}
