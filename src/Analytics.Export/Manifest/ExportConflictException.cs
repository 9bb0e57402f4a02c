namespace Analytics.Export.Manifest;

/// <summary>
/// Another export holds what this one needs: the same shard, or the dataset under another shard layout. A usage error
/// (exit 2): nothing was read or written, and the message says which run holds it.
/// </summary>
public sealed class ExportConflictException(string message, Exception? inner = null) : IOException(message, inner);
