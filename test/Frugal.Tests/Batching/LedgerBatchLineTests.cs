using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Storage.Migrations;

namespace Frugal.Tests.Batching;

/// <summary>Ledger step 0008: a batch line is one row however often it is written, and the hourly rollups fold it once.</summary>
public sealed class LedgerBatchLineTests
{
    private static LedgerEntry Line(string requestId, string customId) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch.AddDays(20_000),
        RequestId = requestId,
        Endpoint = "batch",
        KeyId = "k1",
        Model = "gpt-4o-mini",
        Usage = new TokenUsage(100, 0, 0, 0, 10, 0),
        CostUsd = 0.001m,
        Savings = new Dictionary<SavingReason, decimal> { [SavingReason.Batch] = 0.001m },
        StatusCode = 200,
        Batched = true,
        BatchId = "batch_1",
        CustomId = customId,
    };

    [Fact]
    public async Task A_batch_line_written_again_is_skipped_and_its_rollups_are_not_doubled()
    {
        var path = Path.Combine(SqliteFixtures.NewDirectory(), "ledger.db");
        using var store = new SqliteLedgerStore(new SqliteDatabase(path));

        await store.WriteBatchAsync([Line("batch_1:a", "a"), Line("batch_1:b", "b")], CancellationToken.None);
        await store.WriteBatchAsync([Line("batch_1:a", "a")], CancellationToken.None);               // the same line after a restart
        await store.WriteBatchAsync([Line("other-request-id", "b")], CancellationToken.None);        // same (batch_id, custom_id), another request id

        Assert.Equal(2, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE batch_id = 'batch_1'"));
        Assert.Equal(2, SqliteFixtures.Scalar(path, "SELECT SUM(requests) FROM ledger_rollup_hourly WHERE dim = 'model'"));
        Assert.Equal(2_000_000, SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) FROM ledger_rollup_hourly WHERE dim = 'model'"));
    }

    [Fact]
    public void Step_8_adds_the_batch_columns_and_keeps_every_row()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var rows = SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger");

        using (new SqliteLedgerStore(new SqliteDatabase(path)))
        {
        }

        Assert.Equal(rows, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE batch_id IS NULL AND custom_id IS NULL"));
    }
}
