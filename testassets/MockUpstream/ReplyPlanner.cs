using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>Turns a parsed request and its directives into the reply. Pure and deterministic.</summary>
internal static class ReplyPlanner
{
    private const int GistLength = 80;
    private const int ToolResultLength = 60;
    private const int MaxPaddedTokens = 1_000_000;

    // Short common words: each is one o200k token with its leading space, so padding is exact and cheap.
    private static readonly string[] Filler =
        [" the", " quick", " brown", " fox", " jumps", " over", " a", " lazy", " dog", " and", " runs", " far", " away"];

    public static ReplyPlan Plan(ChatTurn turn, Directives directives, ulong requestHash, bool anthropic, SimulatedCache? simulated = null)
    {
        var gist = Cut(DirectiveParser.Strip(turn.LastUserText).Trim(), GistLength);
        var idNumber = (requestHash % 1_000_000_000UL).ToString(CultureInfo.InvariantCulture);

        var choices = new ChoicePlan[turn.Choices];
        var completion = 0;
        if (turn.ToolToCall is { } toolName)
        {
            var arguments = "{\"input\":" + JsonString(gist) + "}";
            var tokens = TokenCounter.Count(toolName) + TokenCounter.Count(arguments);
            for (var i = 0; i < choices.Length; i++)
            {
                choices[i] = new ChoicePlan
                {
                    ToolCallId = (anthropic ? "toolu_mock_" : "call_mock_") + idNumber,
                    ToolName = toolName,
                    Arguments = arguments,
                    Tokens = tokens,
                    FinishReason = "tool_calls",
                };
                completion += tokens;
            }
        }
        else
        {
            var text = turn.LastIsToolResult
                ? $"Mock reply from {turn.Model}: tool said {Cut(turn.ToolResultText.Trim(), ToolResultLength)}"
                : directives.Reply ?? $"Mock reply from {turn.Model}: {gist}";
            if (directives.Tokens is int target)
            {
                text = Pad(text, Math.Min(target, MaxPaddedTokens));
            }

            for (var i = 0; i < choices.Length; i++)
            {
                var choiceText = i == 0 ? text : $"{text} (choice {i})";
                if (turn.JsonMode)
                {
                    choiceText = "{\"answer\":" + JsonString(choiceText) + "}";
                }

                var tokens = TokenCounter.Count(choiceText);
                var finish = "stop";
                if (turn.MaxTokens is int max && tokens > max)
                {
                    choiceText = TokenCounter.Prefix(choiceText, max, out tokens);
                    finish = "length";
                }

                choices[i] = new ChoicePlan { Text = choiceText, Tokens = tokens, FinishReason = finish };
                completion += tokens;
            }
        }

        var reasoning = Math.Max(0, directives.Reasoning ?? 0);
        var prompt = turn.PromptTokens;
        var useSimulation = simulated is not null && directives.Cached is null && directives.CacheWrite is null;
        var cached = Math.Clamp(useSimulation ? simulated!.Value.Read : directives.Cached ?? 0, 0, prompt);
        var cacheWrite = anthropic ? Math.Clamp(useSimulation ? simulated!.Value.Write : directives.CacheWrite ?? 0, 0, prompt - cached) : 0;
        return new ReplyPlan
        {
            IdSuffix = requestHash.ToString("x16", CultureInfo.InvariantCulture),
            Choices = choices,
            PromptTokens = prompt,
            CompletionTokens = completion + reasoning,
            ReasoningTokens = reasoning,
            CachedTokens = cached,
            CacheWriteTokens = cacheWrite,
            CacheWrite1hTokens = useSimulation && anthropic ? Math.Min(cacheWrite, simulated!.Value.Write1h) : 0,
        };
    }

    /// <summary>Makes <paramref name="text"/> exactly <paramref name="target"/> tokens: filler words appended, or cut.</summary>
    private static string Pad(string text, int target)
    {
        var have = TokenCounter.Count(text);
        if (have == target)
        {
            return text;
        }

        var sb = new StringBuilder(text, text.Length + (Math.Max(0, target - have) * 6));
        var word = 0;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // Every filler word is at least one token, so adding (target - have) words overshoots or hits;
            // the prefix cut then lands exactly on target. Extra rounds cover odd merges at the seam.
            for (var i = have; i < target; i++)
            {
                sb.Append(Filler[word++ % Filler.Length]);
            }

            var padded = TokenCounter.Prefix(sb.ToString(), target, out var count);
            if (count >= target)
            {
                return padded;
            }

            have = count;
        }

        return TokenCounter.Prefix(sb.ToString(), target, out _);
    }

    private static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        // Never split a surrogate pair: the half would become invalid JSON/UTF-8 downstream.
        if (char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    // Relaxed escaping: providers send non-ASCII as raw UTF-8, not \uXXXX.
    private static string JsonString(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
}
