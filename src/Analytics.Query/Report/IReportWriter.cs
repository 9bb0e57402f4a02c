namespace Analytics.Query.Report;

/// <summary>
/// What a report section can say, written once and rendered as Markdown (<see cref="MarkdownReport"/>) and as HTML
/// (<see cref="HtmlReport"/>). Every string is text from the report or the data: the writers escape it.
/// </summary>
internal interface IReportWriter
{
    void Heading(string text, string? id = null);

    /// <param name="style">null, or one of <see cref="ParagraphStyle"/>.</param>
    void Paragraph(string text, ParagraphStyle style = ParagraphStyle.Plain);

    /// <summary>A table; "No data for this week." when there are no rows. A cell equal to
    /// <see cref="ReportText.RegressionMark"/> is shown as a flag.</summary>
    void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows);

    /// <summary>Flagged items, each with its flagged children (e.g. a state machine and its states).</summary>
    void FlagList(IEnumerable<(string Text, IReadOnlyList<string> Children)> items);

    /// <summary>An inline SVG chart (HTML only; Markdown readers have the table beside it), with an optional caption.</summary>
    void Chart(Func<string> svg, string? caption = null);

    /// <summary>The headline block: rows of this week against last, and the completeness line.</summary>
    void Headlines(string title, (string Current, string Previous) weeks, IReadOnlyList<HeadlineRow> rows, string completeness, string note);
}

internal enum ParagraphStyle
{
    Plain,

    /// <summary>A good-news line ("No regressions flagged.").</summary>
    Ok,

    /// <summary>Small print: scope, definitions, what was left out.</summary>
    Note,

    /// <summary>A rule the report applies (shown boxed).</summary>
    Rule,

    /// <summary>A warning at the top of the report (an empty week).</summary>
    Warning,
}

/// <summary>One headline figure: a key (the HTML's data-headline), its label, this week and last week as text and as
/// the raw value (null where there is no figure), and the change.</summary>
internal sealed record HeadlineRow(string Key, string Label, string Current, string? CurrentRaw, string Previous, string? PreviousRaw, string Change);
