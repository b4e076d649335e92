using System.Text.Json;

namespace Frugal.Core.Budgets.Config;

/// <summary>Writes a budget in its config shape (what <see cref="BudgetsConfigReader.ReadBudget"/> reads back).</summary>
public static class BudgetJson
{
    public static void Write(Utf8JsonWriter writer, BudgetDefinition budget)
    {
        writer.WriteStartObject();
        writer.WriteString("id", budget.Id);
        writer.WriteString("scope", BudgetDefinition.ScopeName(budget.Scope));
        writer.WriteString("subject", budget.Subject);
        writer.WriteString("window", budget.Window.ToString());
        writer.WriteNumber("usd", budget.LimitUsd);
        writer.WriteStartArray("thresholds");
        foreach (var threshold in budget.Thresholds)
        {
            writer.WriteStartObject();
            writer.WriteNumber("at", threshold.At);
            writer.WriteString("action", BudgetThreshold.ActionName(threshold.Action));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static string ToJson(BudgetDefinition budget)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, budget);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses a stored budget; null (with the problems) when it no longer validates.</summary>
    public static BudgetDefinition? Parse(string json, string source, out IReadOnlyList<Configuration.ConfigProblem> problems)
    {
        var reader = new Configuration.JsonConfigReader();
        using var document = JsonDocument.Parse(json);
        var budget = BudgetsConfigReader.ReadBudget(document.RootElement, "$", reader, source);
        problems = reader.Problems;
        return budget;
    }
}
