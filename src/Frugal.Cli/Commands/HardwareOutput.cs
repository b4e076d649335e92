using System.Globalization;
using System.Text;
using System.Text.Json;
using Frugal.Tools.SelfHosting;

namespace Frugal.Cli.Commands;

/// <summary>Renders a <see cref="HardwareEstimate"/>: a detailed sheet for one weight format, a comparison for all.</summary>
internal static class HardwareOutput
{
    private const decimal BytesPerGB = 1_000_000_000m;

    public static string Table(HardwareEstimate estimate)
    {
        var input = estimate.Input;
        var shape = estimate.Shape;
        var text = new StringBuilder();
        text.AppendLine(Inv($"{ParameterCount.Format(input.Parameters)} parameters, context {input.Context:N0} tokens × batch {input.Batch:N0}, KV cache {input.KvCache.Name}"));
        text.AppendLine(estimate.ShapeEstimated
            ? Inv($"Shape: estimated from the nearest known dense model, {shape.Name}: {shape.Layers} layers, {shape.KvHeads} KV heads, head dim {shape.HeadDim} (override with --layers/--kv-heads/--head-dim)")
            : Inv($"Shape: as given: {shape.Layers} layers, {shape.KvHeads} KV heads, head dim {shape.HeadDim}"));
        text.AppendLine();
        if (estimate.Estimates.Count == 1)
        {
            Detailed(text, estimate, estimate.Estimates[0]);
        }
        else
        {
            Comparison(text, estimate);
        }

        text.AppendLine();
        text.AppendLine(Inv($"Assumptions: 1 GiB = 2^30 bytes (a \"24 GB\" card holds 24 GiB); activations and compute buffers = {HardwareEstimator.ActivationShare:0.#%} of the weights; {HardwareEstimator.RuntimePerDeviceGiB} GiB runtime (CUDA context, workspace) per device;"));
        text.AppendLine(Inv($"split across N cards, each card also loses {HardwareEstimator.TensorParallelLoss:0.#%} to tensor-parallel buffers; RAM keeps {HardwareEstimator.OsReserveGiB} GiB for the OS. GGUF bits/weight from llama.cpp's quantize README. A planning estimate (±10%): measure before buying."));
        return text.ToString();
    }

