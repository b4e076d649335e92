namespace Frugal.Tools.SelfHosting;

/// <summary>How the KV cache stores each key and value element.</summary>
public sealed record KvCacheFormat(string Name, decimal BytesPerElement)
{
    public static KvCacheFormat Fp16 { get; } = new("fp16", 2m);

    /// <summary>llama.cpp's q8_0: blocks of 32 int8 values plus one fp16 scale = 34 bytes per 32 elements.</summary>
    public static KvCacheFormat Q8_0 { get; } = new("q8_0", 34m / 32m);

    /// <summary>llama.cpp's q4_0: blocks of 32 4-bit values plus one fp16 scale = 18 bytes per 32 elements.</summary>
    public static KvCacheFormat Q4_0 { get; } = new("q4_0", 18m / 32m);

    public static IReadOnlyList<KvCacheFormat> All { get; } = [Fp16, Q8_0, Q4_0];

    /// <summary>Finds a format by name, ignoring case; "f16" and "bf16" mean fp16.</summary>
    public static KvCacheFormat? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim();
        if (wanted.Equals("f16", StringComparison.OrdinalIgnoreCase) || wanted.Equals("bf16", StringComparison.OrdinalIgnoreCase))
        {
            return Fp16;
        }

        return All.FirstOrDefault(f => f.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }
}
