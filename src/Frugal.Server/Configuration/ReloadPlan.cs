using System.Text.Json.Nodes;

namespace Frugal.Server.Configuration;

/// <summary>
/// What a valid reload changes: the settings applied to the running gateway (<see cref="Live"/>, as JSON paths
/// without the <c>$.</c>), those that wait for a restart (<see cref="RestartNeeded"/>), and the document the gateway
/// runs on once the live part is applied: the running one with the live settings taken from the new file.
/// </summary>
public sealed record ReloadPlan(JsonObject Applied, IReadOnlyList<string> Live, IReadOnlyList<string> RestartNeeded)
{
    /// <summary>
    /// The settings a reload applies, by root key: null = the whole section; otherwise the keys of the section that
    /// are live. Everything else is sized, opened or started from the configuration at start (see README "Reloading"
    /// for each reason): data directory, listeners, TLS, auth, limits, logging, telemetry, ledger, Redis, cache
    /// backend/size/semantic index, budget storage, routing's breakers/sticky memory/shadow queue, and the privacy,
    /// compression, prompt-cache, deferral and batch stages with their shared state.
    /// </summary>
    private static readonly Dictionary<string, string[]?> LiveSettings = new(StringComparer.Ordinal)
    {
        ["models"] = null,
        ["providers"] = null,
        ["routes"] = null,
        ["prices"] = null,
        ["cache"] = ["ttlSeconds", "maxTemperature", "namespace", "keys", "models"],
        ["budgets"] = ["limits", "rateLimits", "onStoreUnavailable", "defaultMaxOutputTokens", "minOutputTokens", "unpricedModels"],
    };

    /// <summary>The root keys with a live part, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> LiveSections => LiveSettings.Keys;

    public static ReloadPlan Of(JsonObject running, JsonObject candidate)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(candidate);
        var applied = (JsonObject)running.DeepClone();
        var live = new List<string>();
        var restart = new List<string>();
        foreach (var section in ChangedKeys(running, candidate))
        {
            if (!LiveSettings.TryGetValue(section, out var liveKeys))
            {
                restart.Add(section);
            }
            else if (liveKeys is null)
            {
                Take(applied, section, candidate[section]);
                live.Add(section);
            }
            else if (running[section] is JsonObject before && candidate[section] is JsonObject after)
            {
                var target = (JsonObject)applied[section]!;
                foreach (var key in ChangedKeys(before, after))
                {
                    if (liveKeys.Contains(key, StringComparer.Ordinal))
                    {
                        Take(target, key, after[key]);
                        live.Add(section + "." + key);
                    }
                    else
                    {
                        restart.Add(section + "." + key);
                    }
                }
            }
            else
            {
                restart.Add(section); // the section appears or goes: that switches a feature on or off
            }
        }

        return new ReloadPlan(applied, live, restart);
    }

    /// <summary>Keys of an object whose values differ, sorted (values are compared as JSON, so reordered keys are no change).</summary>
    public static List<string> ChangedKeys(JsonObject running, JsonObject candidate)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(candidate);
        var changed = new List<string>();
        foreach (var (key, value) in candidate)
        {
            if (!JsonNode.DeepEquals(value, running[key]))
            {
                changed.Add(key);
            }
        }

        foreach (var (key, _) in running)
        {
            if (!candidate.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    private static void Take(JsonObject target, string key, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(key);
        }
        else
        {
            target[key] = value.DeepClone();
        }
    }
}
