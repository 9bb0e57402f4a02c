namespace Analytics.Emulator.World;

/// <summary>A world file that cannot be loaded; the message names the file, the JSON path and what is wrong.</summary>
public sealed class WorldFileException(string message, Exception? inner = null) : Exception(message, inner);
