using Frugal.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Frugal.Tests.Storage.Migrations;

/// <summary>Copies of the committed fixture databases in a fresh temp directory, plus small helpers over raw SQLite.</summary>
public static class SqliteFixtures
{
    public static readonly string[] Files = ["ledger.db", "frugal.db", "cache.db"];

    /// <summary>The directory holding fresh copies of Fixtures/Sqlite/<paramref name="version"/> (never the committed files).</summary>
    public static string CopyOf(string version)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Sqlite", version);
        var target = NewDirectory();
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every table's and index's columns as "table: col type notnull default pk", for comparing two files' schemas.</summary>
    public static IReadOnlyList<string> Shape(SqliteDatabase database)
    {
        using var connection = database.Open();
        var objects = new List<(string Type, string Name)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY type, name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                objects.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var shape = new List<string>();
        foreach (var (type, name) in objects)
        {
            using var info = connection.CreateCommand();
            info.CommandText = type == "table" ? $"PRAGMA table_info({name})" : $"PRAGMA index_xinfo({name})";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                }

                shape.Add($"{type} {name}: {string.Join(" ", fields)}");
            }
        }

        return shape;
    }
}
