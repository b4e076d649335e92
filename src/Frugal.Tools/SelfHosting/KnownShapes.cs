namespace Frugal.Tools.SelfHosting;

/// <summary>
/// Published shapes of common dense models (from each model's config.json: num_hidden_layers,
/// num_key_value_heads, head_dim or hidden_size / num_attention_heads). Mixture-of-experts models
/// are out of scope: their parameter count says little about their attention.
/// </summary>
public static class KnownShapes
{
    public static IReadOnlyList<ModelShape> All { get; } =
    [
        new("Qwen2.5 0.5B", 0.49e9m, 24, 2, 64),
        new("Llama 3.2 1B", 1.24e9m, 16, 8, 64),
        new("Qwen2.5 1.5B", 1.54e9m, 28, 2, 128),
        new("Qwen2.5 3B", 3.09e9m, 36, 2, 128),
        new("Llama 3.2 3B", 3.21e9m, 28, 8, 128),
        new("Mistral 7B", 7.24e9m, 32, 8, 128),
        new("Qwen2.5 7B", 7.62e9m, 28, 4, 128),
        new("Llama 3.1 8B", 8.03e9m, 32, 8, 128),
        new("Qwen2.5 14B", 14.7e9m, 48, 8, 128),
        new("Qwen2.5 32B", 32.5e9m, 64, 8, 128),
        new("Llama 3.1 70B", 70.6e9m, 80, 8, 128),
        new("Qwen2.5 72B", 72.7e9m, 80, 8, 128),
        new("Llama 3.1 405B", 405.9e9m, 126, 8, 128),
    ];

    /// <summary>
    /// The known model nearest in size, by ratio rather than difference (13B is nearer 14.7B than 8B),
    /// so that an "8B" or "70B" gets the shape of the model it almost certainly is.
    /// </summary>
    public static ModelShape Nearest(decimal parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameters);
        var target = Math.Log((double)parameters);
        return All.MinBy(shape => Math.Abs(Math.Log((double)shape.Parameters) - target))!;
    }
}
