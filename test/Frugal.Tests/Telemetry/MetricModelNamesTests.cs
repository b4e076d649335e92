using System.Diagnostics.Metrics;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Server;

namespace Frugal.Tests.Telemetry;

/// <summary>Issue #12, finding 4: the model label's rule — the gateway's own vocabulary, everything else "other".</summary>
public sealed class MetricModelNamesTests
{
    private const string Config = """
        {
          "providers": { "mock": { "baseUrl": "http://127.0.0.1:9/v1" }, "anthropic": { "kind": "anthropic", "baseUrl": "http://127.0.0.1:9" } },
          "models": {
            "gpt-4o-mini": { "provider": "mock" },
            "house-model": { "provider": "mock", "upstreamModel": "house-upstream-v2" },
            "claude-sonnet-4": { "provider": "anthropic", "upstreamModel": "claude-sonnet-4-20250514" }
          },
          "routes": {
            "smart": { "targets": ["claude-sonnet-4", "mock/my-finetune", "gpt-4o-mini"] }
          }
        }
        """;

    private readonly MetricModelNames _names;

    public MetricModelNamesTests()
    {
        var loaded = ConfigLoader.Parse(Config, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        _names = new MetricModelNames(loaded.Config!, PriceBook.Create(loaded.Config!.Prices));
    }

    [Theory]
    [InlineData("gpt-4o-mini")]            // configured
    [InlineData("house-model")]            // configured, not in the catalog
    [InlineData("house-upstream-v2")]      // a configured model's upstream id
    [InlineData("smart")]                  // a route
    [InlineData("auto")]                   // the implicit route
    [InlineData("mock/my-finetune")]       // a model a route names
    [InlineData("gpt-4o")]                 // a catalog id
    [InlineData("mock/gpt-4o")]            // configured provider / catalog id
    [InlineData("anthropic/claude-sonnet-4-20250514")]
    public void Names_of_the_gateways_vocabulary_keep_their_label(string model)
        => Assert.Equal(model, _names.Label(model));

    [Theory]
    [InlineData("gpt-4o-nonexistent")]
    [InlineData("GPT-4O")]                 // priced case-insensitively, but labelled only as spelled in the catalog
    [InlineData("mock/gpt-4o-2031-01-01")] // priced after stripping the date, but a client can vary the date
    [InlineData("mock/anything")]          // provider/model passed through to the provider
    [InlineData("nosuch/gpt-4o")]
    [InlineData("mock/")]
    [InlineData("")]
    [InlineData("evil\r\n\0\"")]
    public void Any_other_name_is_other(string model)
        => Assert.Equal(MetricModelNames.Other, _names.Label(model));

    [Fact]
    public void A_hundred_thousand_distinct_unknown_names_make_one_label()
    {
        var labels = Enumerable.Range(0, 100_000).Select(i => _names.Label(i % 2 == 0 ? $"model-{i}" : $"mock/model-{i}")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal([MetricModelNames.Other], labels);
        Assert.Equal(MetricModelNames.None, _names.Label(null));
    }

    [Fact]
    public void Price_missing_is_counted_under_the_folded_name()
    {
        using var metrics = new FrugalMetrics(modelNames: _names);
        var seen = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "frugal.price_missing")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => seen.Add(tags[0].Value as string));
        listener.Start();

        metrics.RecordPriceMissing("house-upstream-v2");
        metrics.RecordPriceMissing("client-chosen-model-17");

        Assert.Equal(["house-upstream-v2", MetricModelNames.Other], seen);
    }
}
