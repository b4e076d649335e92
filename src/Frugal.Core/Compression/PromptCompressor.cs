using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Compression;

/// <summary>
/// Applies a request's techniques to a copy of its messages: history reduction, then lossless compaction, then
/// query-aware selection; then removes the client's markers. The stable prefix — the leading system/developer
/// messages — and the tool schemas are never touched (provider prompt caching keys on them). Selection works only on
/// the current turn (the messages after the last assistant message): earlier turns were compressed against another
/// question, and rewriting them now would change the cached prefix on every call. A technique that throws on a
/// message leaves that message as it was and is reported in <see cref="CompressionOutcome.Failed"/>.
/// </summary>
/// <remarks><paramref name="hybrid"/> is the selection used for settings with the <c>hybrid</c> scorer (null: BM25 for all).</remarks>
public sealed class PromptCompressor(ITokenCounter counter, QueryAwareSelection selection, QueryAwareSelection? hybrid = null)
{
    /// <summary>The per-message overhead OpenAI bills around each message's text.</summary>
    private const int MessageOverheadTokens = 4;

    public CompressionOutcome Compress(ChatCompletionRequest request, CompressionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var original = request.Messages;
        if (original is not { Count: > 0 })
        {
            return CompressionOutcome.NotCounted(request);
        }

        var texts = new List<string>[original.Count];
        long characters = 0;
        for (var i = 0; i < original.Count; i++)
        {
            texts[i] = MessageContent.Texts(original[i]);
            foreach (var text in texts[i])
            {
                characters += text.Length;
            }
        }

        // Two characters per token under-counts no real text: a prompt below that is too small to count exactly.
        if (settings.Techniques == CompressionTechniques.None || characters / 2 < settings.MinPromptTokens)
        {
            return HasMarkers(texts) ? StripMarkersOnly(request, texts) : CompressionOutcome.NotCounted(request);
        }

        var tokens = new int[original.Count];
        var before = 0;
        for (var i = 0; i < original.Count; i++)
        {
            tokens[i] = Count(texts[i]) + MessageOverheadTokens;
            before += tokens[i];
        }

        var prefix = StablePrefix(original);
        var current = new List<string>?[original.Count]; // changed texts per original index; null = unchanged
        var kept = new List<int>(original.Count);
        for (var i = 0; i < original.Count; i++)
        {
            kept.Add(i);
        }

        var applied = CompressionTechniques.None;
        var failed = CompressionTechniques.None;
        List<ChatMessage>? dropped = null;
        var large = before >= settings.MinPromptTokens;
        if (large && settings.Techniques.HasFlag(CompressionTechniques.History))
        {
            try
            {
                var cut = HistoryReduction.CutIndex(original, prefix, tokens, settings.HistoryThresholdTokens, settings.HistoryKeepTokens);
                if (cut > prefix)
                {
                    dropped = original.GetRange(prefix, cut - prefix);
                    kept.RemoveRange(prefix, cut - prefix);
                    applied |= CompressionTechniques.History;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed |= CompressionTechniques.History;
            }
        }

        if (large && settings.Techniques.HasFlag(CompressionTechniques.Lossless))
        {
            var duplicates = new DuplicateBlocks();
            for (var k = prefix; k < kept.Count; k++)
            {
                var i = kept[k];
                failed |= Apply(CompressionTechniques.Lossless, texts, current, i, text => duplicates.Drop(LosslessCompaction.Compact(text)), ref applied);
            }
        }

        if (large && settings.Techniques.HasFlag(CompressionTechniques.Select))
        {
            try
            {
                failed |= SelectCurrentTurn(original, texts, current, tokens, kept, prefix, settings, ref applied);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed |= CompressionTechniques.Select; // finding the question failed: the messages not yet selected stay as they were
            }
        }

        var after = 0;
        var result = new List<ChatMessage>(kept.Count);
        foreach (var i in kept)
        {
            var changed = current[i];
            if (changed is null && texts[i].Exists(CompressionMarkers.AnyIn))
            {
                changed = [.. texts[i]];
            }

            if (changed is null)
            {
                result.Add(original[i]);
                after += tokens[i];
                continue;
            }

            for (var t = 0; t < changed.Count; t++)
            {
                changed[t] = CompressionMarkers.Strip(changed[t]);
            }

            result.Add(MessageContent.WithTexts(original[i], changed));
            after += Count(changed) + MessageOverheadTokens;
        }

        if (applied == CompressionTechniques.None && result.Count == original.Count && after == before && !HasMarkers(texts))
        {
            return new CompressionOutcome(request, before, before, applied, failed);
        }

        var copy = request.ShallowClone();
        copy.Messages = result;
        return new CompressionOutcome(copy, before, after, applied, failed) { Dropped = dropped, DroppedAt = prefix };
    }

    /// <summary>
    /// <paramref name="outcome"/> with <paramref name="summary"/> as one system note where the dropped turns were (right
    /// after the stable prefix, so the note is part of the prefix a provider caches until the compaction point moves).
    /// </summary>
    public CompressionOutcome WithSummary(CompressionOutcome outcome, DroppedTurnSummary summary)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(summary);
        var text = DroppedTurnSummarizer.NotePrefix + summary.Text;
        var note = new ChatMessage { Role = "system", Content = System.Text.Json.JsonSerializer.SerializeToElement(text, Frugal.Protocol.Json.ProtocolJson.Context.String) };
        var messages = new List<ChatMessage>(outcome.Request.Messages!.Count + 1);
        messages.AddRange(outcome.Request.Messages);
        messages.Insert(Math.Min(outcome.DroppedAt, messages.Count), note);
        var copy = outcome.Request.ShallowClone();
        copy.Messages = messages;
        return outcome with { Request = copy, TokensAfter = outcome.TokensAfter + counter.CountTokens(text) + MessageOverheadTokens, Summary = summary };
    }

