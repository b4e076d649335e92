using System.Text.Json;
using System.Text.Json.Nodes;

namespace Frugal.Cli.Demo;

/// <summary>
/// A generated, realistic workload (seeded, so every run is the same): an FAQ bot's repeated and
/// near-repeated questions, easy and hard one-off prompts, and long support conversations that
/// resend a large system prompt. MockUpstream is told (with its [[cached:N]] directive) to bill
/// the resent prefix as cached, as OpenAI's and Anthropic's prompt caches do for prefixes over
/// 1,024 tokens.
/// </summary>
public static class DemoWorkload
{
    private static readonly string[] FaqQuestions =
    [
        "How do I reset my password?",
        "What are your opening hours?",
        "How can I cancel my subscription?",
        "Do you ship to Canada?",
        "How do I change my billing address?",
        "Where can I download my invoice?",
        "What payment methods do you accept?",
        "How long does delivery take?",
    ];

    private static readonly string[] NearRepeatPrefixes = ["", "Hi! ", "Quick question: ", "hello, ", "Sorry to bother you - "];

    private static readonly string[] EasyPrompts =
    [
        "Translate 'good morning' into French.",
        "Summarise this sentence in five words: the meeting moved to Thursday at noon.",
        "Format this date as ISO 8601: March 3rd 2025.",
        "翻译成英文：今天天气很好。",
        "Fix the spelling: 'recieve the pakage tommorow'.",
    ];

    private static readonly string[] HardPrompts =
    [
        "Design a sharded rate limiter for a multi-region API gateway and explain the failure modes.",
        "Analyse the trade-offs between event sourcing and CRUD for an accounting system, with examples.",
        "Implement a lock-free ring buffer in C# and prove it is linearizable.",
        "设计一个支持百万并发的消息队列，并分析其一致性保证。",
        "Debug this: a Python service leaks memory only under HTTP/2 with gzip enabled. Where do you look first?",
    ];

    private static readonly string LongSystemPrompt = string.Join(' ', Enumerable.Repeat(
        "You are the support assistant of Acme Cloud. Follow the policy handbook: be accurate, cite the relevant policy section, never promise refunds beyond 30 days, escalate outages to the on-call engineer.", 40));

    public static IReadOnlyList<DemoRequest> Generate(int seed = 42)
    {
        var random = new Random(seed);
        var requests = new List<DemoRequest>();
        for (var i = 0; i < 120; i++)
        {
            var question = FaqQuestions[random.Next(FaqQuestions.Length)];
            var nearRepeat = random.Next(3) == 0 ? NearRepeatPrefixes[random.Next(NearRepeatPrefixes.Length)] : string.Empty;
            requests.Add(Chat("faq", "gpt-4o-mini", [("system", "You answer customer FAQs briefly."), ("user", nearRepeat + question)], stream: i % 4 == 0));
        }

        foreach (var prompt in EasyPrompts)
        {
            requests.Add(Chat("easy", "gpt-4o-mini", [("user", prompt)], stream: false));
        }

        foreach (var prompt in HardPrompts)
        {
            requests.Add(Chat("hard", "gpt-4o", [("user", prompt + " [[tokens:400]]")], stream: true));
        }

        for (var conversation = 0; conversation < 6; conversation++)
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

        return requests.OrderBy(_ => random.Next()).ToList();
    }

    private static DemoRequest Chat(string kind, string model, IEnumerable<(string Role, string Content)> messages, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray()),
        };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return new DemoRequest(kind, body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), stream);
    }
}
