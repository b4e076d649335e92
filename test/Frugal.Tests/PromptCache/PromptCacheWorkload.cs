using System.ClientModel;
using System.Globalization;
using System.Text;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;

namespace Frugal.Tests.PromptCache;

/// <summary>
/// A support bot as an app would write it, with no cache fields: a ~3,000-token system prompt and four tool schemas,
/// ten conversations whose users take turns (round-robin, 15 s of fake time per call), each call either a new user
/// question, or a tool result after the model called a tool. Deterministic: the same calls every run.
/// </summary>
public static class PromptCacheWorkload
{
    public const int Conversations = 10;
    public const int CallsPerConversation = 20;
    public static readonly TimeSpan CallSpacing = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Providers for these tests with a generous timeout and no retries: on a slow shared machine a 2-second timeout
    /// would turn into a retry whose back-off waits on the fake clock. Addressed as provider/model (no models config).
    /// </summary>
    public const string Providers = """
        , "pc-anthropic": { "kind": "anthropic", "baseUrl": "{mockUrl}", "apiKeyEnv": "FRUGAL_TEST_PROVIDER_KEY", "timeoutSeconds": 60, "maxRetries": 0 }
        , "pc-openai": { "kind": "openai", "baseUrl": "{mockUrl}/v1", "apiKeyEnv": "FRUGAL_TEST_PROVIDER_KEY", "timeoutSeconds": 60, "maxRetries": 0 }
        """;

    private static readonly string[] Topics = ["late deliveries", "damaged parcels", "refunds", "address changes", "invoices", "subscriptions", "gift cards", "warranty claims"];

    public static string SystemPrompt(string? variant = null)
    {
        var text = new StringBuilder(variant);
        text.Append("You are the customer support assistant of Northwind Parcel. Follow every rule below exactly.\n");
        for (var i = 1; i <= 60; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Rule {i}. When a customer writes about {Topics[i % Topics.Length]}, check the account history first, ")
                .Append(CultureInfo.InvariantCulture, $"confirm the order number, quote policy section {i}.{i % 7} in plain words and keep the answer under 120 words. ")
                .Append(CultureInfo.InvariantCulture, $"Never promise a refund that section {i} does not allow; escalate when the customer mentions legal action or a third failure.\n");
        }

        return text.ToString();
    }

    public static ChatCompletionOptions Options()
    {
        var options = new ChatCompletionOptions();
        foreach (var (name, description) in new[]
        {
            ("lookup_order", "Find an order by its number and return its status, items, carrier and delivery estimate."),
            ("issue_refund", "Refund all or part of an order to the original payment method, within the policy limits."),
            ("escalate", "Hand the conversation to a human agent with a one-line summary and a priority."),
            ("search_help_center", "Search the help center articles and return the three best matches with their links."),
        })
        {
            options.Tools.Add(ChatTool.CreateFunctionTool(name, description, BinaryData.FromString(
                """{"type":"object","properties":{"input":{"type":"string","description":"What to look up or do, in the customer's words"},"order_number":{"type":"string"},"priority":{"type":"string","enum":["low","normal","high"]}},"required":["input"]}""")));
        }

        return options;
    }

    /// <summary>Runs the workload against <paramref name="model"/>; returns each response's <c>x-frugal-prompt-cache</c> (or null).</summary>
    public static async Task<List<string?>> RunAsync(TestGateway gateway, FakeTimeProvider clock, string model, string? systemVariant = null)
    {
        var client = gateway.ChatClient(model);
        var options = Options();
        var system = SystemPrompt(systemVariant);
        var histories = new List<List<ChatMessage>>();
        for (var c = 0; c < Conversations; c++)
        {
            histories.Add([new SystemChatMessage(system), new UserChatMessage($"Hello, this is customer {c}. My parcel {1000 + c} has not arrived.")]);
        }

        var headers = new List<string?>();
        for (var round = 0; round < CallsPerConversation; round++)
        {
            for (var c = 0; c < Conversations; c++)
            {
                var history = histories[c];
                var result = await client.CompleteChatAsync(history, options);
                var completion = result.Value;
                headers.Add(result.GetRawResponse().Headers.TryGetValue("x-frugal-prompt-cache", out var header) ? header : null);
                history.Add(new AssistantChatMessage(completion));
                if (completion.FinishReason == ChatFinishReason.ToolCalls)
                {
                    foreach (var call in completion.ToolCalls)
                    {
                        history.Add(new ToolChatMessage(call.Id, $"Order {1000 + c}: in transit with the regional carrier, round {round}, expected in two days."));
                    }
                }
                else
                {
                    history.Add(new UserChatMessage($"Thanks. Question {round} from customer {c}: can you also check {Topics[(round + c) % Topics.Length]}?"));
                }

                clock.Advance(CallSpacing);
            }
        }

        return headers;
    }
}
