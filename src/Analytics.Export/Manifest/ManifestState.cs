using System.Text.Json;

namespace Analytics.Export.Manifest;

/// <summary>
/// What the committed records say, folded in commit order: exported executions (with redrive count and chunk), the
/// RUNNING set, watermarks and the files of every chunk/snapshot group.
/// </summary>
public sealed class ManifestState
{
    private readonly Dictionary<string, string> _groupOfPath = new(StringComparer.Ordinal);

    public ExportedExecutions Executions { get; } = new();

    public Dictionary<string, RunningExecution> Running { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> Watermarks { get; } = new(StringComparer.Ordinal);

    /// <summary>Files (relative paths) per chunk or snapshot group.</summary>
    public Dictionary<string, List<string>> GroupFiles { get; } = new(StringComparer.Ordinal);

    public int CommitCount { get; private set; }

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>Folds every record under <paramref name="commitsFolder"/> in name order (run ids sort by start time).</summary>
    public static ManifestState Load(string commitsFolder)
    {
        var state = new ManifestState();
        if (!Directory.Exists(commitsFolder))
        {
            return state;
        }
        foreach (var file in Directory.EnumerateFiles(commitsFolder, "*.json").Order(StringComparer.Ordinal))
        {
            state.Apply(Read(file));
        }
        return state;
    }

    public static CommitRecord Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<CommitRecord>(File.ReadAllBytes(file), JsonOptions)
                ?? throw new InvalidDataException($"{file}: empty commit record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: the commit record is not valid ({e.Message}); the manifest is damaged", e);
        }
    }

    public void Apply(CommitRecord record)
    {
        foreach (var path in record.Removes)
        {
            if (_groupOfPath.Remove(path, out var group) && GroupFiles.TryGetValue(group, out var files))
            {
                files.Remove(path);
                if (files.Count == 0)
                {
                    GroupFiles.Remove(group);
                }
            }
        }
        foreach (var add in record.Adds)
        {
            if (!GroupFiles.TryGetValue(add.Group, out var files))
            {
                GroupFiles[add.Group] = files = [];
            }
            if (_groupOfPath.TryAdd(add.Path, add.Group))
            {
                files.Add(add.Path);
            }
        }
        foreach (var running in record.RunningAdded)
        {
            Running[running.Arn] = running;
        }
        foreach (var execution in record.Executions)
        {
            Executions[execution.Arn] = (execution.RedriveCount, execution.Chunk);
            Running.Remove(execution.Arn);
        }
        foreach (var arn in record.RunningRemoved)
        {
            Running.Remove(arn);
        }
        foreach (var (key, value) in record.Watermarks)
        {
            Watermarks[key] = value;
        }
        CommitCount++;
    }
}
