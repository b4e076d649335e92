using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Compression;

/// <summary>
/// One gateway with compression on for the functional tests: lossless + select + history for every model (small
/// thresholds so test prompts qualify), lossless only for claude-sonnet-4 (a model rule), bodies kept in the ledger.
/// </summary>
public sealed class CompressionFixture : IAsyncLifetime
{
    public const string Config = """
        , "compression": {
            "enabled": true, "techniques": ["lossless", "select", "history"], "targetRatio": 4,
            "minPromptTokens": 300, "minPartTokens": 200,
            "history": { "thresholdTokens": 3000, "keepTokens": 1500 },
            "models": { "claude-sonnet-4": { "techniques": ["lossless"] } }
          },
          "ledger": { "storeBodies": true }
        """;

    public TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync(extraJson: Config);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
