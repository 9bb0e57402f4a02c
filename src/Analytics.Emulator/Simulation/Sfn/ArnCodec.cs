using System.Globalization;

namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>
/// Execution names and ARNs that carry their own coordinates: a name looks like a UUID whose last 12 hex digits are
/// the execution index and whose first 8 are a seeded check, so any ARN the world served can be resolved back to the
/// (state machine, index[, map run, child]) that regenerates it, without a lookup table.
/// </summary>
internal static class ArnCodec
{
    public static string ExecutionName(StateMachineModel model, SimulationContext context, long index)
    {
        var rng = SimRandom.For(context.Seed, model.Key, 0x4E414D45, (ulong)index);
        var a = rng.NextULong();
        return $"{(uint)a:x8}-{(ushort)(a >> 32):x4}-{(ushort)(a >> 48):x4}-{(ushort)rng.NextULong():x4}-{index:x12}";
    }

    public static string ExecutionArn(StateMachineModel model, SimulationContext context, long index) =>
        $"arn:aws:states:{context.Region}:{context.AccountId}:execution:{model.Name}:{ExecutionName(model, context, index)}";

    /// <summary>A top-level EXPRESS execution: `express:&lt;machine&gt;:&lt;name&gt;:&lt;id&gt;` (aws-wire-facts-logs §1).</summary>
    public static string ExpressArn(StateMachineModel model, SimulationContext context, long index)
    {
        var id = SimRandom.For(context.Seed, model.Key, 0x4558, (ulong)index, ulong.MaxValue).NextUuid();
        return $"arn:aws:states:{context.Region}:{context.AccountId}:express:{model.Name}:{ExecutionName(model, context, index)}:{id}";
    }

    public static string MapRunArn(StateMachineModel model, SimulationContext context, string label, long parentIndex, int ordinal)
    {
        var rng = SimRandom.For(context.Seed, model.Key, 0x4D52, (ulong)parentIndex, (ulong)ordinal);
        var a = rng.NextULong();
        return $"arn:aws:states:{context.Region}:{context.AccountId}:mapRun:{model.Name}/{label}:"
            + $"{(uint)a:x8}-{ordinal:x4}-{(ushort)(a >> 32):x4}-{(ushort)(a >> 48):x4}-{parentIndex:x12}";
    }

    public static string ChildName(StateMachineModel model, SimulationContext context, long parentIndex, int ordinal, int child)
    {
        var check = (uint)SimRandom.For(context.Seed, model.Key, 0x4348, (ulong)parentIndex, ((ulong)ordinal << 32) | (uint)child).NextULong();
        return $"{check:x8}-{ordinal:x4}-{(child >> 16) & 0xFFFF:x4}-{child & 0xFFFF:x4}-{parentIndex:x12}";
    }

    public static string ChildArn(StateMachineModel model, SimulationContext context, string label, string executionType, long parentIndex, int ordinal, int child)
    {
        var name = ChildName(model, context, parentIndex, ordinal, child);
        if (executionType == "EXPRESS")
        {
            var id = SimRandom.For(context.Seed, model.Key, 0x4558, (ulong)parentIndex, ((ulong)ordinal << 32) | (uint)child).NextUuid();
            return $"arn:aws:states:{context.Region}:{context.AccountId}:express:{model.Name}/{label}:{name}:{id}";
        }
        return $"arn:aws:states:{context.Region}:{context.AccountId}:execution:{model.Name}/{label}:{name}";
    }

    /// <summary>The parts of an execution or map run ARN (null when it is not one of ours).</summary>
    public static ParsedArn? Parse(string arn, SimulationContext context)
    {
        var parts = arn.Split(':');
        if (parts.Length < 8 || parts[0] != "arn" || parts[2] != "states" || parts[3] != context.Region || parts[4] != context.AccountId)
        {
            return null;
        }
        var kind = parts[5];
        if (kind is not ("execution" or "express" or "mapRun"))
        {
            return null;
        }
        var slash = parts[6].IndexOf('/', StringComparison.Ordinal);
        var stateMachine = slash < 0 ? parts[6] : parts[6][..slash];
        var label = slash < 0 ? null : parts[6][(slash + 1)..];
        var name = parts[7];
        var fields = name.Split('-');
        if (fields.Length != 5 || fields[0].Length != 8 || fields[4].Length != 12
            || !long.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ordinal)
            || !int.TryParse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var childHigh)
            || !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var childLow))
        {
            return null;
        }
        return new ParsedArn(kind, stateMachine, label, name, index, ordinal, (childHigh << 16) | childLow);
    }
}

/// <summary>An execution (`execution`/`express`) or map run (`mapRun`) ARN taken apart.</summary>
internal sealed record ParsedArn(string Kind, string StateMachine, string? Label, string Name, long Index, int Ordinal, int Child);
