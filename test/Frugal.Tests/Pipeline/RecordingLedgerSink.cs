using System.Collections.Concurrent;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Tests.Pipeline;

/// <summary>The ledger's queue, kept in memory: what a stage test's requests were recorded as.</summary>
public sealed class RecordingLedgerSink : ILedgerSink
{
    private readonly ConcurrentQueue<LedgerEntry> _entries = new();

    public IReadOnlyList<LedgerEntry> Entries => [.. _entries];

    public ValueTask EnqueueAsync(LedgerEntry entry)
    {
        _entries.Enqueue(entry);
        return ValueTask.CompletedTask;
    }
}
