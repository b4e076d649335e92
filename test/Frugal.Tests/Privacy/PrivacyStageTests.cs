using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Tests.Pipeline;

namespace Frugal.Tests.Privacy;

/// <summary>The privacy stage between the ledger and dispatch (StageHarness, FakeProvider): what goes in, what comes back, what is refused.</summary>
public sealed class PrivacyStageTests : IDisposable
{
    private const string Email = "li.wei@example.cn";
    private readonly StageHarness _harness = new();
    private readonly Recorder _seen = new();

    [Fact]
    public async Task The_provider_sees_placeholders_and_the_client_gets_the_values_back()
    {
        _harness.Provider.Pieces = ["Reply to <EMA", "IL_1> now", "."];
        var pipeline = Build(new PiiMasker(PiiScanner.Create(new PrivacyConfig()), TimeSpan.FromSeconds(5), TimeProvider.System));

        var answered = await pipeline.SendAsync(_harness.Request(stream: false, text: $"Write to {Email}"), CancellationToken.None);
        var opened = await pipeline.StreamAsync(_harness.Request(text: $"Write to {Email}"), CancellationToken.None);
        var streamed = new System.Text.StringBuilder();
        await using (var stream = opened.Value!)
        {
            await foreach (var chunk in stream.Chunks)
            {
                foreach (var choice in chunk.Parsed.Choices)
                {
                    streamed.Append(choice.Delta.Content);
                }
            }
        }

        Assert.Equal($"Reply to {Email} now.", answered.Value!.Response.Choices[0].Message.TextContent());
        Assert.Equal($"Reply to {Email} now.", streamed.ToString());
        Assert.All(_seen.Texts, text => Assert.Equal("Write to <EMAIL_1>", text));
        Assert.Equal(2, _seen.Texts.Count);
        Assert.All(_harness.Sink.Entries, entry => Assert.Equal("""{"EMAIL_ADDRESS":1}""", entry.PiiEntities));
    }

    [Fact]
    public async Task A_masker_that_throws_refuses_the_request_and_nothing_is_sent()
    {
        var pipeline = Build(new ThrowingMasker());

        var answered = await pipeline.SendAsync(_harness.Request(stream: false, text: $"Write to {Email}"), CancellationToken.None);
        var streamed = await pipeline.StreamAsync(_harness.Request(text: $"Write to {Email}"), CancellationToken.None);

        foreach (var error in new[] { answered.Error, streamed.Error })
        {
            Assert.NotNull(error);
            Assert.Equal(422, error.StatusCode);
            Assert.Equal("pii_masking_failed", error.Code);
            Assert.DoesNotContain(Email, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_seen.Texts);
        Assert.Equal(0, _harness.Provider.Sends + _harness.Provider.Streams);
        Assert.All(_harness.Sink.Entries, entry => Assert.Equal(422, entry.StatusCode));
    }

    [Fact]
    public async Task A_block_policy_names_the_types_never_the_values()
    {
        var config = new PrivacyConfig { Entities = new Dictionary<string, PiiAction> { ["CN_RESIDENT_ID"] = PiiAction.Block } };
        var pipeline = Build(new PiiMasker(PiiScanner.Create(config), TimeSpan.FromSeconds(5), TimeProvider.System), config);

        var answered = await pipeline.SendAsync(_harness.Request(stream: false, text: "身份证号码：11010519491231002X"), CancellationToken.None);

        Assert.Equal(400, answered.Error!.StatusCode);
        Assert.Equal("pii_blocked", answered.Error.Code);
        Assert.Contains("CN_RESIDENT_ID", answered.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", answered.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _harness.Provider.Sends);
    }

    private IGatewayHandler Build(IPiiMasker masker, PrivacyConfig? config = null)
    {
        config ??= new PrivacyConfig();
        var gateway = new GatewayConfig();
        var models = new ModelResolver(gateway);
        var routes = new RouteCatalog(gateway, models, new PriceBook(PriceCatalog.Embedded), _harness.Clock);
        var policies = new PrivacyPolicyResolver(config, models, routes);
        return _harness.Build(b => b
            .Use(inner => new PrivacyHandler(inner, masker, policies, new PrivacyInstruments(_harness.Metrics)))
            .Use(inner => new RecordingStage(inner, _seen)));
    }

    public void Dispose() => _harness.Dispose();

    private sealed class ThrowingMasker : IPiiMasker
    {
        public PiiMaskResult Mask(GatewayRequest request, PrivacyPolicy policy) => throw new InvalidOperationException("detector exploded");
    }

    /// <summary>What the stages inside privacy (and the provider) got as the user's text.</summary>
    private sealed class Recorder
    {
        public List<string> Texts { get; } = [];
    }

    private sealed class RecordingStage(IGatewayHandler inner, Recorder recorder) : CheckingGatewayHandler(inner)
    {
        protected override GatewayError? Check(GatewayRequest request)
        {
            lock (recorder)
            {
                recorder.Texts.Add(request.Chat!.Messages![0].TextContent());
            }

            return null;
        }
    }
}
