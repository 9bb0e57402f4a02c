namespace Analytics.Export.Crawl;

/// <summary>What a crawled source is, and so which API its histories come from and which flattener reads them.</summary>
internal enum SourceKind
{
    /// <summary>A state machine's executions, by GetExecutionHistory.</summary>
    StepFunctions,

    /// <summary>A Lambda function's durable executions, by GetDurableExecutionHistory.</summary>
    Durable,

    /// <summary>An EXPRESS state machine's executions, from its CloudWatch Logs log group.</summary>
    Logs,
}

internal static class SourceKindText
{
    /// <summary>The manifest's word for the kind of a tracked RUNNING execution's source.</summary>
    public static string ManifestText(this SourceKind kind) => kind switch
    {
        SourceKind.Durable => "durable",
        SourceKind.Logs => "logs",
        _ => "sfn",
    };

    /// <summary><c>open_executions.source_kind</c>: the service the execution belongs to.</summary>
    public static string OpenExecutionsText(this SourceKind kind) => kind == SourceKind.Durable ? "durable" : "stepfunctions";
}
