using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>
/// Drops the oldest turns of a long conversation, keeping the system prompt and the latest turns. The cut (the
/// compaction point) is deterministic from the messages themselves, so nothing is remembered per conversation: with
/// T the tokens after the system prompt, K the keep budget and S = threshold − K the step, the dropped prefix is the
/// shortest one that starts a user turn and holds at least ⌊(T − K)/S⌋·S tokens. That prefix depends only on earlier
/// messages, and the multiple of S changes only once per S tokens of growth: the reduced prefix the provider caches
/// stays byte-identical across later turns and is rewritten rarely, not on every call. Cuts fall only before a user
/// message, so an assistant's tool calls are never separated from their results, and the last user message stays.
/// </summary>
public static class HistoryReduction
{
    /// <summary>
    /// The end (exclusive) of the range [<paramref name="first"/>, cut) to drop, or <paramref name="first"/> for none.
    /// <paramref name="tokens"/>[i] is message i's token count.
    /// </summary>
    public static int CutIndex(IReadOnlyList<ChatMessage> messages, int first, IReadOnlyList<int> tokens, int thresholdTokens, int keepTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tokens);
        long total = 0;
        var lastUser = -1;
        for (var i = first; i < messages.Count; i++)
        {
            total += tokens[i];
            if (messages[i].Role == "user")
            {
                lastUser = i;
            }
        }

        if (total <= thresholdTokens || lastUser <= first)
        {
            return first;
        }

        var step = Math.Max(1, thresholdTokens - keepTokens);
        var drop = (total - keepTokens) / step * step;
        long dropped = 0;
        for (var i = first; i <= lastUser; i++)
        {
            if (i > first && dropped >= drop && messages[i].Role == "user")
            {
                return i;
            }

            dropped += tokens[i];
        }

        return first; // no user turn starts late enough: one huge turn is not cut
    }
}