    public static string Json(HardwareEstimate estimate)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var input = estimate.Input;
            json.WriteStartObject();
            json.WriteNumber("parameters", input.Parameters);
            json.WriteNumber("context", input.Context);
            json.WriteNumber("batch", input.Batch);
            json.WriteString("kv_cache", input.KvCache.Name);
            json.WriteStartObject("shape");
            json.WriteString("based_on", estimate.Shape.Name);
            json.WriteBoolean("estimated", estimate.ShapeEstimated);
            json.WriteNumber("layers", estimate.Shape.Layers);
            json.WriteNumber("kv_heads", estimate.Shape.KvHeads);
            json.WriteNumber("head_dim", estimate.Shape.HeadDim);
            json.WriteEndObject();
            json.WriteStartArray("estimates");
            foreach (var e in estimate.Estimates)
            {
                json.WriteStartObject();
                json.WriteString("quant", e.Quant.Name);
                json.WriteNumber("bits_per_weight", e.Quant.BitsPerWeight);
                json.WriteNumber("weights_gib", GiB(e.WeightsBytes));
                json.WriteNumber("kv_cache_gib", GiB(e.KvCacheBytes));
                json.WriteNumber("activations_gib", GiB(e.ActivationBytes));
                json.WriteNumber("runtime_gib", GiB(e.RuntimeBytes));
                json.WriteNumber("total_gib", GiB(e.TotalBytes));
                json.WriteNumber("total_bytes", Math.Round(e.TotalBytes, 0));
                json.WriteStartArray("gpus");
                foreach (var gpu in e.Gpus)
                {
                    json.WriteStartObject();
                    json.WriteString("name", gpu.Card.Name);
                    json.WriteNumber("memory_gib", gpu.Card.MemoryGiB);
                    json.WriteNumber("cards_needed", gpu.CardsNeeded);
                    json.WriteNumber("tensor_parallel_cards", gpu.TensorParallelCards);
                    json.WriteBoolean("multi_node", gpu.MultiNode);
                    json.WriteBoolean("tight", gpu.IsTight);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("ram");
                foreach (var ram in e.Ram)
                {
                    json.WriteStartObject();
                    json.WriteNumber("size_gib", ram.SizeGiB);
                    json.WriteBoolean("fits", ram.Fits);
                    json.WriteNumber("spare_gib", Math.Round(ram.SpareGiB, 2));
                    json.WriteBoolean("tight", ram.IsTight);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Detailed(StringBuilder text, HardwareEstimate estimate, MemoryEstimate e)
    {
        var input = estimate.Input;
        var shape = estimate.Shape;
        text.AppendLine(Inv($"Memory for {e.Quant.Name} ({e.Quant.BitsPerWeight} bits/weight, {e.Quant.Note}){"",4}{"GiB",9}{"GB",9}"));
        Row(text, Inv($"weights      {ParameterCount.Format(input.Parameters)} × {e.Quant.BitsPerWeight} / 8 bytes"), e.WeightsBytes);
        Row(text, Inv($"KV cache     2 × {shape.Layers} × {shape.KvHeads} × {shape.HeadDim} × {input.Context} × {input.Batch} × {input.KvCache.BytesPerElement:0.####} bytes"), e.KvCacheBytes);
        Row(text, Inv($"activations  {HardwareEstimator.ActivationShare:0.#%} of weights"), e.ActivationBytes);
        Row(text, "runtime      CUDA context, workspace (per device)", e.RuntimeBytes);
        Row(text, "total on one device", e.TotalBytes);
        text.AppendLine();

        text.AppendLine("GPUs                    cards needed");
        foreach (var gpu in e.Gpus)
        {
            text.AppendLine(Inv($"  {gpu.Card.Name,-20}  {Cards(gpu)}"));
        }

        text.AppendLine();
        text.AppendLine(Inv($"CPU / unified RAM ({HardwareEstimator.OsReserveGiB} GiB kept for the OS)"));
        foreach (var ram in e.Ram)
        {
            text.AppendLine(Inv($"  {ram.SizeGiB,4} GB  {(ram.IsTight ? $"tight, only {ram.SpareGiB:0.0} GiB spare (under {HardwareEstimator.TightShare:0%})" : ram.Fits ? $"fits, {ram.SpareGiB:0.0} GiB spare" : $"no, {-ram.SpareGiB:0.0} GiB short")}"));
        }
    }

    private static void Comparison(StringBuilder text, HardwareEstimate estimate)
    {
        var header = new[] { "quant", "bits/w", "weights GiB", "KV GiB", "total GiB", "smallest single GPU", "24 GB cards", "80 GB cards", "smallest RAM" };
        var rows = estimate.Estimates.Select(e => new[]
        {
            e.Quant.Name,
            Inv($"{e.Quant.BitsPerWeight:0.00}"),
            Inv($"{GiB(e.WeightsBytes):N1}"),
            Inv($"{GiB(e.KvCacheBytes):N1}"),
            Inv($"{GiB(e.TotalBytes):N1}"),
            SmallestSingle(e),
            Cards(e.Gpus.First(g => g.Card.MemoryGiB == 24m)),
            Cards(e.Gpus.First(g => g.Card.MemoryGiB == 80m)),
            e.SmallestRamGiB is { } ram ? Inv($"{ram} GB") : "> 512 GB",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        AppendRow(text, header, widths);
        AppendRow(text, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        text.AppendLine();
        text.AppendLine("Add --quant NAME for the full list of GPUs and RAM sizes for one format.");
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            // Text columns left-aligned, numbers right-aligned, as people scan them.
            var numeric = i is >= 1 and <= 4;
            var last = i == cells.Length - 1;
            text.Append(numeric ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]));
            text.Append(last ? string.Empty : "  ");
        }

        text.AppendLine();
    }

    private static void Row(StringBuilder text, string label, decimal bytes) =>
        text.AppendLine(Inv($"  {label,-62}{GiB(bytes),9:N2}{bytes / BytesPerGB,9:N2}"));

    private static string Cards(GpuFit gpu) => gpu switch
    {
        { IsTight: true } => Inv($"1 (tight: {gpu.SpareGiB:0.0} GiB spare, under {HardwareEstimator.TightShare:0%})"),
        { FitsOnOne: true } => "1 (fits)",
        { MultiNode: true } => Inv($"{gpu.CardsNeeded} (more than one 8-GPU server)"),
        _ when gpu.TensorParallelCards != gpu.CardsNeeded => Inv($"{gpu.CardsNeeded} (tensor parallel: {gpu.TensorParallelCards})"),
        _ => Inv($"{gpu.CardsNeeded}"),
    };

    private static string SmallestSingle(MemoryEstimate e)
    {
        GpuFit? smallest = null;
        foreach (var gpu in e.Gpus)
        {
            if (gpu.FitsOnOne && (smallest is null || gpu.Card.MemoryGiB < smallest.Card.MemoryGiB))
            {
                smallest = gpu;
            }
        }

        return smallest is null ? "none" : smallest.IsTight ? smallest.Card.Name + " (tight)" : smallest.Card.Name;
    }

    private static decimal GiB(decimal bytes) => Math.Round(bytes / HardwareEstimator.BytesPerGiB, 2);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
