using System.Globalization;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Reports;

namespace Frugal.Cli.Demo;

/// <summary>
/// The demo's closing report: what happened to each kind of traffic, then Frugal's own savings (each with the
/// baseline it is measured against) apart from the provider's prompt-cache discount, which a client gets with or
/// without a gateway and is therefore never counted as Frugal's.
/// </summary>
public static class DemoReport
{
    private static readonly SavingReason[] AlwaysShown = [SavingReason.Cache, SavingReason.SemanticCache, SavingReason.Routing];

    public static void PrintTraffic(TextWriter output, IReadOnlyList<DemoOutcome> outcomes, int rightHits, int wrongHits, decimal withdrawnUsd)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outcomes);
        var faq = outcomes.Where(o => o.Request.Kind == "faq").ToList();
        var intents = faq.Select(o => o.Request.Intent).Distinct(StringComparer.Ordinal).Count();
        var exact = faq.Count(o => o.CacheOutcome == "hit");
        var semantic = faq.Count(o => o.CacheOutcome == "semantic-hit");
        output.WriteLine(Invariant($"FAQ traffic: {faq.Count} Banking77 customer questions, {intents} intents, each worded differently (no verbatim repeats)"));
        output.WriteLine(Invariant($"  exact-cache hits     {exact,4}"));
        output.WriteLine(Invariant($"  semantic-cache hits  {semantic,4}  ({Percent(semantic, faq.Count)} of the FAQ; the first question of each intent can only miss)"));
        output.WriteLine(Invariant($"    right intent {rightHits}, wrong intent {wrongHits}: each wrong hit reported through /admin/cache/feedback, ${ReportFormatter.Money(withdrawnUsd)} of savings withdrawn"));

        var routed = outcomes.Where(o => o.Request.Kind is "easy" or "hard").ToList();
        output.WriteLine(Invariant($"auto routing: {routed.Count} one-off prompts ({routed.Count(o => o.Request.Kind == "easy")} easy, {routed.Count(o => o.Request.Kind == "hard")} hard)"));
        foreach (var kind in new[] { "easy", "hard" })
        {
            var tiers = routed.Where(o => o.Request.Kind == kind)
                .GroupBy(o => Field(o.Route, "tier") ?? "?", StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine(Invariant($"  {kind,-5} prompts classified {string.Join(", ", tiers)}"));
        }

        var downgraded = routed.Count(o => o.Route?.Contains("budget", StringComparison.Ordinal) == true);
        output.WriteLine(Invariant($"  moved to a cheaper tier by the budget's downgrade threshold: {downgraded}"));
        var conversation = outcomes.Where(o => o.Request.Kind == "conversation").ToList();
        output.WriteLine(Invariant($"Long conversations: {conversation.Count} turns resending a ~9,000-token system prompt (the provider caches the prefix)"));
    }

    public static void PrintSavings(TextWriter output, ReportRow total)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(total);
        var provider = total.SavedByReason.GetValueOrDefault(SavingReason.ProviderCache);
        var frugal = total.SavedUsd - provider;
        var wouldHaveCost = total.CostUsd + frugal;
        output.WriteLine("Frugal's own savings, each against its baseline:");
        foreach (var reason in Enum.GetValues<SavingReason>())
        {
            var usd = total.SavedByReason.GetValueOrDefault(reason);
            if (!SavingBaselines.IsFrugals(reason) || (usd == 0m && Array.IndexOf(AlwaysShown, reason) < 0))
            {
                continue;
            }

            output.WriteLine(Invariant($"  {ReportFormatter.ReasonName(reason),-16} ${ReportFormatter.Money(usd),-11} vs {SavingBaselines.Baseline(reason)}"));
        }

        output.WriteLine();
        output.WriteLine(Invariant($"  would have cost  ${ReportFormatter.Money(wouldHaveCost)}   (the same traffic straight to the providers, who still give their prompt-cache discount)"));
        output.WriteLine(Invariant($"  paid             ${ReportFormatter.Money(total.CostUsd)}"));
        output.WriteLine(Invariant($"  Frugal saved     ${ReportFormatter.Money(frugal)}   ({(wouldHaveCost == 0m ? "–" : (frugal / wouldHaveCost).ToString("P1", CultureInfo.InvariantCulture))})"));
        output.WriteLine();
        output.WriteLine(Invariant($"Not Frugal's: the provider's prompt-cache discount ${ReportFormatter.Money(provider)}"));
        output.WriteLine($"  ({SavingBaselines.Baseline(SavingReason.ProviderCache)}; not included above)");
    }

    /// <summary>A field of the x-frugal-route header ("auto; tier=fast; reason=…").</summary>
    private static string? Field(string? header, string name)
    {
        if (header is null)
        {
            return null;
        }

        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return part[(name.Length + 1)..];
            }
        }

        return null;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
