// DuckDB.NET's C-API bindings (its public NativeMethods) under one short name: the parts it has no managed API for
// (data chunks, vectors, the chunk appender, table functions) are called through them.
global using Duck = DuckDB.NET.Native.NativeMethods;
