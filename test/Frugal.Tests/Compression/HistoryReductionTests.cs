using Frugal.Core.Compression;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Compression;

public sealed class HistoryReductionTests
{
    private static readonly string Turn = string.Concat(Enumerable.Repeat("word ", 200)); // about 200 tokens

    [Fact]
    public void Below_the_threshold_nothing_is_dropped()
    {
        var messages = Conversation(turns: 3, withTools: false);

        Assert.Equal(1, HistoryReduction.CutIndex(messages, 1, Tokens(messages), thresholdTokens: 5000, keepTokens: 2500));
    }

    [Fact]
    public void Above_it_the_cut_falls_before_a_user_message_and_never_between_a_tool_call_and_its_result()
    {
        var messages = Conversation(turns: 30, withTools: true);
        var tokens = Tokens(messages);

        var cut = HistoryReduction.CutIndex(messages, 1, tokens, thresholdTokens: 4000, keepTokens: 2000);

        Assert.True(cut > 1);
        Assert.Equal("user", messages[cut].Role);
        var kept = messages.Skip(cut).ToList();
        var callIds = kept.Where(m => m.ToolCalls is not null).SelectMany(m => m.ToolCalls!).Select(c => c.Id).ToHashSet();
        Assert.All(kept.Where(m => m.Role == "tool"), result => Assert.Contains(result.ToolCallId, callIds));
        Assert.InRange(kept.Sum(m => tokens[messages.IndexOf(m)]), 2000, 4000);
    }

    [Fact]
    public void The_compaction_point_stays_put_while_the_conversation_grows_by_less_than_a_step()
    {
        var cuts = new List<int>();
        for (var turns = 10; turns <= 40; turns++)
        {
            var messages = Conversation(turns, withTools: false);
            cuts.Add(HistoryReduction.CutIndex(messages, 1, Tokens(messages), thresholdTokens: 3000, keepTokens: 1500));
        }

        var changes = cuts.Zip(cuts.Skip(1)).Count(pair => pair.First != pair.Second);
        Assert.True(changes <= 5, $"the cut moved {changes} times over 30 turns: {string.Join(",", cuts)}");
        Assert.Equal(cuts.Order(), cuts); // it only ever moves forward
    }

    private static List<ChatMessage> Conversation(int turns, bool withTools)
    {
        var messages = new List<ChatMessage> { CompressionTexts.Message("system", "You are terse.") };
        for (var t = 0; t < turns; t++)
        {
            messages.Add(CompressionTexts.Message("user", $"question {t} {Turn}"));
            if (withTools)
            {
                messages.Add(new ChatMessage { Role = "assistant", ToolCalls = [new ToolCall { Id = $"call-{t}", Type = "function", Function = new FunctionCall { Name = "lookup", Arguments = "{}" } }] });
                messages.Add(new ChatMessage { Role = "tool", ToolCallId = $"call-{t}", Content = CompressionTexts.Json($"result {t} {Turn}") });
            }

            messages.Add(CompressionTexts.Message("assistant", $"answer {t}"));
        }

        return messages;
    }

    private static int[] Tokens(List<ChatMessage> messages)
        => [.. messages.Select(m => O200kTokenCounter.Instance.CountTokens(m.TextContent()) + 4)];
}
