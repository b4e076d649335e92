using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Storage.Sqlite;

/// <summary>Feedback on a cached answer (<see cref="ILedgerFeedback"/>): the row is marked, its cache saving voided.</summary>
public sealed partial class SqliteLedgerStore : ILedgerFeedback
{
    /// <summary>The <c>feedback</c> value of a row whose cached answer was reported wrong.</summary>
    public const string FeedbackWrong = "wrong";

    private static readonly int CacheSaving = Array.IndexOf(Reasons, SavingReason.Cache);
    private static readonly int SemanticSaving = Array.IndexOf(Reasons, SavingReason.SemanticCache);

    public ValueTask<decimal?> VoidCacheSavingAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);

        // On the writer's connection and under its gate: the row update and the rollup correction commit together,
        // and never interleave with a batch folding the same cells.
        lock (_writeGate)
        {
            _writer ??= new PreparedWriter(_database.Open());
            var connection = _writer.Connection;
            using var transaction = connection.BeginTransaction();
            RollupFacts before;
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {RollupColumns} FROM ledger WHERE request_id = $id AND feedback IS NULL";
                select.Parameters.AddWithValue("$id", requestId);
                using var reader = select.ExecuteReader();
                if (!reader.Read())
                {
                    return ValueTask.FromResult<decimal?>(null);
                }

                before = ReadRollupFacts(reader, []);
            }

            var voided = before.SavedByReasonNusd[CacheSaving] + before.SavedByReasonNusd[SemanticSaving];
            var savedAfter = (long[])before.SavedByReasonNusd.Clone();
            savedAfter[CacheSaving] = 0;
            savedAfter[SemanticSaving] = 0;
            var after = before with { SavedNusd = before.SavedNusd - voided, SavedByReasonNusd = savedAfter, SavingVoidedNusd = before.SavingVoidedNusd + voided };

            using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = $"""
                    UPDATE ledger SET feedback = $feedback, saving_voided_nusd = saving_voided_nusd + $voided, saved_nusd = saved_nusd - $voided,
                        {SavingColumn(SavingReason.Cache)} = 0, {SavingColumn(SavingReason.SemanticCache)} = 0
                    WHERE request_id = $id
                    """;
                update.Parameters.AddWithValue("$feedback", FeedbackWrong);
                update.Parameters.AddWithValue("$voided", voided);
                update.Parameters.AddWithValue("$id", requestId);
                update.ExecuteNonQuery();
            }

            var rollups = new LedgerRollups();
            rollups.Replace(before, after);
            rollups.Flush(_writer.RollupStatements, transaction);
            transaction.Commit();
            return ValueTask.FromResult<decimal?>(NanoUsd.ToUsd(voided));
        }
    }
}
