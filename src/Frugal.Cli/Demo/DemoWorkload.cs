using System.Text.Json;
using System.Text.Json.Nodes;
using Frugal.Tools.Caching;

namespace Frugal.Cli.Demo;

/// <summary>
/// A realistic workload (seeded, so every run is the same), interleaved:
/// FAQ traffic — 300 real Banking77 customer questions, 25 different wordings of each of 12 intents, never verbatim
/// repeats, for the exact and semantic caches; easy and hard one-off prompts sent to <c>auto</c>, for routing; and long
/// support conversations that resend a large system prompt, which the provider bills as cached from the second turn
/// (MockUpstream's [[cached:N]], as OpenAI's and Anthropic's prompt caches do for prefixes over 1,024 tokens).
/// </summary>
public static class DemoWorkload
{
    public const string FaqSystemPrompt = "You answer Acme Bank customer questions briefly.";

    private static readonly string[] EasyPrompts =
    [
        "Translate 'good morning' into French.",
        "Summarise this sentence in five words: the meeting moved to Thursday at noon.",
        "Format this date as ISO 8601: March 3rd 2025.",
        "翻译成英文：今天天气很好。",
        "Fix the spelling: 'recieve the pakage tommorow'.",
        "What is the capital of Portugal?",
        "Give me a synonym for 'quick'.",
        "Convert 12 km to miles.",
    ];

    private static readonly string[] HardPrompts =
    [
        "Design a sharded rate limiter for a multi-region API gateway and explain the failure modes step by step.",
        "Analyse the trade-offs between event sourcing and CRUD for an accounting system, compare consistency, auditability and cost.",
        "Implement a lock-free ring buffer in C# and prove it is linearizable.",
        "设计一个支持百万并发的消息队列，并分析其一致性保证和故障恢复策略。",
        "Debug this: a Python service leaks memory only under HTTP/2 with gzip enabled. Explain where you look first and why.",
        "Derive the time complexity of building a binary heap bottom-up and prove the bound.",
        "Compare Raft and Paxos for a geo-replicated database: leader election, latency, and failure handling.",
        "Architect a multi-tenant billing system with usage metering, explain the data model and the consistency guarantees.",
    ];

    private static readonly string LongSystemPrompt = string.Join(' ', Enumerable.Repeat(
        "You are the support assistant of Acme Cloud. Follow the policy handbook: be accurate, cite the relevant policy section, never promise refunds beyond 30 days, escalate outages to the on-call engineer.", 40));

    public static IReadOnlyList<DemoRequest> Generate(int seed = 42) => Generate(DemoFaqSample.Load(), seed);

    public static IReadOnlyList<DemoRequest> Generate(IReadOnlyList<LabelledText> faq, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(faq);
        var random = new Random(seed);
        var requests = new List<DemoRequest>();
        foreach (var question in faq)
        {
            requests.Add(Chat("faq", "gpt-4o-mini", [("system", FaqSystemPrompt), ("user", question.Text)], stream: false, question.Label));
        }

        foreach (var prompt in EasyPrompts)
        {
            requests.Add(Chat("easy", "auto", [("user", prompt)], stream: false));
        }

        foreach (var prompt in HardPrompts)
        {
            requests.Add(Chat("hard", "auto", [("user", prompt + " [[tokens:400]]")], stream: false));
        }

        for (var conversation = 0; conversation < 4; conversation++)
        {
            var turns = new List<(string Role, string Content)> { ("system", LongSystemPrompt) };
            var model = conversation % 2 == 0 ? "gpt-4o-mini" : "claude-sonnet-4";
            for (var turn = 0; turn < 8; turn++)
            {
                turns.Add(("user", $"Conversation {conversation}, message {turn}: my deployment in region {random.Next(1, 9)} returns error {random.Next(400, 599)}."));
                // From the second turn on the long prefix has been seen: the provider bills it as cached.
                var cachedHint = turn == 0 ? string.Empty : " [[cached:1024]]";
                var sent = turns.ToList();
                sent[^1] = (sent[^1].Role, sent[^1].Content + cachedHint);
                requests.Add(Chat("conversation", model, sent, stream: turn % 2 == 1));
                turns.Add(("assistant", $"Thanks, looking into region issue number {turn}."));
            }
        }

        return [.. requests.OrderBy(_ => random.Next())];
    }

    private static DemoRequest Chat(string kind, string model, IEnumerable<(string Role, string Content)> messages, bool stream, string? intent = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
        };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return new DemoRequest(kind, body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), stream, intent);
    }
}
