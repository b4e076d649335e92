using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Frugal.Cli.Demo;

/// <summary>Sends the workload through the gateway (4 at a time, like a few app servers) and keeps each outcome.</summary>
public static class DemoReplay
{
    public static async Task<IReadOnlyList<DemoOutcome>> RunAsync(HttpClient http, IReadOnlyList<DemoRequest> workload, CancellationToken cancellationToken, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(workload);
        var outcomes = new ConcurrentBag<DemoOutcome>();
        await Parallel.ForEachAsync(workload, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (request, ct) =>
        {
            using var content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            outcomes.Add(new DemoOutcome(
                request,
                (int)response.StatusCode,
                Header(response, "x-frugal-cache") ?? "none",
                Header(response, "x-frugal-request-id"),
                Header(response, "x-frugal-route"),
                request.Stream || !response.IsSuccessStatusCode ? null : AnswerText(body)));
            progress?.Report(outcomes.Count / (double)workload.Count);
        }).ConfigureAwait(false);
        return [.. outcomes];
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? AnswerText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
