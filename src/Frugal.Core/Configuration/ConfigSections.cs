namespace Frugal.Core.Configuration;

/// <summary>
/// The typed sections of one <see cref="GatewayConfig"/>: an array indexed by a slot number given to
/// each section type once per process, so <see cref="GatewayConfig.Section{T}"/> is a field read and
/// an array index (features read sections per request). Immutable: setting one copies the array.
/// </summary>
internal sealed class ConfigSections
{
    private static readonly Dictionary<Type, int> Slots = [];
    private readonly object?[] _values;

    private ConfigSections(object?[] values) => _values = values;

    public static ConfigSections Empty { get; } = new([]);

    public T? Get<T>()
        where T : class
    {
        var slot = Slot<T>.Index;
        return (uint)slot < (uint)_values.Length ? (T?)_values[slot] : null;
    }

    public ConfigSections With<T>(T value)
        where T : class
    {
        var slot = Slot<T>.Index;
        var values = new object?[Math.Max(_values.Length, slot + 1)];
        _values.CopyTo(values, 0);
        values[slot] = value;
        return new ConfigSections(values);
    }

    private static int SlotOf(Type type)
    {
        lock (Slots)
        {
            if (!Slots.TryGetValue(type, out var slot))
            {
                slot = Slots.Count;
                Slots.Add(type, slot);
            }

            return slot;
        }
    }

    private static class Slot<T>
    {
        public static readonly int Index = SlotOf(typeof(T));
    }

    /// <summary>One default instance per section type, for a config that never read that section (built in code).</summary>
    public static class Default<T>
        where T : class, new()
    {
        public static readonly T Value = new();
    }
}
