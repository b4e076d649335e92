using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Frugal.Core.PromptCache;

/// <summary>
/// A running 64-bit hash of a prompt prefix, eight bytes a step (a 4k-token prompt is ~16 KB, hashed in a few
/// microseconds). Not persisted across versions: learnt prefix state is soft (a changed hash only restarts learning).
/// Not cryptographic; keys built from it also carry the tenant, so one tenant cannot probe another's prefixes.
/// </summary>
public struct PrefixHasher
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;

    private ulong _state;
    private long _length;

    public PrefixHasher(ulong seed) => _state = seed ^ Prime2;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        _length += bytes.Length;
        var state = _state;
        while (bytes.Length >= 8)
        {
            state = Round(state, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        if (!bytes.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                tail |= (ulong)bytes[i] << (8 * i);
            }

            state = Round(state, tail ^ ((ulong)bytes.Length << 56));
        }

        _state = state;
    }

    public void Add(ReadOnlySpan<char> text) => Add(MemoryMarshal.AsBytes(text));

    /// <summary>A separator between fields, so ("ab","c") and ("a","bc") differ.</summary>
    public void Mark(byte marker) => _state = Round(_state, 0xFF00FF00FF00FF00UL ^ marker);

    /// <summary>The hash of everything added so far; adding more afterwards continues the same prefix.</summary>
    public readonly ulong Current
    {
        get
        {
            var hash = _state ^ (ulong)_length;
            hash ^= hash >> 33;
            hash *= 0xff51afd7ed558ccd;
            hash ^= hash >> 33;
            hash *= 0xc4ceb9fe1a85ec53;
            hash ^= hash >> 33;
            return hash;
        }
    }

    private static ulong Round(ulong state, ulong value) => BitOperations.RotateLeft(state ^ (value * Prime2), 31) * Prime1;
}
