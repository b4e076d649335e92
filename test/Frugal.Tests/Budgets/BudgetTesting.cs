using System.ClientModel;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Budgets;

/// <summary>Helpers shared by the budget tests: a gateway with a budgets section, SDK calls that report 429s as values.</summary>
internal static class BudgetTesting
{
    public static Task<TestGateway> StartAsync(string budgetsJson, string extraJson = "", CapturedLogs? logs = null, TimeProvider? time = null)
        => TestGateway.StartAsync(extraJson: $", \"budgets\": {budgetsJson}{extraJson}", logs: logs, time: time);

    /// <summary>One non-streamed call through the official SDK: (HTTP status, error code or null, the result when it succeeded).</summary>
    public static async Task<(int Status, string? Code, ClientResult<ChatCompletion>? Result)> CallAsync(ChatClient client, string prompt, int? maxTokens = null)
    {
        try
        {
            var options = new ChatCompletionOptions { MaxOutputTokenCount = maxTokens };
            var result = await client.CompleteChatAsync([new UserChatMessage(prompt)], options);
            return (200, null, result);
        }
        catch (ClientResultException ex)
        {
            var body = ex.GetRawResponse()?.Content.ToString() ?? "{}";
            var code = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString();
            return (ex.Status, code, null);
        }
    }

    public static string Header(ClientResult result, string name)
        => result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value! : "(none)";
}
