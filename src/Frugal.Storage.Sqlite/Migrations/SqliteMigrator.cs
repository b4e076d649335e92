using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Frugal.Storage.Sqlite.Migrations;

/// <summary>
/// Brings a database file to its schema's latest version when it is opened. The version is SQLite's
/// <c>PRAGMA user_version</c> (in the file header, written by the same transaction as the steps, nothing to create
/// first and nothing a step could drop); <c>PRAGMA application_id</c> says which schema the file is. All pending steps
/// and both header fields are written in ONE <c>BEGIN IMMEDIATE</c> transaction: a failing step leaves the file exactly
/// as it was, and two processes opening the same file migrate it once (the second re-reads the version under the
/// write lock and finds nothing to do). A file without either field (written before versions existed) is adopted by
/// step 1, which is that schema written with IF NOT EXISTS, and only if it then has every column a new file would.
/// </summary>
public static class SqliteMigrator
{
    /// <summary>Applies the pending steps of <paramref name="schema"/> to <paramref name="database"/>; returns the version the file had.</summary>
    public static int Migrate(SqliteDatabase database, SqliteSchema schema)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(schema);
        using var connection = database.Open();
        var (version, applicationId) = ReadHeader(connection, null);
        Check(database, schema, version, applicationId);
        if (version == schema.LatestVersion)
        {
            return version;
        }

        using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock before reading
        (version, applicationId) = ReadHeader(connection, transaction);
        Check(database, schema, version, applicationId);
        if (version == schema.LatestVersion)
        {
            return version; // another process migrated it while this one waited for the lock
        }

        for (var i = version; i < schema.Steps.Count; i++)
        {
            var step = schema.Steps[i];
            try
            {
                Execute(connection, transaction, step.Sql);
            }
            catch (SqliteException ex)
            {
                throw new SqliteSchemaException(
                    $"{database.Path}: migration step {step} of the {schema.Name} schema failed, so no step was applied and the file stays at version {version}: {ex.Message}", ex);
            }
        }

        if (version == 0)
        {
            CheckAdopted(database, schema, connection, transaction);
        }

        Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA application_id = {schema.ApplicationId}; PRAGMA user_version = {schema.LatestVersion};"));
        transaction.Commit();
        return version;
    }

    /// <summary>The file's schema version (0: never migrated).</summary>
    public static int VersionOf(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        return ReadHeader(connection, null).Version;
    }

    private static void Check(SqliteDatabase database, SqliteSchema schema, int version, int applicationId)
    {
        if (version < 0 || (applicationId != schema.ApplicationId && (applicationId != 0 || version != 0)))
        {
            var owner = SqliteSchemas.All.FirstOrDefault(s => s.ApplicationId == applicationId)?.Name;
            throw new SqliteSchemaException(owner is not null
                ? $"{database.Path} holds Frugal's {owner} schema, not the {schema.Name} schema: is it the right file?"
                : $"{database.Path} does not hold Frugal's {schema.Name} schema (application_id {applicationId}, user_version {version}): is it the right file?");
        }

        if (version > schema.LatestVersion)
        {
            throw new SqliteSchemaException(
                $"{database.Path} has schema version {version}, newer than the {schema.LatestVersion} this Frugal build knows: it was written by a newer Frugal. " +
                "Run that version (or restore a backup of the file); a database is never downgraded.");
        }
    }

    /// <summary>
    /// A file written before versions is only stamped if it now has every column the steps give a new file:
    /// <c>CREATE TABLE IF NOT EXISTS</c> leaves an older table as it was, and stamping one that lacks a column would
    /// turn a clear refusal now into "no such column" at the first write, after later steps assumed it.
    /// </summary>
    private static void CheckAdopted(SqliteDatabase database, SqliteSchema schema, SqliteConnection connection, SqliteTransaction transaction)
    {
        using var scratch = new SqliteConnection("Data Source=:memory:");
        scratch.Open();
        using (var build = scratch.BeginTransaction())
        {
            foreach (var step in schema.Steps)
            {
                Execute(scratch, build, step.Sql);
            }

            build.Commit();
        }

        var present = Columns(connection, transaction);
        var missing = Columns(scratch, null).Where(column => !present.Contains(column)).ToList();
        if (missing.Count > 0)
        {
            throw new SqliteSchemaException(
                $"{database.Path} was written before schema versions and lacks {string.Join(", ", missing)}: the {schema.Name} schema cannot adopt it, " +
                "so it was left unversioned and unchanged.");
        }
    }

    /// <summary>Every column of every table as "table.column TYPE".</summary>
    private static HashSet<string> Columns(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT t.name || '.' || c.name || ' ' || c.type
            FROM sqlite_master AS t JOIN pragma_table_info(t.name) AS c
            WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
            ORDER BY t.name, c.cid
            """;
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static (int Version, int ApplicationId) ReadHeader(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = "PRAGMA application_id;";
        var applicationId = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return (version, applicationId);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
