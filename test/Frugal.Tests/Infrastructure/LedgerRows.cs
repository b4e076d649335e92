using Frugal.Core.Accounting.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Infrastructure;

/// <summary>Reads the real ledger.db a test gateway wrote, with plain SQL, for assertions.</summary>
public static class LedgerRows
{
    public static async Task FlushAsync(TestGateway gateway)
        => await gateway.App.Services.GetRequiredService<LedgerWriter>().FlushAsync(CancellationToken.None);

    public static async Task<List<Dictionary<string, object?>>> ReadAsync(string dataDir, string where = "1=1")
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, "ledger.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM ledger WHERE {where} ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Waits (bounded) until the ledger holds at least <paramref name="count"/> rows matching <paramref name="where"/>.</summary>
    public static Task<List<Dictionary<string, object?>>> WaitForAsync(TestGateway gateway, int count, string where = "1=1", int timeoutMs = 10_000)
        => Eventually.UntilAsync(
            async () =>
            {
                await FlushAsync(gateway);
                return await ReadAsync(gateway.DataDir, where);
            },
            rows => rows.Count >= count,
            TimeSpan.FromMilliseconds(timeoutMs));

    public static long Long(this Dictionary<string, object?> row, string column) => Convert.ToInt64(row[column], System.Globalization.CultureInfo.InvariantCulture);

    public static string? Text(this Dictionary<string, object?> row, string column) => row[column] as string;

    public static decimal? Usd(this Dictionary<string, object?> row, string column)
        => row[column] is null ? null : Frugal.Storage.Sqlite.NanoUsd.ToUsd(row.Long(column));
}
