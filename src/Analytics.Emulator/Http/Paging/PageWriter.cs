using System.Text.Json;

namespace Analytics.Emulator.Http.Paging;

/// <summary>
/// The envelope every paged listing answer shares, <c>{"member": [item, …], "nextToken": "…"}</c>; the token member
/// (nextToken for Step Functions, NextMarker for Lambda) only when another page follows. Each API writes its own items.
/// </summary>
internal static class PageWriter
{
    public static void Write<T>(Utf8JsonWriter output, string member, List<T> items, Action<Utf8JsonWriter, T> writeItem,
        string tokenMember, string? token)
    {
        output.WriteStartObject();
        output.WriteStartArray(member);
        foreach (var item in items)
        {
            writeItem(output, item);
        }
        output.WriteEndArray();
        if (token is not null)
        {
            output.WriteString(tokenMember, token);
        }
        output.WriteEndObject();
    }
}
