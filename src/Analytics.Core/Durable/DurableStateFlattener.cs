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
/// Operation objects) into <c>durable_operations</c> rows, one per operation, as the service reports them. Members
/// with no column go to <c>details_json</c> (grouped by their details object, as in the event tables); the payload
/// members (<c>InputPayload</c>, <c>Result</c>) only with <see cref="FlattenerOptions.IncludeExecutionData"/>.
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
    private readonly DetailsJson _details = new();
    private readonly ByteArena _executionStatus = new(16);
    private long _startTime;
    private bool _located;
    private Range _account;
    private Range _region;
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

    /// <summary>The <c>Status</c> of the current execution's EXECUTION operation, as the page reports it (null before one).</summary>
    public string? ExecutionStatus => _executionStatus.Length == 0 ? null : Encoding.UTF8.GetString(_executionStatus.Written);

    public void BeginExecution(string durableExecutionArn, long? startTimeMicros = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(durableExecutionArn);
        _arn.Clear();
        _arn.Append(Encoding.UTF8.GetBytes(durableExecutionArn));
        _located = ArnLocation.TryLocate(_arn.Written, out _account, out _region);
        _executionStatus.Clear();
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

    public void Dispose()
    {
        _arn.Dispose();
        _details.Dispose();
        _executionStatus.Dispose();
    }

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
        if (_located)
        {
            rows.Varchar(DurableOperationColumns.AccountId).Set(row, _arn.Written[_account]);
            rows.Varchar(DurableOperationColumns.Region).Set(row, _arn.Written[_region]);
        }
        long start = NoTime, end = NoTime;
        var isExecution = false;
        var attempts = 1;
        _details.Begin();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var member = s_members.Find(name);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }
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
                    ReadDetails(ref reader, row, name, ref attempts);
                    _details.CloseGroup();
                    break;
                default:
                    _details.Add(name, ref reader);
                    break;
            }
        }
        if (isExecution && _startTime == NoTime)
        {
            _startTime = start;
        }
        if (isExecution && !rows.Varchar(DurableOperationColumns.Status).IsNull(row))
        {
            _executionStatus.Clear();
            _executionStatus.Append(rows.Varchar(DurableOperationColumns.Status).GetBytes(row));
        }
        SetTime(DurableOperationColumns.StartTime, row, start);
        SetTime(DurableOperationColumns.EndTime, row, end);
        if (start != NoTime && end != NoTime)
        {
            rows.Int64(DurableOperationColumns.DurationMs).Set(row, (end - start) / 1000);
        }
        rows.Int32(DurableOperationColumns.Attempts).Set(row, attempts);
        SetTime(DurableOperationColumns.ExecutionStartTime, row, _startTime);
        _details.Finish(rows.Varchar(DurableOperationColumns.DetailsJson), row);
        OperationCount++;
    }

    /// <summary>The *Details object of an operation: Attempt and the error's type and message have columns, the
    /// payloads are kept only when asked for, everything else goes to details_json.</summary>
    private void ReadDetails(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group, ref int attempts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            var token = reader.TokenType;
            if (token == JsonTokenType.Null)
            {
                continue;
            }
            if (name.SequenceEqual("Attempt"u8) && token == JsonTokenType.Number && reader.TryGetInt32(out var attempt))
            {
                attempts = Math.Max(1, attempt);
            }
            else if (name.SequenceEqual("Error"u8) && token == JsonTokenType.StartObject)
            {
                ReadError(ref reader, row, group);
            }
            else if (name.SequenceEqual("Result"u8) || name.SequenceEqual("InputPayload"u8))
            {
                if (_options.IncludeExecutionData)
                {
                    _details.Add(group, default, name, ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                _details.Add(group, default, name, ref reader);
            }
        }
    }

    /// <summary>ErrorObject: ErrorType and ErrorMessage have columns; ErrorData, StackTrace and any newer member go to details_json.</summary>
    private void ReadError(ref Utf8JsonReader reader, int row, ReadOnlySpan<byte> group)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            var column = name.SequenceEqual("ErrorType"u8) ? DurableOperationColumns.ErrorType
                : name.SequenceEqual("ErrorMessage"u8) ? DurableOperationColumns.ErrorMessage : -1;
            reader.Read();
            if (column >= 0 && reader.TokenType == JsonTokenType.String)
            {
                JsonStrings.CopyTo(ref reader, _rows.Varchar(column), row);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                _details.Add(group, "Error."u8, name, ref reader);
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
