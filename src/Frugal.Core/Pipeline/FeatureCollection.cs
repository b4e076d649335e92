using System.Runtime.CompilerServices;

namespace Frugal.Core.Pipeline;

/// <summary>
/// What the stages know about one request, by type: each stage sets the small sealed feature class it owns
/// (declared in its own folder, with a comment saying who sets it, when, and who reads it) and reads the features
/// of stages outside it. The same idea as ASP.NET Core's <c>HttpContext.Features</c> and YARP's
/// <c>IReverseProxyFeature</c>, but without a dictionary: <see cref="FeatureSlot{T}"/> gives every feature type a
/// fixed index into a small array, so <see cref="Get{T}"/> is an index and a cast.
/// <para>
/// A request goes through the stages one at a time (a stream's chunks and its completion follow each other), so the
/// collection needs no lock; a feature shared with a background task must guard itself.
/// </para>
/// </summary>
public sealed class FeatureCollection
{
    private object?[] _slots = [];

    /// <summary>The feature of type <typeparamref name="T"/>, or null when no stage has set one.</summary>
    public T? Get<T>()
        where T : class
    {
        var index = FeatureSlot<T>.Index;
        var slots = _slots;
        return (uint)index < (uint)slots.Length ? Unsafe.As<T>(slots[index]) : null;
    }

    /// <summary>Sets (or with null removes) the feature of type <typeparamref name="T"/>.</summary>
    public void Set<T>(T? value)
        where T : class
    {
        var index = FeatureSlot<T>.Index;
        if ((uint)index >= (uint)_slots.Length)
        {
            if (value is null)
            {
                return;
            }

            Array.Resize(ref _slots, Math.Max(index + 1, FeatureSlot.Count));
        }

        _slots[index] = value;
    }

    /// <summary>The feature of type <typeparamref name="T"/>, created (and set) on first use.</summary>
    public T GetOrAdd<T>()
        where T : class, new()
    {
        if (Get<T>() is { } existing)
        {
            return existing;
        }

        var created = new T();
        Set(created);
        return created;
    }

    /// <summary>Every feature set, in slot order; for hooks that apply whatever features implement an interface.</summary>
    public Enumerator GetEnumerator() => new(_slots);

    /// <summary>Walks the set slots without allocating.</summary>
    public struct Enumerator(object?[] slots)
    {
        private int _index = -1;

        public readonly object Current => slots[_index]!;

        public bool MoveNext()
        {
            while (++_index < slots.Length)
            {
                if (slots[_index] is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
