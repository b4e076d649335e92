namespace Frugal.Tools.SelfHosting;

/// <summary>
/// A model to size: its parameter count, the weight format, and how much context it must hold.
/// Null architecture fields are taken from the nearest known model (<see cref="KnownShapes"/>).
/// </summary>
public sealed record HardwareInput
{
    public required decimal Parameters { get; init; }

    /// <summary>Null: estimate every level in <see cref="QuantTable.All"/>.</summary>
    public QuantLevel? Quant { get; init; }

    /// <summary>Tokens per sequence the KV cache must hold (prompt + completion).</summary>
    public int Context { get; init; } = 4096;

    /// <summary>Sequences served at once, each with its own full-context KV cache.</summary>
    public int Batch { get; init; } = 1;

    public int? Layers { get; init; }

    public int? KvHeads { get; init; }

    public int? HeadDim { get; init; }

    public KvCacheFormat KvCache { get; init; } = KvCacheFormat.Fp16;
}
