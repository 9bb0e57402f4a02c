using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Analytics.Benchmarks.Corpus;

/// <summary>
/// Writes realistic synthetic Step Functions executions as GetExecutionHistory JSON, event by event, following the
/// structure of recorded AWS histories (previousEventId as parent pointer, concurrent Map iterations interleaved,
/// Parallel branches, retried tasks, catches, Fail states). Deterministic for a seed. Stands in for the emulator's
/// `world pages` until that exists; also used by the Core tests for long and paginated histories.
/// </summary>
public sealed partial class HistoryGenerator
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _json;
    private readonly List<(int Start, int Length)> _events = [];
    private readonly string _payload;
    private double _clock;
    private long _nextId;
    private bool _capped;

    public HistoryGenerator(int seed, GeneratorOptions? options = null)
    {
        _options = options ?? new GeneratorOptions();
        _random = new Random(seed);
        _json = new Utf8JsonWriter(_buffer, s_writerOptions);
        _payload = _options.PayloadBytes > 0 ? Payload(_options.PayloadBytes) : "";
    }

    /// <summary>Events of the last generated execution, oldest first, each a JSON object's bytes.</summary>
    public int EventCount => _events.Count;

    public ReadOnlySpan<byte> Event(int index) => _buffer.WrittenSpan.Slice(_events[index].Start, _events[index].Length);

    /// <summary>Generates one execution starting at <paramref name="startEpochSeconds"/>.</summary>
    public void Generate(double startEpochSeconds)
    {
        _buffer.ResetWrittenCount();
        _events.Clear();
        _clock = startEpochSeconds;
        _nextId = 1;
        _capped = false;
        WriteExecution();
    }

    /// <summary>
    /// Splits the last execution into GetExecutionHistory pages of at most <paramref name="pageSize"/> events,
    /// oldest or newest first, each <c>{"events":[...],"nextToken":"..."}</c>, appended to <paramref name="output"/>;
    /// returns the (offset, length) of each page in it.
    /// </summary>
    public List<(int Offset, int Length)> WritePages(ArrayBufferWriter<byte> output, int pageSize, bool newestFirst)
    {
        var pages = new List<(int, int)>();
        for (var first = 0; first < _events.Count; first += pageSize)
        {
            var start = output.WrittenCount;
            Write(output, "{\"events\":["u8);
            var last = Math.Min(_events.Count, first + pageSize);
            for (var i = first; i < last; i++)
            {
                if (i > first)
                {
                    Write(output, ","u8);
                }
                Write(output, Event(newestFirst ? _events.Count - 1 - i : i));
            }
            Write(output, "]"u8);
            if (last < _events.Count)
            {
                Write(output, ",\"nextToken\":\"AAAAKgAAAAIAAAAAAAAAAbsynthetictokenAAAAAA\""u8);
            }
            Write(output, "}"u8);
            pages.Add((start, output.WrittenCount - start));
        }
        return pages;
    }

    /// <summary>The last execution as one page (all events, oldest first).</summary>
    public byte[] SinglePage()
    {
        var output = new ArrayBufferWriter<byte>();
        WritePages(output, int.MaxValue, newestFirst: false);
        return output.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static string Payload(int bytes)
    {
        // JSON text as AWS returns it inside the string: quotes that the writer escapes, plus plain filler.
        var prefix = "{\"order\":{\"id\":\"o-1\",\"note\":\"";
        var suffix = "\"}}";
        var filler = Math.Max(0, bytes - prefix.Length - suffix.Length);
        return prefix + new string('x', filler) + suffix;
    }

    private string Timestamp() => _clock.ToString("F3", CultureInfo.InvariantCulture);

    private void Advance(double minSeconds, double maxSeconds) => _clock += minSeconds + (_random.NextDouble() * (maxSeconds - minSeconds));
}
