using System.Reflection;
using System.Runtime.InteropServices;

namespace Analytics.DuckDb.Native;

/// <summary>
/// Finds and checks libduckdb before the first native call: <c>DUCKDB_LIBRARY</c> if set, else <c>libduckdb.so</c>
/// next to this assembly, else the system's default probing. A library that cannot be loaded, is not a 1.5.x
/// release, or lacks a function we bind becomes one <see cref="DuckDbException"/> that says how to fix it.
/// </summary>
internal static class NativeLibraryLoader
{
    public const string EnvironmentVariable = "DUCKDB_LIBRARY";

    /// <summary>The release the project pins (eng/duckdb-native.lock); any 1.5.x shares its C API.</summary>
    public const string ExpectedVersion = "v1.5.6";

    private const string RequiredVersionPrefix = "v1.5.";
    private const string FileName = "libduckdb.so";
    private const string Fix = "Run `make setup`, or set DUCKDB_LIBRARY to a libduckdb.so 1.5.x.";

    /// <summary>Null once the library is loaded and checked; otherwise what went wrong.</summary>
    private static readonly Lazy<string?> s_loadError = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads and checks the library once; throws the same clear error on every call if that failed.</summary>
    public static void EnsureLoaded()
    {
        if (s_loadError.Value is { } error)
        {
            throw new DuckDbException(error);
        }
    }

    private static string? Load()
    {
        var (handle, source, error) = Open();
        if (error is not null)
        {
            return error;
        }
        var problem = Verify(handle, source);
        if (problem is not null)
        {
            NativeLibrary.Free(handle);
            return problem;
        }
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, (name, _, _) =>
            name == NativeMethods.LibraryName ? handle : IntPtr.Zero);
        return null;
    }

    private static (IntPtr Handle, string Source, string? Error) Open()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return NativeLibrary.TryLoad(configured, out var chosen)
                ? (chosen, configured, null)
                : (IntPtr.Zero, configured, $"Cannot load DuckDB from {EnvironmentVariable}={configured}: {LastLoadError(configured)}. {Fix}");
        }

        var besideAssembly = Path.Combine(AssemblyDirectory(), FileName);
        if (File.Exists(besideAssembly))
        {
            return NativeLibrary.TryLoad(besideAssembly, out var local)
                ? (local, besideAssembly, null)
                : (IntPtr.Zero, besideAssembly, $"Cannot load DuckDB from {besideAssembly}: {LastLoadError(besideAssembly)}. {Fix}");
        }

        return NativeLibrary.TryLoad(FileName, typeof(NativeLibraryLoader).Assembly, DllImportSearchPath.SafeDirectories, out var system)
            ? (system, FileName, null)
            : (IntPtr.Zero, FileName, $"DuckDB native library not found ({FileName} is neither next to {AssemblyDirectory()} nor on the system library path). {Fix}");
    }

    private static string? Verify(IntPtr handle, string source)
    {
        var missing = MissingExports(handle);
        if (missing.Count > 0)
        {
            return $"{source} is not a usable DuckDB library: it lacks {string.Join(", ", missing.Take(5))}"
                + (missing.Count > 5 ? $" and {missing.Count - 5} more functions" : string.Empty) + $". {Fix}";
        }
        var version = LibraryVersion(handle);
        if (!version.StartsWith(RequiredVersionPrefix, StringComparison.Ordinal))
        {
            return $"{source} is DuckDB {version}, but this build needs {ExpectedVersion} (any 1.5.x). {Fix}";
        }
        return null;
    }

    /// <summary>Every C function a <see cref="LibraryImportAttribute"/> in <see cref="NativeMethods"/> binds.</summary>
    private static List<string> MissingExports(IntPtr handle)
    {
        var missing = new List<string>();
        foreach (var method in typeof(NativeMethods).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var import = method.GetCustomAttribute<LibraryImportAttribute>();
            if (import is null)
            {
                continue;
            }
            var entryPoint = import.EntryPoint ?? method.Name;
            if (!NativeLibrary.TryGetExport(handle, entryPoint, out _))
            {
                missing.Add(entryPoint);
            }
        }
        return missing;
    }

    private static unsafe string LibraryVersion(IntPtr handle)
    {
        var function = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(handle, "duckdb_library_version");
        return Marshal.PtrToStringUTF8(function()) ?? "(unknown)";
    }

    private static string AssemblyDirectory()
    {
        var location = typeof(NativeLibraryLoader).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }

    /// <summary>The loader's own reason (dlerror's line), without .NET's generic advice around it.</summary>
    private static string LastLoadError(string path)
    {
        if (path.Contains('/', StringComparison.Ordinal) && !File.Exists(path))
        {
            return "no such file";
        }
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "unknown error";
        }
        catch (Exception exception) when (exception is DllNotFoundException or BadImageFormatException)
        {
            var lines = exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length > 1 ? lines[^1] : exception.Message;
        }
    }
}
