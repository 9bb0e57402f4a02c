namespace Analytics.Cli;

/// <summary>The process exit codes every command uses (SPEC §4).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Some items failed and were reported; everything else was done.</summary>
    public const int Partial = 1;

    /// <summary>Bad arguments, bad configuration or a bad query.</summary>
    public const int Usage = 2;

    /// <summary>Nothing useful could be done.</summary>
    public const int Fatal = 3;
}
