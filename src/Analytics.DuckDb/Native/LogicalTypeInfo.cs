using System.Collections.Immutable;
using DuckDB.NET.Native;

namespace Analytics.DuckDb.Native;

/// <summary>
/// A managed copy of a <c>duckdb_logical_type</c>, read once per result column so that reading values needs no
/// further native type calls: the type id plus what nested and parameterised types need.
/// </summary>
internal sealed class LogicalTypeInfo
{
    private LogicalTypeInfo(DuckDbType id) => Id = id;

    public DuckDbType Id { get; }

    /// <summary>DECIMAL: total digits, digits after the point, and the integer type holding the value.</summary>
    public byte DecimalWidth { get; private init; }

    public byte DecimalScale { get; private init; }

    public DuckDbType DecimalStorage { get; private init; }

    /// <summary>ENUM: the integer type holding the index and the dictionary.</summary>
    public DuckDbType EnumStorage { get; private init; }

    public ImmutableArray<string> EnumValues { get; private init; } = [];

    /// <summary>ARRAY: the fixed length.</summary>
    public int ArraySize { get; private init; }

    /// <summary>LIST/ARRAY: one child (the element); MAP: one child STRUCT(key, value); STRUCT/UNION: the members
    /// (for UNION, index 0 is the tag, as the vector lays it out).</summary>
    public ImmutableArray<LogicalTypeInfo> Children { get; private init; } = [];

    public ImmutableArray<string> ChildNames { get; private init; } = [];

    /// <summary>SQL spelling, e.g. DECIMAL(18,3), VARCHAR[], STRUCT(a INTEGER).</summary>
    public string Name => Id switch
    {
        DuckDbType.Decimal => $"DECIMAL({DecimalWidth},{DecimalScale})",
        DuckDbType.List => $"{Children[0].Name}[]",
        DuckDbType.Array => $"{Children[0].Name}[{ArraySize}]",
        DuckDbType.Map => $"MAP({Children[0].Children[0].Name}, {Children[0].Children[1].Name})",
        DuckDbType.Struct => $"STRUCT({string.Join(", ", ChildNames.Select((n, i) => $"{n} {Children[i].Name}"))})",
        DuckDbType.Union => $"UNION({string.Join(", ", ChildNames.Skip(1).Select((n, i) => $"{n} {Children[i + 1].Name}"))})",
        _ => SimpleName(Id),
    };

    public static LogicalTypeInfo Of(DuckDbType id) => new(id);

    public static LogicalTypeInfo From(DuckDBLogicalType type)
    {
        var id = IdOf(Duck.LogicalType.DuckDBGetTypeId(type));
        return id switch
        {
            DuckDbType.Decimal => new LogicalTypeInfo(id)
            {
                DecimalWidth = Duck.LogicalType.DuckDBDecimalWidth(type),
                DecimalScale = Duck.LogicalType.DuckDBDecimalScale(type),
                DecimalStorage = IdOf(Duck.LogicalType.DuckDBDecimalInternalType(type)),
            },
            DuckDbType.Enum => new LogicalTypeInfo(id)
            {
                EnumStorage = IdOf(Duck.LogicalType.DuckDBEnumInternalType(type)),
                EnumValues = ReadEnumValues(type),
            },
            DuckDbType.List => new LogicalTypeInfo(id) { Children = [Child(Duck.LogicalType.DuckDBListTypeChildType(type))] },
            DuckDbType.Array => new LogicalTypeInfo(id)
            {
                Children = [Child(Duck.LogicalType.DuckDBArrayTypeChildType(type))],
                ArraySize = checked((int)Duck.LogicalType.DuckDBArrayVectorGetSize(type)),
            },
            DuckDbType.Map => MapOf(type),
            DuckDbType.Struct => StructOf(type),
            DuckDbType.Union => UnionOf(type),
            _ => new LogicalTypeInfo(id),
        };
    }

    private static LogicalTypeInfo Child(DuckDBLogicalType child)
    {
        using (child)
        {
            return From(child);
        }
    }

    private static ImmutableArray<string> ReadEnumValues(DuckDBLogicalType type)
    {
        var size = Duck.LogicalType.DuckDBEnumDictionarySize(type);
        var values = ImmutableArray.CreateBuilder<string>((int)size);
        for (var i = 0u; i < size; i++)
        {
            values.Add(Duck.LogicalType.DuckDBEnumDictionaryValue(type, i));
        }
        return values.MoveToImmutable();
    }

    // A MAP's vector is a LIST of STRUCT(key, value); mirror that so the reader walks it like a list.
    private static LogicalTypeInfo MapOf(DuckDBLogicalType type)
    {
        var entry = new LogicalTypeInfo(DuckDbType.Struct)
        {
            Children = [Child(Duck.LogicalType.DuckDBMapTypeKeyType(type)), Child(Duck.LogicalType.DuckDBMapTypeValueType(type))],
            ChildNames = ["key", "value"],
        };
        return new LogicalTypeInfo(DuckDbType.Map) { Children = [entry] };
    }

    private static LogicalTypeInfo StructOf(DuckDBLogicalType type)
    {
        var count = (int)Duck.LogicalType.DuckDBStructTypeChildCount(type);
        var children = new LogicalTypeInfo[count];
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = Duck.LogicalType.DuckDBStructTypeChildName(type, i);
            children[i] = Child(Duck.LogicalType.DuckDBStructTypeChildType(type, i));
        }
        return new LogicalTypeInfo(DuckDbType.Struct) { Children = [.. children], ChildNames = [.. names] };
    }

    private static LogicalTypeInfo UnionOf(DuckDBLogicalType type)
    {
        var count = (int)MissingMethods.duckdb_union_type_member_count(type);
        var children = new LogicalTypeInfo[count + 1];
        var names = new string[count + 1];
        children[0] = new LogicalTypeInfo(DuckDbType.UTinyInt);
        names[0] = "tag";
        for (var i = 0; i < count; i++)
        {
            names[i + 1] = MissingMethods.OwnedText(MissingMethods.duckdb_union_type_member_name(type, (ulong)i));
            children[i + 1] = Child(MissingMethods.duckdb_union_type_member_type(type, (ulong)i));
        }
        return new LogicalTypeInfo(DuckDbType.Union) { Children = [.. children], ChildNames = [.. names] };
    }

    /// <summary>DuckDB.NET's type ids carry the C API's values, as ours do.</summary>
    internal static DuckDbType IdOf(DuckDBType type) => (DuckDbType)(int)type;

    private static string SimpleName(DuckDbType id) => id switch
    {
        DuckDbType.TinyInt => "TINYINT",
        DuckDbType.SmallInt => "SMALLINT",
        DuckDbType.Integer => "INTEGER",
        DuckDbType.BigInt => "BIGINT",
        DuckDbType.UTinyInt => "UTINYINT",
        DuckDbType.USmallInt => "USMALLINT",
        DuckDbType.UInteger => "UINTEGER",
        DuckDbType.UBigInt => "UBIGINT",
        DuckDbType.HugeInt => "HUGEINT",
        DuckDbType.UHugeInt => "UHUGEINT",
        DuckDbType.TimestampS => "TIMESTAMP_S",
        DuckDbType.TimestampMs => "TIMESTAMP_MS",
        DuckDbType.TimestampNs => "TIMESTAMP_NS",
        DuckDbType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbType.TimeTz => "TIME WITH TIME ZONE",
        DuckDbType.TimeNs => "TIME_NS",
        DuckDbType.SqlNull => "NULL",
        _ => id.ToString().ToUpperInvariant(),
    };
}
