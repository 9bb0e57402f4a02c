using System.Text;

namespace Analytics.Core.Json;

/// <summary>Rejects pages that are not UTF-8 (a PowerShell redirect writes Windows-1252, for instance).</summary>
internal static class Utf8Check
{
    public static void Validate(ReadOnlySpan<byte> page, int pageIndex)
    {
        if (!System.Text.Unicode.Utf8.IsValid(page))
        {
            ThrowHelper.Format("the page is not valid UTF-8", FirstInvalid(page), pageIndex);
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> page)
    {
        var offset = 0;
        while (offset < page.Length)
        {
            if (Rune.DecodeFromUtf8(page[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }
}
