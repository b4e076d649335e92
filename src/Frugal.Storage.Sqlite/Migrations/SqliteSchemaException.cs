namespace Frugal.Storage.Sqlite.Migrations;

/// <summary>A database file this build cannot use as it is: newer than it knows, another schema's, or a failed step.</summary>
public sealed class SqliteSchemaException : InvalidOperationException
{
    public SqliteSchemaException(string message)
        : base(message)
    {
    }

    public SqliteSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SqliteSchemaException()
    {
    }
}
