using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Frugal.Tests.Accounting;

/// <summary>
/// The crash window under load (issue #12, finding 12): 64 concurrent clients hammer a real `frugal serve`
/// child process, which is killed with SIGKILL mid-burst. Every answer the clients received is compared
/// with the rows that reached ledger.db. With <c>ledger.commitBeforeAnswer</c> no answered request may be
/// missing; by default the loss is what was answered during the last commit, printed as a time window.
/// </summary>
public sealed class LedgerCrashUnderLoadTests(ITestOutputHelper output)
{
    private const int Connections = 64;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task With_commit_before_answer_a_SIGKILL_under_load_loses_no_answered_request()
    {
        var outcome = await KillUnderLoadAsync(""", "ledger": { "commitBeforeAnswer": true }""");
        output.WriteLine(outcome.Describe("commitBeforeAnswer"));
        Assert.True(outcome.Answered.Count > 200, $"the load did not get going: {outcome.Answered.Count} answers");
        Assert.Empty(outcome.Lost);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task By_default_a_SIGKILL_under_load_loses_only_the_last_commits_answers()
    {
        var outcome = await KillUnderLoadAsync("");
        output.WriteLine(outcome.Describe("default"));
        Assert.True(outcome.Answered.Count > 200, $"the load did not get going: {outcome.Answered.Count} answers");
        // What may be lost is what was answered while the last batch was being committed: the clients' answers
        // from the final moments. Every request answered more than a second before the kill must be there.
        var answeredEarly = outcome.Answered.Where(a => a.At < outcome.KilledAt - TimeSpan.FromSeconds(1)).ToList();
        Assert.NotEmpty(answeredEarly);
        Assert.All(answeredEarly, a => Assert.DoesNotContain(a.RequestId, outcome.Lost));
    }

    private static async Task<CrashOutcome> KillUnderLoadAsync(string extraConfig)
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "frugal-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await using var gateway = await GatewayProcess.StartAsync($$"""
            {
              "dataDir": "{{dir}}/data",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } }{{extraConfig}}
            }
            """);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections })
        {
            BaseAddress = gateway.BaseUri,
            Timeout = TimeSpan.FromSeconds(10),
        };

        var answered = new ConcurrentBag<Answer>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // bound, whatever happens
        var workers = Enumerable.Range(0, Connections).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 100_000; i++)
            {
                try
                {
                    using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Json($"worker {worker} call {i}"), stop.Token);
                    var body = await response.Content.ReadAsStringAsync(stop.Token); // answered = the whole body arrived
                    if (response.StatusCode == HttpStatusCode.OK && body.Length > 0)
                    {
                        answered.Add(new Answer(response.Headers.GetValues("x-frugal-request-id").Single(), clock.Elapsed));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    failures.Add($"{clock.Elapsed.TotalSeconds:0.00}s {ex.GetType().Name}: {ex.Message}");
                    return; // the gateway died under us, as intended
                }
            }
        })).ToList();

        // Load for 2.5 s after the first answers arrive (a cold process and test host take a while to get going).
        await Eventually.UntilAsync(() => answered.Count >= Connections, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the load itself: how long the gateway is under fire before the kill
        var killedAt = clock.Elapsed;
        await gateway.KillAsync(); // SIGKILL: no drain, no shutdown hooks
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var recorded = (await LedgerRows.ReadAsync(Path.Combine(dir, "data"))).Select(r => r.Text("request_id")).ToHashSet();
        var answers = answered.ToList();
        var lost = answers.Select(a => a.RequestId).Where(id => !recorded.Contains(id)).ToHashSet();
        return new CrashOutcome(answers, lost, killedAt, failures.Order(StringComparer.Ordinal).FirstOrDefault());
    }

    private static StringContent Json(string text)
        => new($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{text}}"}]}""", System.Text.Encoding.UTF8, "application/json");

    private sealed record Answer(string RequestId, TimeSpan At);

    private sealed record CrashOutcome(List<Answer> Answered, HashSet<string> Lost, TimeSpan KilledAt, string? FirstFailure)
    {
        public string Describe(string mode)
        {
            var lastSecond = Answered.Count(a => a.At > KilledAt - TimeSpan.FromSeconds(1));
            var window = lastSecond == 0 ? 0 : Lost.Count * 1000.0 / lastSecond;
            return $"{mode}: {Answered.Count} answered in {KilledAt.TotalSeconds:0.0} s at {Connections} connections, " +
                   $"{lastSecond} in the last second; lost after SIGKILL: {Lost.Count} answered requests (≈ {window:0.#} ms of traffic); first client failure: {FirstFailure}";
        }
    }
}
