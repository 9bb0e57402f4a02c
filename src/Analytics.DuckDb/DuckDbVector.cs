using System.Runtime.CompilerServices;
using System.Text;
using Analytics.DuckDb.Native;

namespace Analytics.DuckDb;

/// <summary>
/// A borrowed view of one column of a <see cref="DuckDbChunk"/>: typed span access for hot paths
/// (<see cref="GetValues{T}"/>, <see cref="GetBytes"/>, <see cref="IsNull"/>) and per-value conversion for
/// display (<see cref="GetValue"/>, <see cref="GetText"/>). Valid only while its chunk is not disposed.
/// </summary>
public readonly unsafe partial struct DuckDbVector
{
    private const int StringSize = 16;

    private readonly IntPtr _vector;
    private readonly void* _data;
    private readonly ulong* _validity;
    private readonly LogicalTypeInfo _type;

    internal DuckDbVector(IntPtr vector, LogicalTypeInfo type, int length)
    {
        _vector = vector;
        _type = type;
        Length = length;
        _data = Duck.Vectors.DuckDBVectorGetData(vector);
        _validity = Duck.Vectors.DuckDBVectorGetValidity(vector);
    }

    public DuckDbType Type => _type.Id;

    /// <summary>The SQL type, e.g. <c>DECIMAL(18,3)</c>.</summary>
    public string TypeName => _type.Name;

    /// <summary>Rows in this vector.</summary>
    public int Length { get; }

    /// <summary>DuckDB's validity words (bit i set = row i has a value); empty when no row is null.</summary>
    public ReadOnlySpan<ulong> Validity => _validity == null ? default : new ReadOnlySpan<ulong>(_validity, (Length + 63) / 64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row)
    {
        if ((uint)row >= (uint)Length)
        {
            ThrowRowOutOfRange(row);
        }
        return _validity != null && (_validity[row >> 6] & (1UL << (row & 63))) == 0;
    }

    /// <summary>
    /// The vector's values in DuckDB's physical layout, e.g. <c>long</c> for BIGINT and timestamps (microseconds
    /// since the epoch), <c>int</c> for DATE (days), <c>Int128</c> for HUGEINT/UUID, the storage integer for
    /// DECIMAL. A null row's value is unspecified: check <see cref="IsNull"/>.
    /// </summary>
    public ReadOnlySpan<T> GetValues<T>()
        where T : unmanaged
    {
        var physical = PhysicalType(_type);
        if (physical != typeof(T) && !(physical == typeof(bool) && typeof(T) == typeof(byte)))
        {
            throw new InvalidOperationException($"A {TypeName} vector holds {physical?.Name ?? "no flat values"}, not {typeof(T).Name}.");
        }
        return new ReadOnlySpan<T>(_data, Length);
    }

    /// <summary>The bytes of a VARCHAR (UTF-8), BLOB or BIT value, read in place from DuckDB's string layout.</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        if (_type.Id is not (DuckDbType.Varchar or DuckDbType.Blob or DuckDbType.Bit or DuckDbType.BigNum))
        {
            throw new InvalidOperationException($"A {TypeName} vector holds no strings.");
        }
        if ((uint)row >= (uint)Length)
        {
            ThrowRowOutOfRange(row);
        }
        return StringAt((byte*)_data + ((long)row * StringSize));
    }

    /// <summary>A VARCHAR value as a .NET string.</summary>
    public string GetString(int row) => Encoding.UTF8.GetString(GetBytes(row));

    /// <summary>duckdb_string_t: a 4-byte length, then either the bytes inlined (12 or fewer) or a 4-byte prefix
    /// and a pointer to the bytes.</summary>
    private static ReadOnlySpan<byte> StringAt(byte* slot)
    {
        var length = *(uint*)slot;
        return length <= 12
            ? new ReadOnlySpan<byte>(slot + 4, (int)length)
            : new ReadOnlySpan<byte>(*(byte**)(slot + 8), checked((int)length));
    }

    /// <summary>LIST or MAP: where a row's elements sit in <see cref="GetListChild"/> (a MAP's are STRUCT(key, value)).</summary>
    public (int Offset, int Length) GetListEntry(int row)
    {
        if (_type.Id is not (DuckDbType.List or DuckDbType.Map))
        {
            throw new InvalidOperationException($"A {TypeName} vector holds no lists.");
        }
        if ((uint)row >= (uint)Length)
        {
            ThrowRowOutOfRange(row);
        }
        var entry = ((ulong*)_data) + (2L * row);
        return (checked((int)entry[0]), checked((int)entry[1]));
    }

    /// <summary>The elements of every row of a LIST or MAP vector (<see cref="GetListEntry"/>).</summary>
    public DuckDbVector GetListChild() => _type.Id is DuckDbType.List or DuckDbType.Map
        ? ListChild()
        : throw new InvalidOperationException($"A {TypeName} vector holds no lists.");

    /// <summary>An ARRAY's fixed length; row r's elements are <c>r * ArraySize …</c> of <see cref="GetArrayChild"/>.</summary>
    public int ArraySize => _type.ArraySize;

    public DuckDbVector GetArrayChild() => _type.Id == DuckDbType.Array
        ? ArrayChild()
        : throw new InvalidOperationException($"A {TypeName} vector is not an ARRAY.");

    /// <summary>A STRUCT's field names, in order (a MAP's child has <c>key</c> and <c>value</c>).</summary>
    public IReadOnlyList<string> StructFieldNames => _type.Id == DuckDbType.Struct ? _type.ChildNames : [];

    public DuckDbVector GetStructField(int index) => _type.Id == DuckDbType.Struct
        ? StructChild(index)
        : throw new InvalidOperationException($"A {TypeName} vector is not a STRUCT.");

    /// <summary>A UNION row's member: the vector holding its value at the same row.</summary>
    public DuckDbVector GetUnionMember(int row) => _type.Id == DuckDbType.Union
        ? StructChild(((byte*)StructChild(0)._data)[row] + 1)
        : throw new InvalidOperationException($"A {TypeName} vector is not a UNION.");

    private DuckDbVector ListChild() => new(
        Duck.Vectors.DuckDBListVectorGetChild(_vector), _type.Children[0], checked((int)Duck.Vectors.DuckDBListVectorGetSize(_vector)));

    private DuckDbVector ArrayChild() => new(
        Duck.Vectors.DuckDBArrayVectorGetChild(_vector), _type.Children[0], Length * _type.ArraySize);

    private DuckDbVector StructChild(int index) => new(
        Duck.Vectors.DuckDBStructVectorGetChild(_vector, index), _type.Children[index], Length);

    private static Type? PhysicalType(LogicalTypeInfo type) => type.Id switch
    {
        DuckDbType.Boolean => typeof(bool),
        DuckDbType.TinyInt => typeof(sbyte),
        DuckDbType.SmallInt => typeof(short),
        DuckDbType.Integer or DuckDbType.Date => typeof(int),
        DuckDbType.BigInt or DuckDbType.Timestamp or DuckDbType.TimestampS or DuckDbType.TimestampMs
            or DuckDbType.TimestampNs or DuckDbType.TimestampTz or DuckDbType.Time or DuckDbType.TimeNs => typeof(long),
        DuckDbType.UTinyInt => typeof(byte),
        DuckDbType.USmallInt => typeof(ushort),
        DuckDbType.UInteger => typeof(uint),
        DuckDbType.UBigInt or DuckDbType.TimeTz => typeof(ulong),
        DuckDbType.HugeInt or DuckDbType.Uuid => typeof(Int128),
        DuckDbType.UHugeInt => typeof(UInt128),
        DuckDbType.Float => typeof(float),
        DuckDbType.Double => typeof(double),
        DuckDbType.Interval => typeof(DuckDbInterval),
        DuckDbType.Decimal => PhysicalType(LogicalTypeInfo.Of(type.DecimalStorage)),
        DuckDbType.Enum => PhysicalType(LogicalTypeInfo.Of(type.EnumStorage)),
        _ => null,
    };

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowRowOutOfRange(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"The vector has {Length} rows.");
}
