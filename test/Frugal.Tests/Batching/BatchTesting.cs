using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Frugal.Core.Admission;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Batching;

/// <summary>Batch files, keys, raw calls and waits shared by the batch tests.</summary>
public static class BatchTesting
{
    /// <summary>Fast coordinator for tests: ticks every 20 ms, provider batches polled every 50 ms.</summary>
    public const string FastBatches = """, "batches": { "tickMilliseconds": 20, "pollSeconds": 0.05, "maxPollSeconds": 0.2, "concurrency": 16 }""";

    public static string ChatLines(int count, string model = "gpt-4o-mini", string prefix = "req")
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$$"""{"custom_id":"{{{prefix}}}-{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"{{{model}}}","messages":[{"role":"user","content":"Question number {{{i}}}?"}],"max_tokens":50}}""");
            text.Append('\n');
        }

        return text.ToString();
    }

    public static async Task<string> KeyAsync(TestGateway gateway, string name, string? team = null)
        => (await VirtualKeys.CreateAsync(gateway.App.Services.GetRequiredService<IKeyStore>(), name, team, [], TimeProvider.System, CancellationToken.None)).Key;

    public static async Task<HttpResponseMessage> UploadAsync(TestGateway gateway, string key, string jsonl, string purpose = "batch")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(purpose), "purpose");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonl));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "batch.jsonl");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await gateway.Http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> SendAsync(TestGateway gateway, HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await gateway.Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads the lines and creates a batch; returns the batch id.</summary>
    public static async Task<string> SubmitAsync(TestGateway gateway, string key, string jsonl, string endpoint = "/v1/chat/completions")
    {
        var file = await JsonAsync(await UploadAsync(gateway, key, jsonl));
        var batch = await JsonAsync(await SendAsync(gateway, HttpMethod.Post, "/v1/batches", key,
            $$"""{"input_file_id":"{{file.GetProperty("id").GetString()}}","endpoint":"{{endpoint}}","completion_window":"24h"}"""));
        return batch.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> GetBatchAsync(TestGateway gateway, string key, string id)
        => await JsonAsync(await SendAsync(gateway, HttpMethod.Get, "/v1/batches/" + id, key));

    /// <summary>Polls the batch until it has <paramref name="status"/> (bounded; the coordinator ticks every 20 ms).</summary>
    public static Task<JsonElement> WaitForStatusAsync(TestGateway gateway, string key, string id, string status, int timeoutMs = 60_000)
        => Eventually.UntilAsync(() => GetBatchAsync(gateway, key, id), b => b.GetProperty("status").GetString() == status, TimeSpan.FromMilliseconds(timeoutMs));

    /// <summary>The lines of a Frugal file, parsed.</summary>
    public static async Task<List<JsonElement>> FileLinesAsync(TestGateway gateway, string key, string? fileId)
    {
        if (fileId is null)
        {
            return [];
        }

        var response = await SendAsync(gateway, HttpMethod.Get, $"/v1/files/{fileId}/content", key);
        Assert.Equal(200, (int)response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    public static string? Id(this JsonElement batch, string property)
        => batch.GetProperty(property).ValueKind == JsonValueKind.Null ? null : batch.GetProperty(property).GetString();

    public static int Count(this JsonElement batch, string counter) => batch.GetProperty("request_counts").GetProperty(counter).GetInt32();
}
