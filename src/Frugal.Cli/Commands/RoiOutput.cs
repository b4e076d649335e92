using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Tools.SelfHosting;

namespace Frugal.Cli.Commands;

/// <summary>Renders a <see cref="RoiResult"/> as a table for people or JSON for scripts.</summary>
internal static class RoiOutput
{
    public static string Table(RoiResult r)
    {
        var i = r.Input;
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        string Row(string label, string value, string? why = null) => why is null ? $"  {label,-26}{value,16}" : $"  {label,-26}{value,16}   {why}";

        Line(Inv($"Self-hosting break-even: {i.ApiPrice.Model} vs {Gpus(i.Gpus)} at {Usd(i.GpuHourlyUsd)}/GPU-hour"));
        Line(string.Empty);
        Line(Inv($"Workload    {i.RequestsPerDay:N0} requests/day × ({i.InputTokens:N0} input + {i.OutputTokens:N0} output tokens), {i.CachedShare:0.#%} of input cached"));
        Line(Inv($"API prices  {Usd(i.ApiPrice.InputPerMillion)} input, {Usd(i.ApiPrice.CachedInputPerMillion)} cached input, {Usd(i.ApiPrice.OutputPerMillion)} output per 1M tokens ({(i.ApiPrice.Source.Length == 0 ? "catalog" : i.ApiPrice.Source)})"));
        Line(string.Empty);

        Line("Capacity (tokens = prompt + completion, per day)");
        Line(Row("needed", Inv($"{r.TokensPerDayNeeded:N0}"), Inv($"{i.RequestsPerDay:N0} × {i.InputTokens + i.OutputTokens:N0} tokens")));
        Line(Row("the GPUs serve", Inv($"{r.TokensPerDayCapacity:N0}"), Inv($"{i.Gpus} × {i.TokensPerSecondPerGpu:N0} tok/s × 86,400 s × {i.Utilization:0.#%} utilization")));
        Line(Row("GPUs the load needs", Inv($"{r.GpusNeeded:N0}"), r.CapacityShortfall ? Inv($"SHORTFALL: the configured capacity covers only {Share(r.TokensPerDayCapacity, r.TokensPerDayNeeded)} of the load") : Inv($"{Share(r.TokensPerDayNeeded, r.TokensPerDayCapacity)} of the configured capacity in use")));
        Line(string.Empty);

        Line(Inv($"Per month ({RoiCalculator.DaysPerMonth} days)"));
        Line(Row("API", Usd(r.ApiMonthlyUsd), Inv($"{Usd(r.ApiPerRequestUsd, 6)} a request")));
        Line(Row("self-hosted", Usd(r.SelfHostMonthlyUsd), Inv($"GPUs {Usd(r.GpuMonthlyUsd)} ({i.Gpus} × {Usd(i.GpuHourlyUsd)} × {RoiCalculator.HoursPerMonth} h, busy or idle) + ops {Usd(r.OpsMonthlyUsd)} ({i.OpsHoursPerMonth:0.##} h × {Usd(i.EngineeringRateUsd)})")));
        Line(Row(r.MonthlySavingUsd >= 0 ? "saving" : "extra cost", Usd(Math.Abs(r.MonthlySavingUsd)), r.MonthlySavingUsd >= 0 ? "self-hosting is cheaper" : "self-hosting is dearer"));
        if (r.CapacityShortfall)
        {
            Line(Row(Inv($"self-hosted on {r.GpusNeeded} GPUs"), Usd(r.SelfHostMonthlyAtGpusNeededUsd), "what serving the whole load would really cost"));
        }

        Line(string.Empty);
        Line(Row("one-off set-up", Usd(r.SetupUsd), Inv($"{i.EngineeringHours:0.##} h × {Usd(i.EngineeringRateUsd)}")));
        Line(Row("payback", Payback(r)));
        Line(Row("break-even volume", BreakEven(r), BreakEvenWhy(r)));
        Line(string.Empty);

        Line(Inv($"Over {i.Months} months"));
        Line(Row("API", Usd(r.ApiTotalUsd), Inv($"{i.Months} × monthly")));
        Line(Row("self-hosted", Usd(r.SelfHostTotalUsd), Inv($"set-up + {i.Months} × monthly")));
        Line(Row(r.HorizonSavingUsd >= 0 ? "saving" : "extra cost", Usd(Math.Abs(r.HorizonSavingUsd))));
        Line(string.Empty);
        Line(Verdict(r));
        Line("Throughput convention: --tokens-per-second is what ONE GPU processes at full load, prompt + completion tokens summed over concurrent requests (vLLM's \"total token throughput\"). Measure it with your own prompt/completion mix.");
        return text.ToString();
    }

