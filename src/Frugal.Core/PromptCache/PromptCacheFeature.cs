using System.Globalization;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Core.PromptCache;

/// <summary>
/// What the prompt-cache stage did on the request's last attempt. Set by <see cref="PromptCacheHandler"/> (once per
/// attempt, after routing); read by the response headers (<c>x-frugal-prompt-cache</c>) and the ledger entry (a
/// <c>prompt-cache:…</c> tag). The prompt's shape is computed on the first attempt and kept for failover attempts.
/// </summary>
public sealed class PromptCacheFeature : ILedgerContribution
{
    public const string HeaderName = "x-frugal-prompt-cache";

    /// <summary>The client's prompt as the stage hashed it (null until the first attempt that needed it).</summary>
    public PromptShape? Shape { get; set; }

    /// <summary>Markers the stage placed on the last attempt (client markers not counted).</summary>
    public int Breakpoints { get; private set; }

    /// <summary>The TTL of the stable prefix's marker, when it got one.</summary>
    public TimeSpan StableTtl { get; private set; }

    /// <summary>The learning rule's reason for the stable prefix: learning, write, read, unread, rare, short.</summary>
    public string? Stable { get; private set; }

    /// <summary>What happened to the conversation's tail: write, read+write, or null.</summary>
    public string? Tail { get; private set; }

    /// <summary>"set", "client" or null: OpenAI's prompt_cache_key.</summary>
    public string? Key { get; private set; }

    /// <summary>The extended retention the stage asked for, or null.</summary>
    public string? Retention { get; private set; }

    /// <summary>"client" when the client placed its own markers (they are kept; the stage adds none).</summary>
    public string? Note { get; private set; }

    /// <summary>Estimated tokens of the stable prefix and the model's minimum: the caching that was possible.</summary>
    public int StableTokens { get; private set; }

    public int MinTokens { get; private set; }

    /// <summary>The route (requested model) the prefix belongs to.</summary>
    public string? Route { get; set; }

    /// <summary>Hash of the stable prefix (tools + system prompt), 0 when there is none.</summary>
    public ulong StableHash { get; set; }

    /// <summary>Where the system prompt first differs from the route's previous one; -1 when it does not.</summary>
    public int VariesAt { get; set; } = -1;

    /// <summary>Estimated cache discount lost on this call because the system prompt varies (USD), or null.</summary>
    public decimal? VaryingPrefixUsd { get; set; }

    public void StartAttempt()
    {
        VaryingPrefixUsd = null;
        Breakpoints = 0;
        StableTtl = TimeSpan.Zero;
        Stable = Tail = Key = Retention = Note = null;
        StableTokens = MinTokens = 0;
    }

    public void Possible(int stableTokens, int minTokens)
    {
        StableTokens = stableTokens;
        MinTokens = minTokens;
    }

    public void StableDecision(PrefixDecision decision)
    {
        Stable = decision.Reason;
        if (decision.Marks)
        {
            Breakpoints++;
            StableTtl = decision.Ttl;
        }
    }

    public void StableTooShort() => Stable = "short";

    public void TailMarked(bool readPrevious)
    {
        Breakpoints += readPrevious ? 2 : 1;
        Tail = readPrevious ? "read+write" : "write";
    }

    public void KeySet(bool byClient, string? retention)
    {
        Key = byClient ? "client" : "set";
        Retention = retention;
    }

    public void ClientMarkers() => Note = "client";

    /// <summary>The header value, e.g. <c>bp=2;stable=read;ttl=5m;tail=write</c> or <c>key=set;retention=24h</c>; ASCII by construction.</summary>
    public string? HeaderValue()
    {
        if (Note is not null)
        {
            return "client-markers";
        }

        if (Key is not null)
        {
            return Retention is null ? "key=" + Key : "key=" + Key + ";retention=" + Retention;
        }

        if (Stable is null && Tail is null)
        {
            return null;
        }

        var value = "bp=" + Breakpoints.ToString(CultureInfo.InvariantCulture);
        if (Stable is not null)
        {
            value += ";stable=" + Stable;
        }

        if (StableTtl > TimeSpan.Zero)
        {
            value += StableTtl >= PrefixDecision.OneHour ? ";ttl=1h" : ";ttl=5m";
        }

        return Tail is null ? value : value + ";tail=" + Tail;
    }

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (HeaderValue() is { } value)
        {
            entry.AddTag("prompt-cache:" + value);
        }

        if (Route is { } route)
        {
            var prefix = VariesAt >= 0
                ? route + ": system prompt varies at char " + VariesAt.ToString(CultureInfo.InvariantCulture)
                : StableHash != 0 ? route + " #" + (StableHash >> 32).ToString("x8", CultureInfo.InvariantCulture) : route + ": no stable prefix";
            entry.PromptCache = new PromptCacheFacts(prefix, StableTokens, MinTokens, Breakpoints, VaryingPrefixUsd);
        }
    }
}
