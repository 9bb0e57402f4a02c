using System.Globalization;
using System.Text.Json;
using Analytics.Core.Columns;
using Analytics.Core.Durable;
using Analytics.Core.Flattening;
using Analytics.Core.Json;
using Analytics.Core.Output;
using Analytics.Core.StepFunctions;

namespace Analytics.Datasets;

/// <summary>
/// Imports saved histories (one execution per file) into the dataset. Each file is flattened once to check it and
/// once into the dataset writer, so a malformed file is reported (path and byte offset) and nothing of it is written,
/// while the other files are imported.
/// </summary>
public static class HistoryImporter
{
    /// <summary>The tables an import writes.</summary>
    public static IReadOnlyList<TableSchema> Tables { get; } = [.. ExecutionHistoryFlattener.Tables, .. DurableHistoryFlattener.Tables];

    /// <summary>Files named directly, and the <c>*.json</c> files under directories (recursively), in a stable order.</summary>
    public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> inputs, List<string> missing)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(missing);
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (File.Exists(input))
            {
                files.Add(Path.GetFullPath(input));
            }
            else if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*.json", SearchOption.AllDirectories)
                    .Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            }
            else
            {
                missing.Add(input);
            }
        }
        return files;
    }

    /// <summary>A run id for an import started now: <c>import-20261121T083000Z-1a2b3c</c>.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"import-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <remarks>Into an exported dataset, the written files must then join its manifest (Analytics.Export's
    /// <c>DatasetStore.RegisterImported</c>, as <c>analytics import</c> does): queries read only what the manifest lists.</remarks>
    public static ImportReport Import(IEnumerable<string> files, string outDir, string runId, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new ImportOptions();
        var flattenerOptions = new FlattenerOptions { Lenient = options.Lenient, IncludeExecutionData = options.IncludeExecutionData };
        var report = new ImportReport();
        using var writer = new DatasetWriter(outDir, runId, Tables);
        using var check = new Flatteners(new DiscardingSink(), flattenerOptions);
        using var load = new Flatteners(writer, flattenerOptions);
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ImportFile(path, check, load, report);
            if (writer.RowsStaged >= options.CommitEveryRows)
            {
                load.Flush();
                report.Add(writer.Commit());
            }
        }
        load.Flush();
        report.Add(writer.Commit());
        report.UnparseableTimestamps = load.StepFunctions.Warnings.UnparseableTimestamps + load.Durable.Warnings.UnparseableTimestamps
            + load.DurableState.Warnings.UnparseableTimestamps;
        report.DecodedJsonText = load.StepFunctions.Warnings.DecodedJsonText + load.Durable.Warnings.DecodedJsonText
            + load.DurableState.Warnings.DecodedJsonText;
        return report;
    }

    private static void ImportFile(string path, Flatteners check, Flatteners load, ImportReport report)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Add(new RejectedFile(path, $"cannot read: {ex.Message}", null));
            return;
        }
        var kind = HistoryFileShape.Detect(bytes, out var arn);
        if (kind == HistoryFileKind.Unknown)
        {
            report.Add(Unrecognised(path, bytes));
            return;
        }
        arn ??= DerivedArn.For(path, kind);
        try
        {
            check.Run(kind, arn, bytes);
        }
        catch (HistoryFormatException ex)
        {
            report.Add(new RejectedFile(path, ex.Problem, ex.ByteOffset));
            return;
        }
        var (events, status) = load.Run(kind, arn, bytes);
        report.Add(new ImportedFile(path, kind, arn, events, status));
    }

    private static RejectedFile Unrecognised(string path, byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new RejectedFile(path, "not valid UTF-8", FirstInvalidUtf8(bytes));
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            return new RejectedFile(path, $"malformed JSON: {ex.Message}", reader.BytesConsumed);
        }
        return new RejectedFile(path, "not a recognised history: expected {\"events\": [...]} (Step Functions), {\"Events\": [...]} (durable), {\"Operations\": [...]} (durable state) or an array of such items", 0);
    }

    private static long FirstInvalidUtf8(byte[] bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes.AsSpan(offset), out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    /// <summary>A Step Functions, a durable history and a durable state flattener sharing one sink.</summary>
    private sealed class Flatteners(IBatchSink sink, FlattenerOptions options) : IDisposable
    {
        public ExecutionHistoryFlattener StepFunctions { get; } = new(ExecutionHistoryFlattener.CreateOutput(sink), options);

        public DurableHistoryFlattener Durable { get; } = new(DurableHistoryFlattener.CreateOutput(sink), options);

        public DurableStateFlattener DurableState { get; } = new(DurableStateFlattener.CreateOutput(sink), options);

        public (long Events, string Status) Run(HistoryFileKind kind, string arn, byte[] bytes)
        {
            if (kind == HistoryFileKind.DurableState)
            {
                DurableState.BeginExecution(arn);
                try
                {
                    DurableState.AddPage(bytes);
                }
                finally
                {
                    DurableState.EndExecution();
                }
                return (DurableState.OperationCount, DurableState.ExecutionStatus ?? "");
            }
            if (kind == HistoryFileKind.Durable)
            {
                Durable.BeginExecution(arn, HistoryOrder.Detect);
                try
                {
                    Durable.AddPage(bytes);
                    var summary = Durable.EndExecution();
                    return (summary.EventCount, summary.Status);
                }
                catch
                {
                    Durable.AbandonExecution();
                    throw;
                }
            }
            StepFunctions.BeginExecution(arn, HistoryOrder.Detect);
            try
            {
                StepFunctions.AddPage(bytes);
                var summary = StepFunctions.EndExecution();
                return (summary.EventCount, summary.Status);
            }
            catch
            {
                StepFunctions.AbandonExecution();
                throw;
            }
        }

        public void Flush()
        {
            StepFunctions.Flush();
            Durable.Flush();
            DurableState.Flush();
        }

        public void Dispose()
        {
            StepFunctions.Dispose();
            Durable.Dispose();
            DurableState.Dispose();
        }
    }

    private sealed class DiscardingSink : IBatchSink
    {
        public void Write(ColumnBatch batch)
        {
        }
    }
}