    public static string Json(RoiResult r)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var i = r.Input;
            json.WriteStartObject();
            json.WriteStartObject("input");
            json.WriteString("api_model", i.ApiPrice.Model);
            json.WriteNumber("api_input_per_million", i.ApiPrice.InputPerMillion);
            json.WriteNumber("api_cached_input_per_million", i.ApiPrice.CachedInputPerMillion);
            json.WriteNumber("api_output_per_million", i.ApiPrice.OutputPerMillion);
            json.WriteNumber("requests_per_day", i.RequestsPerDay);
            json.WriteNumber("input_tokens", i.InputTokens);
            json.WriteNumber("output_tokens", i.OutputTokens);
            json.WriteNumber("cached_share", i.CachedShare);
            json.WriteNumber("gpu_hourly_usd", i.GpuHourlyUsd);
            json.WriteNumber("gpus", i.Gpus);
            json.WriteNumber("tokens_per_second_per_gpu", i.TokensPerSecondPerGpu);
            json.WriteNumber("utilization", i.Utilization);
            json.WriteNumber("engineering_hours", i.EngineeringHours);
            json.WriteNumber("engineering_rate_usd", i.EngineeringRateUsd);
            json.WriteNumber("ops_hours_per_month", i.OpsHoursPerMonth);
            json.WriteNumber("months", i.Months);
            json.WriteEndObject();
            json.WriteNumber("days_per_month", RoiCalculator.DaysPerMonth);
            json.WriteNumber("api_per_request_usd", r.ApiPerRequestUsd);
            json.WriteNumber("api_monthly_usd", Cents(r.ApiMonthlyUsd));
            json.WriteNumber("gpu_monthly_usd", Cents(r.GpuMonthlyUsd));
            json.WriteNumber("ops_monthly_usd", Cents(r.OpsMonthlyUsd));
            json.WriteNumber("self_host_monthly_usd", Cents(r.SelfHostMonthlyUsd));
            json.WriteNumber("monthly_saving_usd", Cents(r.MonthlySavingUsd));
            json.WriteNumber("setup_usd", Cents(r.SetupUsd));
            json.WriteNumber("tokens_per_day_needed", r.TokensPerDayNeeded);
            json.WriteNumber("tokens_per_day_capacity", Math.Round(r.TokensPerDayCapacity, 0));
            json.WriteNumber("gpus_needed", r.GpusNeeded);
            json.WriteBoolean("capacity_shortfall", r.CapacityShortfall);
            json.WriteNumber("self_host_monthly_at_gpus_needed_usd", Cents(r.SelfHostMonthlyAtGpusNeededUsd));
            WriteNullable(json, "payback_months", r.PaybackMonths is { } p ? Math.Round(p, 2) : null);
            WriteNullable(json, "break_even_requests_per_day", r.BreakEvenRequestsPerDay is { } b ? Math.Ceiling(b) : null);
            json.WriteNumber("max_requests_per_day", Math.Floor(Math.Min(r.MaxRequestsPerDay, 1e18m)));
            json.WriteBoolean("break_even_within_capacity", r.BreakEvenWithinCapacity);
            json.WriteNumber("api_total_usd", Cents(r.ApiTotalUsd));
            json.WriteNumber("self_host_total_usd", Cents(r.SelfHostTotalUsd));
            json.WriteNumber("horizon_saving_usd", Cents(r.HorizonSavingUsd));
            json.WriteString("verdict", Verdict(r));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The one sentence a reader came for, with the caveat that changes it.</summary>
    internal static string Verdict(RoiResult r)
    {
        var advice = r.CapacityShortfall
            ? Inv($" But {Gpus(r.Input.Gpus)} cannot serve this load: it needs {r.GpusNeeded}, at {Usd(r.SelfHostMonthlyAtGpusNeededUsd)} a month.")
            : r.GpusNeeded < r.Input.Gpus
                ? Inv($" The load needs only {Gpus(r.GpusNeeded)}: try --gpus {r.GpusNeeded}.")
                : string.Empty;
        if (r.PaybackMonths is not { } months)
        {
            var volume = r.BreakEvenRequestsPerDay is { } b && r.BreakEvenWithinCapacity
                ? Inv($" at this volume; on {Gpus(r.Input.Gpus)} self-hosting breaks even from {Math.Ceiling(b):N0} requests/day")
                : string.Empty;
            return Inv($"Verdict: stay on the API{volume}. Self-hosting costs {Usd(-r.MonthlySavingUsd)} more every month, so its set-up never pays back.{advice}");
        }

        var within = months <= r.Input.Months ? "within" : "beyond";
        return Inv($"Verdict: self-hosting saves {Usd(r.MonthlySavingUsd)} a month and pays back its set-up in {months:0.0} months ({within} the {r.Input.Months}-month horizon).{advice}");
    }

    private static string Payback(RoiResult r) => r.PaybackMonths is { } months ? Inv($"{months:0.0} months") : "never";

    private static string BreakEven(RoiResult r) => r.BreakEvenRequestsPerDay is { } b ? Inv($"{Math.Ceiling(b):N0} req/day") : "none";

    private static string BreakEvenWhy(RoiResult r)
    {
        if (r.BreakEvenRequestsPerDay is null)
        {
            return "the API costs nothing for this workload";
        }

        var max = Inv($"{Math.Floor(r.MaxRequestsPerDay):N0}");
        return r.BreakEvenWithinCapacity
            ? Inv($"where monthly costs are equal on {Gpus(r.Input.Gpus)}; they serve up to {max} req/day")
            : Inv($"NOT reachable: {Gpus(r.Input.Gpus)} can serve at most {max} req/day, so more GPUs (and cost) come first");
    }

    private static string Gpus(int count) => count == 1 ? "1 GPU" : Inv($"{count:N0} GPUs");

    private static string Share(decimal part, decimal whole) => whole == 0 ? "0%" : (part / whole).ToString("0.#%", CultureInfo.InvariantCulture);

    private static decimal Cents(decimal usd) => Math.Round(usd, 2, MidpointRounding.AwayFromZero);

    private static void WriteNullable(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Usd(decimal value, int decimals = 2) =>
        (value < 0 ? "-$" : "$") + Math.Abs(value).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
