using System.Text;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;

namespace Frugal.Tests.Compression;

/// <summary>Compression through the official OpenAI SDK against the gateway and MockUpstream (which records what it received).</summary>
public sealed class CompressionFunctionalTests(CompressionFixture fixture) : IClassFixture<CompressionFixture>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private TestGateway Gateway => fixture.Gateway;

    [Fact]
    public async Task Selection_sends_the_relevant_passage_and_the_question_and_says_so_in_a_header()
    {
        var marker = Guid.NewGuid().ToString("N");
        var prompt = CompressionTexts.RetrievalPrompt() + " " + marker;

        var result = await Gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(prompt)]);

        var sent = UserText(Upstream(marker));
        Assert.Contains(CompressionTexts.Answer, sent, StringComparison.Ordinal);
        Assert.EndsWith(marker, sent, StringComparison.Ordinal);
        Assert.True(sent.Length * 3 < prompt.Length, $"{prompt.Length} chars became {sent.Length}");
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-frugal-compression", out var header));
        var counts = header!.Split("->");
        Assert.True(int.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture) > 3 * int.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture), header);
    }

    [Fact]
    public async Task Lossless_compaction_minifies_a_json_tool_result_and_leaves_code_blocks_alone()
    {
        var marker = Guid.NewGuid().ToString("N");
        var toolJson = JsonSerializer.Serialize(new { rows = Enumerable.Range(0, 60).Select(i => new { id = i, name = $"item  {i}", price = 1.5 + i }) }, Indented);
        const string code = "```python\ndef   spaced(x):\n        return   x\n```";
        var messages = new List<OpenAI.Chat.ChatMessage>
        {
            new UserChatMessage($"Look   up   the   items,   then   explain   this:\n{code}\n{marker}"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall("call-1", "lookup", BinaryData.FromString("{}"))]),
            new ToolChatMessage("call-1", toolJson),
        };

        await Gateway.ChatClient("claude-sonnet-4").CompleteChatAsync(messages); // the model rule: lossless only

        var body = Upstream(marker);
        Assert.Contains("Look up the items, then explain this:\n" + code, AllText(body), StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(body);
        var toolResult = FindToolResult(sent.RootElement);
        using var expected = JsonDocument.Parse(toolJson);
        using var actual = JsonDocument.Parse(toolResult);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement));
        Assert.DoesNotContain("\n", toolResult, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"item  3\"", toolResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_off_header_sends_the_prompt_exactly_as_written()
    {
        var marker = Guid.NewGuid().ToString("N");
        var prompt = CompressionTexts.RetrievalPrompt().Replace("Document", "Document   ", StringComparison.Ordinal) + " " + marker;
        using var response = await PostWithHeaderAsync(prompt, "off");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(prompt, UserText(Upstream(marker)));
        Assert.False(response.Headers.Contains("x-frugal-compression"));
    }

    [Fact]
    public async Task A_bad_compress_header_is_refused_before_any_upstream_call()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var response = await PostWithHeaderAsync("hello " + marker, "sometimes");

        var error = await OpenAIError.AssertAsync(response, 400, "invalid_compress_directive");
        Assert.Contains("x-frugal-compress", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Gateway.Mock.RecentRequests, r => r.Body.Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streaming_and_tools_work_as_before_while_the_prompt_is_compressed()
    {
        var marker = Guid.NewGuid().ToString("N");
        var prompt = CompressionTexts.RetrievalPrompt() + " " + marker + " [[chunks:4]]";
        var tool = ChatTool.CreateFunctionTool("lookup", "Looks   things   up   in   the   archive.", BinaryData.FromString("""{"type":"object","properties":{"q":{"type":"string","description":"a  query"}}}"""));
        var options = new ChatCompletionOptions { Tools = { tool } };
        var called = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in Gateway.ChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage(prompt)], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                called.Append(call.FunctionName);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("lookup", called.ToString()); // the mock calls the offered tool; the stream carries it as before
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        var body = Upstream(marker);
        Assert.True(UserText(body).Length * 3 < prompt.Length);
        using var sent = JsonDocument.Parse(body);
        var function = sent.RootElement.GetProperty("tools")[0].GetProperty("function");
        Assert.Equal("Looks   things   up   in   the   archive.", function.GetProperty("description").GetString());
        Assert.Equal("a  query", function.GetProperty("parameters").GetProperty("properties").GetProperty("q").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_ledger_records_tokens_before_and_after_the_saving_and_both_bodies()
    {
        var marker = Guid.NewGuid().ToString("N");
        var prompt = CompressionTexts.RetrievalPrompt() + " " + marker;

        await Gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(prompt)]);

        var row = Assert.Single(await LedgerRows.WaitForAsync(Gateway, 1, $"request_body LIKE '%{marker}%'"));
        var before = row.Long("compression_tokens_before");
        var after = row.Long("compression_tokens_after");
        Assert.True(before > 3 * after, $"{before} -> {after}");
        Assert.True(row.Long("saved_compression_nusd") > 0);
        Assert.Equal(row.Long("saved_compression_nusd"), row.Long("saved_nusd"));
        Assert.Contains(CompressionTexts.RetrievalPrompt()[..200], row.Text("request_body"), StringComparison.Ordinal);
        var compressed = row.Text("compressed_request_body")!;
        Assert.Contains(CompressionTexts.Answer, compressed, StringComparison.Ordinal);
        Assert.True(compressed.Length * 2 < row.Text("request_body")!.Length);
    }

    [Fact]
    public async Task History_reduction_keeps_the_sent_prefix_identical_across_turns_between_compaction_points()
    {
        var marker = Guid.NewGuid().ToString("N");
        var conversation = new List<OpenAI.Chat.ChatMessage> { new SystemChatMessage("You are terse. " + marker) };
        var filler = string.Concat(Enumerable.Repeat("more context words ", 60)); // ~180 tokens a turn
        var sentPrefixes = new List<string>();
        for (var turn = 0; turn < 24; turn++)
        {
            conversation.Add(new UserChatMessage($"turn {turn}: {filler}"));
            await Gateway.ChatClient("gpt-4o-mini").CompleteChatAsync(conversation, new ChatCompletionOptions(), CancellationToken.None);
            conversation.Add(new AssistantChatMessage($"ok {turn}"));
            var upstream = Gateway.Mock.RecentRequests.Last(r => r.Body.Contains(marker, StringComparison.Ordinal) && r.Body.Contains($"turn {turn}:", StringComparison.Ordinal));
            using var sent = JsonDocument.Parse(upstream.Body);
            var messages = sent.RootElement.GetProperty("messages");
            Assert.Equal("system", messages[0].GetProperty("role").GetString());
            Assert.Equal("user", messages[1].GetProperty("role").GetString());
            Assert.Contains($"turn {turn}:", messages[messages.GetArrayLength() - 1].GetProperty("content").GetString(), StringComparison.Ordinal);
            sentPrefixes.Add(messages[1].GetProperty("content").GetString()!);
        }

        // The first kept user turn (the compaction point) moves rarely, and only forward: the prefix the provider
        // caches is the same bytes on most consecutive calls.
        var moves = sentPrefixes.Zip(sentPrefixes.Skip(1)).Count(pair => pair.First != pair.Second);
        Assert.InRange(moves, 1, 4);
        Assert.StartsWith("turn 0:", sentPrefixes[0], StringComparison.Ordinal);
        Assert.DoesNotMatch("^turn 0:", sentPrefixes[^1]);
    }

    private async Task<HttpResponseMessage> PostWithHeaderAsync(string prompt, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-frugal-compress", header);
        return await Gateway.Http.SendAsync(request);
    }

    private string Upstream(string marker) => Gateway.Mock.RecentRequests.Last(r => r.Body.Contains(marker, StringComparison.Ordinal)).Body;

    private static string UserText(string body)
    {
        using var document = JsonDocument.Parse(body);
        var messages = document.RootElement.GetProperty("messages");
        for (var i = messages.GetArrayLength() - 1; i >= 0; i--)
        {
            if (messages[i].GetProperty("role").GetString() == "user")
            {
                return messages[i].GetProperty("content").ValueKind == JsonValueKind.String
                    ? messages[i].GetProperty("content").GetString()!
                    : messages[i].GetProperty("content")[0].GetProperty("text").GetString()!;
            }
        }

        throw new InvalidOperationException("no user message upstream");
    }

    /// <summary>Every text of the upstream body's messages (string content or text blocks), newline-joined.</summary>
    private static string AllText(string body)
    {
        using var document = JsonDocument.Parse(body);
        var text = new StringBuilder();
        foreach (var message in document.RootElement.GetProperty("messages").EnumerateArray())
        {
            if (!message.TryGetProperty("content", out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString()).Append('\n');
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (block.TryGetProperty("text", out var part) && part.ValueKind == JsonValueKind.String)
                    {
                        text.Append(part.GetString()).Append('\n');
                    }
                }
            }
        }

        return text.ToString();
    }

    private static string FindToolResult(JsonElement root)
    {
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            if (message.TryGetProperty("role", out var role) && role.GetString() == "tool")
            {
                return message.GetProperty("content").GetString()!;
            }

            // Anthropic's shape: a user message holding a tool_result block.
            if (message.GetProperty("content").ValueKind == JsonValueKind.Array)
            {
                foreach (var block in message.GetProperty("content").EnumerateArray())
                {
                    if (block.TryGetProperty("type", out var type) && type.GetString() == "tool_result")
                    {
                        var content = block.GetProperty("content");
                        return content.ValueKind == JsonValueKind.String ? content.GetString()! : content[0].GetProperty("text").GetString()!;
                    }
                }
            }
        }

        throw new InvalidOperationException("no tool result upstream");
    }
}
