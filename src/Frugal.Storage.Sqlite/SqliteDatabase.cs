using Frugal.Storage.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite;

/// <summary>
/// One SQLite file in the data directory, in WAL mode so that the gateway and the `frugal`
/// command can read and write it at the same time. Connections come from the provider's pool.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly Lock _schemaGate = new();
    private SqliteSchema? _schema;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Default,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>An open connection with a busy timeout, so concurrent writers wait instead of failing.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    /// <summary>
    /// Migrates the file to <paramref name="schema"/>'s latest version, once per instance: every store of a file calls
    /// this in its constructor instead of creating its own tables (see <see cref="SqliteSchemas"/> for which file owns
    /// which table). Throws <see cref="SqliteSchemaException"/> for a file newer than this build or of another schema.
    /// </summary>
    public void EnsureSchema(SqliteSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        lock (_schemaGate)
        {
            if (ReferenceEquals(_schema, schema))
            {
                return;
            }

            if (_schema is not null)
            {
                throw new SqliteSchemaException($"{Path} holds the {_schema.Name} schema; a {schema.Name} store cannot share it.");
            }

            SqliteMigrator.Migrate(this, schema);
            _schema = schema;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
