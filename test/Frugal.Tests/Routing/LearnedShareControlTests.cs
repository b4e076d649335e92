using Frugal.Core.Configuration.Live;
using Frugal.Core.Routing.Learned;
using Frugal.Core.Routing.Routes;
using Frugal.Tests.Infrastructure;
using Frugal.Tools.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Frugal.Tests.Routing;

/// <summary>
/// Through the real gateway and the OpenAI SDK: a learned route with <c>strongShare: 0.3</c> keeps
/// 30 % ± 5 points of shifted traffic on the strong model (the trained threshold would send almost
/// all of it), and its window survives a restart in the data directory.
/// </summary>
public sealed class LearnedShareControlTests : IDisposable
{
    private const int Window = 100;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-share-tests", Guid.NewGuid().ToString("N"));

    public LearnedShareControlTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Shifted_traffic_gets_the_configured_share_and_the_window_survives_a_restart()
    {
        var model = new RouterTrainer(new RouterTrainingOptions { Features = new RouterFeatureOptions { HashBits = 12 }, MaxParallelism = 1 })
            .Train(SyntheticRouterData.Create(600, seed: 1)).Model;
        var routerPath = Path.Combine(_dir, "router.json");
        model.Save(routerPath);
        var dataDir = Path.Combine(_dir, "data");
        var routes = $$"""
            , "routes": {
                "learned-share": { "strategy": "learned", "model": "{{routerPath.Replace("\\", "/", StringComparison.Ordinal)}}", "weak": "gpt-4o-mini", "strong": "claude-sonnet-4", "strongShare": 0.3, "shareWindow": {{Window}} }
              }
            """;

        // Traffic of another kind: only the hard topics, which the trained threshold sends to the strong model.
        var prompts = SyntheticRouterData.Create(2000, seed: 11).Where(e => e.StrongNeeded).Take(3 * Window).Select(e => e.Prompt).ToArray();
        var fixedShare = prompts.Count(model.RouteToStrong) / (double)prompts.Length;
        Assert.True(fixedShare > 0.6, $"the trained threshold sends {fixedShare:P0} strong");

        double thresholdBefore;
        await using (var gateway = await TestGateway.StartAsync(extraJson: routes, dataDir: dataDir))
        {
            var client = gateway.ChatClient("learned-share");
            var strong = new List<bool>();
            foreach (var prompt in prompts)
            {
                ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(prompt)]);
                strong.Add(completion.Model.StartsWith("claude", StringComparison.Ordinal));
            }

            var lastN = strong.Skip(Window).ToArray();
            var realised = lastN.Count(s => s) / (double)lastN.Length;
            Assert.InRange(realised, 0.25, 0.35);
            thresholdBefore = gateway.App.Services.GetRequiredService<ConfigGenerations>().Current.Get<RoutePlanner>().ShareController("learned-share")!.Threshold;
        }

        Assert.True(File.Exists(new RouterShareStore(dataDir).PathOf("learned-share")));
        await using (var restarted = await TestGateway.StartAsync(extraJson: routes, dataDir: dataDir))
        {
            var controller = restarted.App.Services.GetRequiredService<ConfigGenerations>().Current.Get<RoutePlanner>().ShareController("learned-share")!;
            Assert.Equal(thresholdBefore, controller.Threshold);
            Assert.NotEqual(model.Threshold, controller.Threshold);
        }
    }
}
