namespace Frugal.Server.Endpoints.AdminKeys;

/// <summary>A per-key budget in a create or update body: <c>{"usd": 20, "window": "monthly"}</c> (window defaults to monthly).</summary>
public sealed class KeyBudgetBody
{
    public decimal Usd { get; set; }

    public string? Window { get; set; }
}
