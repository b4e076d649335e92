using System.ClientModel;
using System.Net.Http.Headers;
using System.Text;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Functional;

/// <summary>Small helpers shared by the cache tests.</summary>
internal static class CacheTestHelpers
{
    public static string Outcome(ClientResult result)
        => result.GetRawResponse().Headers.TryGetValue("x-frugal-cache", out var value) ? value! : "(none)";

    public static string Header(ClientResult result, string name)
        => result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value! : "(none)";

    public static string Outcome(HttpResponseMessage response)
        => response.Headers.TryGetValues("x-frugal-cache", out var values) ? values.Single() : "(none)";

    public static string RequestId(ClientResult result) => Header(result, "x-frugal-request-id");

    /// <summary>Upstream chat calls whose body contains <paramref name="marker"/> (each test uses its own marker).</summary>
    public static int UpstreamCalls(TestGateway gateway, string marker)
        => gateway.Mock.RecentRequests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal) && r.Body.Contains(marker, StringComparison.Ordinal));

    public static async Task<HttpResponseMessage> PostChatAsync(TestGateway gateway, string json, string? cacheDirective = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (cacheDirective is not null)
        {
            request.Headers.Add("x-frugal-cache", cacheDirective);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await gateway.Http.SendAsync(request);
    }

    public static async Task<(string Text, ChatFinishReason? Finish, ChatTokenUsage? Usage)> StreamAsync(ChatClient client, string prompt, ChatCompletionOptions? options = null)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(prompt)], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        return (text.ToString(), finish, usage);
    }
}
