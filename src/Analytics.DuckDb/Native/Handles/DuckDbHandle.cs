using System.Runtime.InteropServices;

namespace Analytics.DuckDb.Native.Handles;

/// <summary>Base of every owning handle: a native pointer that is released exactly once.</summary>
internal abstract class DuckDbHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
}