    /// <summary>Only the client's markers removed (compression is off or the prompt is small); tokens not counted.</summary>
    private static CompressionOutcome StripMarkersOnly(ChatCompletionRequest request, List<string>[] texts)
    {
        var messages = new List<ChatMessage>(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var message = request.Messages![i];
            if (!texts[i].Exists(CompressionMarkers.AnyIn))
            {
                messages.Add(message);
                continue;
            }

            var stripped = new List<string>(texts[i].Count);
            foreach (var text in texts[i])
            {
                stripped.Add(CompressionMarkers.Strip(text));
            }

            messages.Add(MessageContent.WithTexts(message, stripped));
        }

        var copy = request.ShallowClone();
        copy.Messages = messages;
        return CompressionOutcome.NotCounted(copy);
    }

    /// <summary>The leading system/developer messages: what the provider caches first; never changed.</summary>
    public static int StablePrefix(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prefix = 0;
        while (prefix < messages.Count && messages[prefix].Role is "system" or "developer")
        {
            prefix++;
        }

        return prefix;
    }

    private CompressionTechniques SelectCurrentTurn(List<ChatMessage> original, List<string>[] texts, List<string>?[] current, int[] tokens, List<int> kept, int prefix, CompressionSettings settings, ref CompressionTechniques applied)
    {
        var turnStart = prefix;
        var questionIndex = -1;
        for (var k = prefix; k < kept.Count; k++)
        {
            var role = original[kept[k]].Role;
            if (role == "assistant")
            {
                turnStart = k + 1;
            }
            else if (role == "user")
            {
                questionIndex = kept[k];
            }
        }

        if (questionIndex < 0)
        {
            return CompressionTechniques.None;
        }

        var questionTexts = current[questionIndex] ?? texts[questionIndex];
        var questionText = questionTexts.Count == 0 ? string.Empty : questionTexts[^1];
        var questionStart = QuestionStart(questionText, settings.MinPartTokens);
        var query = LexicalQuery.Parse(QuestionOf(questionText, questionStart));
        if (query.Count == 0)
        {
            return CompressionTechniques.None;
        }

        var eligibleTokens = 0L;
        for (var k = Math.Max(turnStart, prefix); k < kept.Count; k++)
        {
            var i = kept[k];
            if (original[i].Role is "user" or "tool")
            {
                eligibleTokens += tokens[i];
            }
        }

        var failed = CompressionTechniques.None;
        for (var k = Math.Max(turnStart, prefix); k < kept.Count; k++)
        {
            var i = kept[k];
            if (original[i].Role is not ("user" or "tool"))
            {
                continue;
            }

            var last = i == questionIndex;
            failed |= Apply(CompressionTechniques.Select, texts, current, i, text =>
            {
                var marked = text.Contains(CompressionMarkers.CompressOpen, StringComparison.Ordinal);
                var cut = last && !marked && ReferenceEquals(text, questionText) ? questionStart : text.Length;
                var body = cut == text.Length ? text : text[..cut];
                // The message's exact count scaled to the body: one tokenizer pass per prompt is the stage's main cost,
                // and selection re-counts what it kept anyway (and re-chooses when the scale was off).
                var bodyTokens = (int)Math.Ceiling(tokens[i] * (double)body.Length / Math.Max(1, Characters(texts[i])));
                if (!marked && bodyTokens < settings.MinPartTokens)
                {
                    return text;
                }

                var target = settings.TargetTokens is { } budget
                    ? (int)Math.Max(1, budget * (double)bodyTokens / Math.Max(1, eligibleTokens))
                    : (int)Math.Max(1, bodyTokens / settings.TargetRatio);
                var selected = Scorer(settings).Select(body, query, target, bodyTokens, counter);
                return cut == text.Length ? selected : selected + "\n\n" + text[cut..].TrimStart();
            }, ref applied);
        }

        return failed;
    }

