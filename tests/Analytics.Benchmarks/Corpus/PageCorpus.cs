using System.Buffers;
using System.Globalization;
using System.Text;

namespace Analytics.Benchmarks.Corpus;

/// <summary>
/// Many executions' GetExecutionHistory pages packed into one buffer (so the measured loops touch no per-page
/// objects), with each execution's ARN. Deterministic for a seed: the host process and the benchmark agree on it.
/// </summary>
public sealed class PageCorpus
{
    private PageCorpus(byte[] bytes, int[] pageStarts, int[] pageLengths, int[] firstPage, byte[] arns, int[] arnStarts, long events)
    {
        Bytes = bytes;
        PageStarts = pageStarts;
        PageLengths = pageLengths;
        FirstPage = firstPage;
        Arns = arns;
        ArnStarts = arnStarts;
        Events = events;
    }

    public byte[] Bytes { get; }

    public int[] PageStarts { get; }

    public int[] PageLengths { get; }

    /// <summary>Index of each execution's first page; one extra entry closes the last execution.</summary>
    public int[] FirstPage { get; }

    public byte[] Arns { get; }

    public int[] ArnStarts { get; }

    public int Executions => FirstPage.Length - 1;

    public int Pages => PageStarts.Length;

    public long Events { get; }

    public ReadOnlySpan<byte> Page(int index) => Bytes.AsSpan(PageStarts[index], PageLengths[index]);

    public ReadOnlySpan<byte> Arn(int execution) => Arns.AsSpan(ArnStarts[execution], ArnStarts[execution + 1] - ArnStarts[execution]);

    /// <summary>The very same page bytes, one page per line, for DuckDB's <c>read_json</c> (one execution's pages
    /// follow each other, in execution order).</summary>
    public void WriteNdjson(string path)
    {
        using var file = File.Create(path);
        for (var page = 0; page < Pages; page++)
        {
            file.Write(Page(page));
            file.WriteByte((byte)'\n');
        }
    }

    /// <summary>Generates <paramref name="executions"/> executions, paged like GetExecutionHistory (1,000 events).</summary>
    public static PageCorpus Generate(int executions, int seed = 20261121, GeneratorOptions? options = null)
    {
        var generator = new HistoryGenerator(seed, options);
        var pages = new ArrayBufferWriter<byte>(executions * 4096);
        var arns = new ArrayBufferWriter<byte>(executions * 80);
        var pageStarts = new List<int>();
        var pageLengths = new List<int>();
        var firstPage = new int[executions + 1];
        var arnStarts = new int[executions + 1];
        long events = 0;
        var start = 1_763_596_800d;
        for (var i = 0; i < executions; i++)
        {
            generator.Generate(start + (i * 0.75));
            events += generator.EventCount;
            firstPage[i] = pageStarts.Count;
            foreach (var (offset, length) in generator.WritePages(pages, 1000, newestFirst: false))
            {
                pageStarts.Add(offset);
                pageLengths.Add(length);
            }
            arnStarts[i] = arns.WrittenCount;
            arns.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"arn:aws:states:us-east-1:123456789012:execution:Orders:run-{i:D7}")));
        }
        firstPage[executions] = pageStarts.Count;
        arnStarts[executions] = arns.WrittenCount;
        return new PageCorpus(pages.WrittenSpan.ToArray(), [.. pageStarts], [.. pageLengths], firstPage, arns.WrittenSpan.ToArray(), arnStarts, events);
    }
}
