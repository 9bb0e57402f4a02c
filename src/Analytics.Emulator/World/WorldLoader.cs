using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Emulator.Simulation.Asl;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Sfn;

namespace Analytics.Emulator.World;

/// <summary>Loads and validates a world file (documented in sample-data/README.md) into a <see cref="SimulatedWorld"/>.</summary>
public static partial class WorldLoader
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Reads the world file at <paramref name="path"/>. <paramref name="seed"/> fixes every random draw;
    /// <paramref name="now"/> (default: the file's `now`) only decides what is visible yet.
    /// </summary>
    /// <exception cref="WorldFileException">The file is missing, is not valid JSON or describes an invalid world.</exception>
    public static SimulatedWorld Load(string path, long seed, DateTimeOffset? now = null, ExecutionListOrder listOrder = ExecutionListOrder.Aws) =>
        LoadJson(ReadWorldFile(path), path, seed, now, listOrder);

    private static string ReadWorldFile(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorldFileException($"{path}: cannot read the world file: {e.Message}", e);
        }
    }

    /// <summary>Like <see cref="Load"/> with the file's text; <paramref name="source"/> prefixes error messages.</summary>
    public static SimulatedWorld LoadJson(string json, string source, long seed, DateTimeOffset? now = null,
        ExecutionListOrder listOrder = ExecutionListOrder.Aws)
    {
        var node = Parse(json, source);
        if (node is JsonObject root && root.ContainsKey(AccountsMember))
        {
            throw new WorldFileException($"{source}: $.accounts: this reads worlds of one account; this one declares several");
        }
        return Build(node, source, seed, now, listOrder);
    }

    /// <summary>The file's JSON with `extends` applied; syntax errors as <see cref="WorldFileException"/>.</summary>
    private static JsonNode Parse(string json, string source)
    {
        try
        {
            return Resolve(json, source, depth: 0);
        }
        catch (JsonException e)
        {
            throw new WorldFileException($"{source}: {e.Path ?? "$"}: {FirstSentence(e.Message)}", e);
        }
    }

    private static SimulatedWorld Build(JsonNode node, string source, long seed, DateTimeOffset? now, ExecutionListOrder listOrder)
    {
        WorldFile? file;
        try
        {
            file = node.Deserialize<WorldFile>(s_options);
        }
        catch (JsonException e)
        {
            throw new WorldFileException($"{source}: {e.Path ?? "$"}: {FirstSentence(e.Message)}", e);
        }
        if (file is null)
        {
            throw new WorldFileException($"{source}: $: the world file must be a JSON object");
        }
        var definitions = WorldValidator.Validate(file, source);
        var models = new StateMachineModel[file.StateMachines.Count];
        for (var i = 0; i < models.Length; i++)
        {
            models[i] = new StateMachineModel(file.StateMachines[i], i, file, seed, definitions[i]);
        }
        var durable = new DurableModels([.. file.DurableFunctions.Select((d, i) => new DurableFunctionModel(d, i, file, seed))]);
        return new SimulatedWorld(file, seed, now ?? file.Now, models, durable, listOrder);
    }

    private static readonly JsonDocumentOptions s_documentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Applies `"extends": "base.json"` (a path relative to the file): the base file's members, with this file's
    /// top-level members replacing them. Benchmark worlds use it to scale the default world.
    /// </summary>
    private static JsonNode Resolve(string json, string source, int depth)
    {
        var node = JsonNode.Parse(json, documentOptions: s_documentOptions) ?? throw new JsonException("the world file is empty");
        if (node is not JsonObject obj || !obj.TryGetPropertyValue("extends", out var extends))
        {
            return node;
        }
        if (depth >= 4)
        {
            throw new WorldFileException($"{source}: $.extends: more than 4 levels of extends");
        }
        var basePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".", extends?.GetValue<string>()
            ?? throw new WorldFileException($"{source}: $.extends: must be a file path"));
        string baseJson;
        try
        {
            baseJson = System.IO.File.ReadAllText(basePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorldFileException($"{source}: $.extends: cannot read '{basePath}': {e.Message}", e);
        }
        var merged = (JsonObject)Resolve(baseJson, basePath, depth + 1);
        foreach (var (name, value) in obj.ToList())
        {
            if (name != "extends")
            {
                obj.Remove(name);
                merged[name] = value;
            }
        }
        return merged;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    internal static AslBlock ParseDefinition(JsonElement definition, string path)
    {
        if (definition.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var doc = JsonDocument.Parse(definition.GetString()!);
                return AslParser.Parse(doc.RootElement.Clone(), path);
            }
            catch (JsonException e)
            {
                throw new AslException($"{path}: the definition string is not valid JSON: {e.Message}");
            }
        }
        return AslParser.Parse(definition, path);
    }
}
