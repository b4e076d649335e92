using System.Globalization;
using Frugal.Core.Accounting.Ledger;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>
/// What compression did to the request. Set by <see cref="CompressionHandler"/> before routing when it counted the
/// prompt; read by the ledger entry (tokens before/after, and the compressed body next to the original one when
/// bodies are kept) and by the <c>x-frugal-compression</c> response header (<see cref="HeaderValue"/>).
/// </summary>
public sealed class CompressionFeature(int tokensBefore, int tokensAfter, CompressionTechniques applied, ChatCompletionRequest? compressed) : ILedgerContribution
{
    public int TokensBefore { get; } = tokensBefore;

    public int TokensAfter { get; } = tokensAfter;

    public CompressionTechniques Applied { get; } = applied;

    /// <summary>What went upstream, when it differs from what the client sent.</summary>
    public ChatCompletionRequest? Compressed { get; } = compressed;

    /// <summary>The summary that replaced dropped history turns; its cost (0 from the cache) is added to the entry's cost.</summary>
    public DroppedTurnSummary? Summary { get; init; }

    /// <summary>"before->after" (ASCII), e.g. <c>8123->2010</c>.</summary>
    public string HeaderValue => string.Create(CultureInfo.InvariantCulture, $"{TokensBefore}->{TokensAfter}");

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.CompressionTokensBefore = TokensBefore;
        entry.CompressionTokensAfter = TokensAfter;
        entry.CompressedChat = Compressed;
        entry.CompressionSummaryUsd = Summary?.CostUsd;
    }
}
