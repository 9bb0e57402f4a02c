namespace Analytics.Core.Flattening;

/// <summary>The order of the events in the pages given for one execution.</summary>
public enum HistoryOrder
{
    /// <summary>Oldest first (GetExecutionHistory's default): flattened as the pages arrive.</summary>
    Ascending,

    /// <summary>Newest first (<c>reverseOrder=true</c>): pages are kept and flattened oldest-first at the end.</summary>
    Descending,

    /// <summary>Unknown (saved files): pages are kept and the order is read from the event ids at the end.</summary>
    Detect,
}
