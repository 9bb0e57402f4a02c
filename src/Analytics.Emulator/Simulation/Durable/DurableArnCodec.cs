using System.Globalization;

namespace Analytics.Emulator.Simulation.Durable;

/// <summary>
/// Durable execution names carry their index (`&lt;8 hex check&gt;-&lt;12 hex index&gt;`), so an ARN resolves back to the
/// execution that regenerates it: `arn:aws:lambda:r:acct:function:name:version/durable-execution/execName/execId`.
/// </summary>
internal static class DurableArnCodec
{
    public static string ExecutionName(DurableFunctionModel model, long seed, long index)
    {
        var check = (uint)SimRandom.For(seed, model.Key, 0x444E, (ulong)index).NextULong();
        return $"{check:x8}-{index:x12}";
    }

    public static string ExecutionArn(DurableFunctionModel model, long seed, long index, string executionId) =>
        $"{model.FunctionArn}:{model.Spec.Version}/durable-execution/{ExecutionName(model, seed, index)}/{executionId}";

    /// <summary>(function name, execution name, execution id, index) of a durable execution ARN, or null.</summary>
    public static (string Function, string Name, string Id, long Index)? Parse(string arn)
    {
        var parts = arn.Split('/');
        if (parts.Length != 4 || parts[1] != "durable-execution")
        {
            return null;
        }
        var head = parts[0].Split(':');
        if (head.Length != 8 || head[0] != "arn" || head[2] != "lambda" || head[5] != "function")
        {
            return null;
        }
        var name = parts[2];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash != 8 || !long.TryParse(name[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }
        return (head[6], name, parts[3], index);
    }
}
