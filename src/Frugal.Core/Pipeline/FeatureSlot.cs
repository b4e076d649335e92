namespace Frugal.Core.Pipeline;

/// <summary>
/// The slot of one feature type in every <see cref="FeatureCollection"/>: a number handed out once per type,
/// the first time the type is used, so a lookup is an array index (no dictionary, no hashing, no allocation).
/// </summary>
internal static class FeatureSlot
{
    private static int _next = -1;

    /// <summary>How many feature types have a slot so far: the size a collection grows to on its first set.</summary>
    public static int Count => Volatile.Read(ref _next) + 1;

    public static int Next() => Interlocked.Increment(ref _next);
}

/// <summary>The slot of <typeparamref name="T"/> (assigned by the runtime's one-time static initialisation).</summary>
internal static class FeatureSlot<T>
    where T : class
{
    public static readonly int Index = FeatureSlot.Next();
}
