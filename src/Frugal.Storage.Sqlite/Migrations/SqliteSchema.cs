using System.Globalization;

namespace Frugal.Storage.Sqlite.Migrations;

/// <summary>
/// Every table of one database file, as its ordered migration steps. <see cref="ApplicationId"/> (SQLite's
/// <c>PRAGMA application_id</c>) marks a file as this schema's, so a ledger.db is never "upgraded" with cache.db's
/// steps; <c>PRAGMA user_version</c> is the number of the last step applied.
/// </summary>
public sealed class SqliteSchema
{
    private const string ResourcePrefix = "Frugal.Migrations/";

    public SqliteSchema(string name, int applicationId, IReadOnlyList<SqliteMigration> steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(steps);
        if (applicationId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(applicationId), "0 is what a file without an application id reads as");
        }

        if (steps.Count == 0)
        {
            throw new ArgumentException($"schema '{name}' has no migration steps", nameof(steps));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            // Versions are dense from 1: user_version = N then means "steps 1..N applied", nothing skipped.
            if (steps[i].Version != i + 1)
            {
                throw new ArgumentException($"schema '{name}': step {steps[i]} should be number {i + 1} (steps are numbered 1, 2, 3, ... with no gap)", nameof(steps));
            }
        }

        Name = name;
        ApplicationId = applicationId;
        Steps = steps;
    }

    /// <summary>The folder of its steps under Migrations/, e.g. "Ledger".</summary>
    public string Name { get; }

    public int ApplicationId { get; }

    public IReadOnlyList<SqliteMigration> Steps { get; }

    public int LatestVersion => Steps[^1].Version;

    /// <summary>The steps embedded from <c>Migrations/&lt;name&gt;/NNNN_step_name.sql</c>, in number order.</summary>
    public static SqliteSchema FromResources(string name, int applicationId)
    {
        var assembly = typeof(SqliteSchema).Assembly;
        var prefix = ResourcePrefix + name + "/";
        var steps = new List<SqliteMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = resource[prefix.Length..^".sql".Length];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            if (separator != 4 || !int.TryParse(file.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"migration '{resource}' is not named NNNN_name.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            steps.Add(new SqliteMigration(version, file[(separator + 1)..], reader.ReadToEnd()));
        }

        steps.Sort((a, b) => a.Version.CompareTo(b.Version));
        return new SqliteSchema(name, applicationId, steps);
    }

    public override string ToString() => Name;
}
