namespace Frugal.Tools.SelfHosting;

/// <summary>The weight formats <c>frugal roi hardware</c> knows, most precise first.</summary>
public static class QuantTable
{
    /// <summary>
    /// GGUF k-quants are mixes (attention and output tensors get more bits than the rest), so their
    /// effective bits per weight come from measured files, not from the name. The figures are those in
    /// llama.cpp's tools/quantize/README.md, rounded: its Llama-2-7B table gives Q2_K 3.35, Q3_K_M 3.91,
    /// Q4_K_M 4.84, Q5_K_M 5.68, Q6_K 6.56 and its Llama-3.1-8B table Q4_K_M 4.89, Q5_K_M 5.70,
    /// Q6_K 6.56, Q8_0 8.50 (Q8_0 is 32 int8 weights + one fp16 scale = 34 bytes per 32 weights, exactly).
    /// The mix shifts a little with the model, so these are ±2% figures, good enough to choose hardware.
    /// </summary>
    public static IReadOnlyList<QuantLevel> All { get; } =
    [
        new("fp16", 16m, "fp16/bf16, unquantised"),
        new("int8", 8m, "8-bit weights (bitsandbytes/FP8-style), scales ignored"),
        new("Q8_0", 8.50m, "GGUF, llama.cpp"),
        new("Q6_K", 6.56m, "GGUF, llama.cpp"),
        new("Q5_K_M", 5.69m, "GGUF, llama.cpp"),
        new("Q4_K_M", 4.85m, "GGUF, llama.cpp"),

        // AWQ/GPTQ at group size 128 store an fp16 scale and a zero point per group plus some layers
        // (embeddings, lm_head) in fp16: about half a bit per weight over the nominal 4.
        new("int4", 4.5m, "4-bit AWQ/GPTQ, group scales included"),
        new("Q3_K_M", 3.91m, "GGUF, llama.cpp"),
        new("Q2_K", 3.35m, "GGUF, llama.cpp"),
    ];

    /// <summary>Finds a level by name, ignoring case; "f16" and "bf16" mean fp16.</summary>
    public static QuantLevel? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim();
        if (wanted.Equals("f16", StringComparison.OrdinalIgnoreCase) || wanted.Equals("bf16", StringComparison.OrdinalIgnoreCase))
        {
            wanted = "fp16";
        }

        return All.FirstOrDefault(q => q.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }
}
