namespace Analytics.Export.Tests.Support;

/// <summary>Tests that measure the process's managed heap run alone: other tests' allocations would move what they measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessHeapCollection
{
    public const string Name = "process heap";
}
