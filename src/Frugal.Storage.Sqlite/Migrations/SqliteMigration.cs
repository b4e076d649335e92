namespace Frugal.Storage.Sqlite.Migrations;

/// <summary>
/// One numbered schema step of one database file (<c>Migrations/&lt;Schema&gt;/NNNN_name.sql</c>). Once shipped its SQL
/// is never edited: files out there already carry its version. A change is the next number.
/// </summary>
public sealed record SqliteMigration(int Version, string Name, string Sql)
{
    public override string ToString() => $"{Version:D4}_{Name}";
}