    /// <summary>
    /// Where the question starts in the last user message: the whole message when it is short, else its last
    /// paragraph (the usual "documents…, then the question" layout). A message with compress markers is handled by
    /// the markers instead (everything outside them is kept and is the question).
    /// </summary>
    private static int QuestionStart(string text, int minPartTokens)
    {
        if (text.Contains(CompressionMarkers.CompressOpen, StringComparison.Ordinal) || text.Length < minPartTokens * 2)
        {
            return 0;
        }

        var trimmed = text.AsSpan().TrimEnd();
        var paragraph = trimmed.LastIndexOf("\n\n");
        if (paragraph < 0)
        {
            paragraph = trimmed.LastIndexOf('\n');
        }

        return paragraph < 0 || CharacterTokenEstimate.ForCharacters(paragraph) < minPartTokens ? 0 : paragraph;
    }

    private static string QuestionOf(string text, int start)
    {
        if (!text.Contains(CompressionMarkers.CompressOpen, StringComparison.Ordinal))
        {
            return text[start..];
        }

        var outside = new System.Text.StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf(CompressionMarkers.CompressOpen, position, StringComparison.Ordinal);
            outside.Append(text, position, (open < 0 ? text.Length : open) - position).Append(' ');
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf(CompressionMarkers.CompressClose, open, StringComparison.Ordinal);
            position = close < 0 ? text.Length : close + CompressionMarkers.CompressClose.Length;
        }

        return outside.ToString();
    }

    /// <summary>Runs one technique over each text of message <paramref name="i"/>; on an exception the message keeps its texts.</summary>
    private static CompressionTechniques Apply(CompressionTechniques technique, List<string>[] texts, List<string>?[] current, int i, Func<string, string> transform, ref CompressionTechniques applied)
    {
        var source = current[i] ?? texts[i];
        if (source.Count == 0)
        {
            return CompressionTechniques.None;
        }

        try
        {
            List<string>? changed = null;
            for (var t = 0; t < source.Count; t++)
            {
                var next = transform(source[t]);
                if (!ReferenceEquals(next, source[t]) && next != source[t])
                {
                    changed ??= [.. source];
                    changed[t] = next;
                }
            }

            if (changed is not null)
            {
                current[i] = changed;
                applied |= technique;
            }

            return CompressionTechniques.None;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return technique; // the message keeps what it had before this technique
        }
    }

    private QueryAwareSelection Scorer(CompressionSettings settings)
        => settings.Scorer == CompressionScorer.Hybrid && hybrid is not null ? hybrid : selection;

    private static int Characters(List<string> texts)
    {
        var characters = 0;
        foreach (var text in texts)
        {
            characters += text.Length;
        }

        return characters;
    }

    private static bool HasMarkers(List<string>[] texts)
    {
        foreach (var list in texts)
        {
            if (list.Exists(CompressionMarkers.AnyIn))
            {
                return true;
            }
        }

        return false;
    }

    private int Count(List<string> texts)
    {
        var total = 0;
        foreach (var text in texts)
        {
            total += counter.CountTokens(text);
        }

        return total;
    }
}
