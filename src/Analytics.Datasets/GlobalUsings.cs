// The binding this layer is built on (databases, connections, errors, SQL literals).
global using Analytics.DuckDb;
