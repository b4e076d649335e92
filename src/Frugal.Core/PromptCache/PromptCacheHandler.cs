using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Text;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.PromptCache;

/// <summary>
/// After routing and the budget reservation, once per attempt (the target's provider and model decide what applies):
/// <list type="bullet">
/// <item>Anthropic-kind targets: up to three <c>cache_control</c> markers on the attempt's copy — the stable prefix
///   (tools + system prompt) when it reaches the model's minimum and <see cref="PrefixLearning"/> says it is reused, the
///   previous call's end of a continuing conversation (a read), and the new end (a 5-minute write). A client that
///   placed its own markers keeps them and gets none added (mixing TTL orders is the client's call).</item>
/// <item>Models that take OpenAI's <c>prompt_cache_key</c>: a key from the tenant and the stable prefix's hash (spread
///   over a few keys, by conversation, when the prefix is hotter than one key's share), plus the catalogued extended
///   retention; a client's own key or retention wins.</item>
/// </list>
/// The client's request is restored after the attempt, so caches and the ledger see what the client sent.
/// </summary>
public sealed class PromptCacheHandler(
    IGatewayHandler inner,
    PromptCacheConfig config,
    IPromptPrefixStore store,
    PromptCacheCatalog catalog,
    TimeProvider time) : DelegatingGatewayHandler(inner)
{
    public const string AnthropicKind = "anthropic";
    public const string KeyField = "prompt_cache_key";
    public const string RetentionField = "prompt_cache_retention";

    /// <summary>The most keys one hot prefix is spread over.</summary>
    public const int MaxKeysPerPrefix = 8;

    /// <summary>How far back a continuing conversation's previous call may have ended (assistant turn, tool results, new turn).</summary>
    private const int TailLookback = 6;

    private const ulong TenantSeed = 0x70636163686531UL;

    /// <summary>Marked system-prompt contents by prefix hash and TTL: the big rewrite is done once per prefix, not per call.</summary>
    private const int MaxMarkedContents = 1024;

    private readonly SystemPromptHistory _systemPrompts = new();
    private readonly ConcurrentDictionary<(ulong Prefix, bool OneHour), JsonElement> _markedContents = new();

    public override async ValueTask<GatewayResult<ChatCompletion>> SendAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var original = request.Chat;
        var shaped = await ShapeAsync(request).ConfigureAwait(false);
        if (shaped is null)
        {
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            request.Chat = shaped;
            return await Inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Chat = original;
        }
    }

    public override async ValueTask<GatewayResult<ChatStream>> StreamAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var original = request.Chat;
        var shaped = await ShapeAsync(request).ConfigureAwait(false);
        if (shaped is null)
        {
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            request.Chat = shaped;
            return await Inner.StreamAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Chat = original;
        }
    }

    /// <summary>The attempt's request with markers or a key, or null to send the client's request unchanged.</summary>
    public async ValueTask<ChatCompletionRequest?> ShapeAsync(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Chat is not { Messages.Count: > 0 } chat
            || request.Features.Get<RoutingFeature>()?.Target is not { } target
            || config.ModeFor(request.RequestedModel, target.Provider.Name) != PromptCacheMode.Auto)
        {
            return null;
        }

        var feature = request.Features.GetOrAdd<PromptCacheFeature>();
        feature.StartAttempt();
        ChatCompletionRequest? changed = null;
        if (config.NormalizeToolOrder.Contains(request.RequestedModel) && ToolOrder.Canonical(chat) is { } sorted)
        {
            chat = changed = sorted;
        }

        var tenant = request.Tenant.Team ?? request.Tenant.KeyId;
        var shape = feature.Shape ??= PromptShape.Of(chat, StableHash.Hash(tenant, TenantSeed));
        var spec = catalog.Find(target.UpstreamModel, target.Model);
        var now = time.GetUtcNow();
        feature.Route = request.RequestedModel;
        feature.StableHash = shape.StableHash;
        if (shape.FirstSystemContent is { } system && feature.VariesAt < 0)
        {
            feature.VariesAt = _systemPrompts.Compare(tenant, request.RequestedModel, system);
        }

        if (feature.VariesAt >= 0 && spec?.InputUsdPerMillion is { } inputPrice && shape.StableTokens >= spec.MinTokens)
        {
            // The tokens after the change point could have been read from the cache at the read discount.
            var varyingTokens = Math.Max(0, shape.StableTokens - (feature.VariesAt / 4));
            feature.VaryingPrefixUsd = varyingTokens * inputPrice * spec.ReadSaving / 1_000_000m;
        }
        if (string.Equals(target.Provider.Kind, AnthropicKind, StringComparison.Ordinal))
        {
            return await MarkAsync(chat, shape, spec ?? PromptCacheSpec.UnknownBreakpointModel, target.UpstreamModel, feature, now).ConfigureAwait(false) ?? changed;
        }

        return spec is { CacheKey: true }
            ? await KeyAsync(chat, shape, spec, feature, now).ConfigureAwait(false) ?? changed
            : changed;
    }

    private async ValueTask<ChatCompletionRequest?> MarkAsync(
        ChatCompletionRequest chat, PromptShape shape, PromptCacheSpec spec, string model, PromptCacheFeature feature, DateTimeOffset now)
    {
        feature.Possible(shape.StableTokens, spec.MinTokens);
        if (shape.ClientMarkers > 0)
        {
            feature.ClientMarkers();
            return null;
        }

        var modelSeed = StableHash.Hash(model, TenantSeed);
        ChatCompletionRequest? copy = null;

        // 1. The stable prefix: tools + system prompt.
        var stableIndex = shape.StableEnd - 1;
        var stableMarkable = shape.StableHash != 0 && (stableIndex >= 0 ? AnthropicBreakpoints.CanMark(chat, stableIndex) : shape.ToolCount > 0);
        if (stableMarkable && shape.StableTokens >= spec.MinTokens)
        {
            var key = StableHash.Combine(shape.StableHash, modelSeed);
            var before = await store.ObserveAsync(key, now).ConfigureAwait(false);
            var decision = PrefixLearning.Decide(before, now, spec);
            feature.StableDecision(decision);
            if (decision.Marks)
            {
                copy = AnthropicBreakpoints.CopyForMarking(chat);
                if (stableIndex >= 0)
                {
                    AnthropicBreakpoints.MarkMessage(copy, stableIndex, decision.Ttl, MarkedStable(chat, shape, stableIndex, decision.Ttl));
                }
                else
                {
                    AnthropicBreakpoints.MarkLastTool(copy, decision.Ttl);
                }

                await store.RecordCacheAsync(key, now, decision.Ttl, decision.Action == PrefixAction.Write).ConfigureAwait(false);
            }
        }
        else if (shape.StableHash != 0)
        {
            feature.StableTooShort();
        }

        // 2. The conversation: a call that continues an earlier call (whose prompt ended a few messages back) reads
        // that end if it was marked, and marks its own end for the next call. Every call's end is remembered.
        var last = shape.MessageCount - 1;
        if (last >= shape.StableEnd && shape.TotalTokens >= spec.MinTokens && AnthropicBreakpoints.CanMark(chat, last))
        {
            var previous = -1;
            var previousState = default(PrefixSnapshot);
            for (var j = last - 1; j >= Math.Max(shape.StableEnd, last - TailLookback); j--)
            {
                previousState = await store.PeekAsync(StableHash.Combine(shape.MessageHashes[j], modelSeed)).ConfigureAwait(false);
                if (!previousState.IsNew)
                {
                    previous = j;
                    break;
                }
            }

            var tailKey = StableHash.Combine(shape.MessageHashes[last], modelSeed);
            await store.ObserveAsync(tailKey, now).ConfigureAwait(false);
            if (previous >= 0)
            {
                copy ??= AnthropicBreakpoints.CopyForMarking(chat);
                var readPrevious = previousState.CacheLive(now) && AnthropicBreakpoints.CanMark(chat, previous);
                if (readPrevious)
                {
                    AnthropicBreakpoints.MarkMessage(copy, previous, previousState.CacheTtl);
                    await store.RecordCacheAsync(StableHash.Combine(shape.MessageHashes[previous], modelSeed), now, previousState.CacheTtl, write: false).ConfigureAwait(false);
                }

                AnthropicBreakpoints.MarkMessage(copy, last, PrefixDecision.FiveMinutes);
                await store.RecordCacheAsync(tailKey, now, PrefixDecision.FiveMinutes, write: true).ConfigureAwait(false);
                feature.TailMarked(readPrevious);
            }
        }

        return copy;
    }

    private JsonElement MarkedStable(ChatCompletionRequest chat, PromptShape shape, int index, TimeSpan ttl)
    {
        var key = (shape.MessageHashes[index], ttl >= PrefixDecision.OneHour);
        if (_markedContents.TryGetValue(key, out var marked))
        {
            return marked;
        }

        if (_markedContents.Count >= MaxMarkedContents)
        {
            _markedContents.Clear(); // bounded; the next calls rebuild what they use
        }

        marked = AnthropicBreakpoints.MarkedContentOf(chat, index, ttl);
        _markedContents[key] = marked;
        return marked;
    }

    private async ValueTask<ChatCompletionRequest?> KeyAsync(ChatCompletionRequest chat, PromptShape shape, PromptCacheSpec spec, PromptCacheFeature feature, DateTimeOffset now)
    {
        feature.Possible(shape.StableTokens, spec.MinTokens);
        var extra = chat.Extra;
        var clientKey = extra?.ContainsKey(KeyField) == true;
        var retention = config.ExtendedRetention && spec.ExtendedRetention is { } extended && extra?.ContainsKey(RetentionField) != true ? extended : null;
        if (clientKey && retention is null)
        {
            feature.KeySet(byClient: true, null);
            return null;
        }

        var copy = chat.ShallowClone();
        copy.Extra = extra is null ? new Dictionary<string, JsonElement>(2) : new Dictionary<string, JsonElement>(extra);
        if (!clientKey)
        {
            var prefix = shape.StableHash != 0 ? shape.StableHash : shape.MessageHashes[0];
            var before = await store.ObserveAsync(prefix, now).ConfigureAwait(false);
            var keys = Math.Clamp((before.PreviousMinuteCount + config.RequestsPerKeyPerMinute - 1) / config.RequestsPerKeyPerMinute, 1, MaxKeysPerPrefix);
            var shard = keys > 1 ? (int)(shape.ConversationHash % (ulong)keys) : 0;
            var key = "frugal-" + prefix.ToString("x16", CultureInfo.InvariantCulture) + (shard > 0 ? "-" + shard.ToString(CultureInfo.InvariantCulture) : string.Empty);
            copy.Extra[KeyField] = JsonSerializer.SerializeToElement(key, Protocol.Json.ProtocolJson.Context.String);
        }

        if (retention is not null)
        {
            copy.Extra[RetentionField] = JsonSerializer.SerializeToElement(retention, Protocol.Json.ProtocolJson.Context.String);
        }

        feature.KeySet(clientKey, retention);
        return copy;
    }
}
