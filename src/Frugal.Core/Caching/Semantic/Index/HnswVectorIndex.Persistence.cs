using System.Runtime.InteropServices;
using System.Text;

namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>Binary save/load of the graph as it is (tombstones included), so a loaded index answers exactly as the saved one.</summary>
public sealed partial class HnswVectorIndex
{
    private const uint Magic = 0x53484346; // "FCHS"
    private const int FormatVersion = 1;

    /// <summary>
    /// Writes header, per-node id/level/tombstone, the vectors, then the links. Numbers are
    /// little-endian (the layout of every platform .NET runs the gateway on).
    /// </summary>
    public void Save(Stream stream)
    {
        _lock.EnterReadLock();
        try
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Dimensions);
            writer.Write(M);
            writer.Write(EfConstruction);
            writer.Write(EfSearch);
            writer.Write(Seed);
            writer.Write(_levelDraws);
            writer.Write(_nodeCount);
            writer.Write(_entryPoint);
            writer.Write(_maxLevel);
            for (var node = 0; node < _nodeCount; node++)
            {
                writer.Write(_ids[node]);
                writer.Write(_levels[node]);
                writer.Write(_deleted[node]);
            }

            writer.Write(MemoryMarshal.AsBytes(_vectors.AsSpan(0, _nodeCount * Dimensions)));
            writer.Write(MemoryMarshal.AsBytes(_links0.AsSpan(0, _nodeCount * (_maxLinks0 + 1))));
            for (var node = 0; node < _nodeCount; node++)
            {
                if (_upperLinks[node] is { } upper)
                {
                    writer.Write(MemoryMarshal.AsBytes(upper.AsSpan()));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public static HnswVectorIndex Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not an HNSW vector index (or a newer format).");
        }

        var dimensions = reader.ReadInt32();
        var m = reader.ReadInt32();
        var efConstruction = reader.ReadInt32();
        var efSearch = reader.ReadInt32();
        var seed = reader.ReadInt32();
        var draws = reader.ReadInt64();
        var nodes = reader.ReadInt32();
        var entry = reader.ReadInt32();
        var maxLevel = reader.ReadInt32();
        if (dimensions < 1 || m < 2 || nodes < 0 || entry >= nodes || draws < nodes)
        {
            throw new InvalidDataException("Corrupt HNSW vector index header.");
        }

        var index = new HnswVectorIndex(dimensions, m, efConstruction, efSearch, seed, nodes);
        for (var node = 0; node < nodes; node++)
        {
            var id = reader.ReadInt64();
            var level = reader.ReadInt32();
            var deleted = reader.ReadBoolean();
            if (level < 0 || level > 64)
            {
                throw new InvalidDataException("Corrupt HNSW node level.");
            }

            index._ids[node] = id;
            index._levels[node] = level;
            index._deleted[node] = deleted;
            index._upperLinks[node] = level > 0 ? new int[level * (m + 1)] : null;
            index._upperLinkBytes += UpperLinkBytes(level, m);
            if (!deleted)
            {
                index._nodeById[id] = node;
            }
        }

        stream.ReadExactly(MemoryMarshal.AsBytes(index._vectors.AsSpan(0, nodes * dimensions)));
        stream.ReadExactly(MemoryMarshal.AsBytes(index._links0.AsSpan(0, nodes * (index._maxLinks0 + 1))));
        for (var node = 0; node < nodes; node++)
        {
            if (index._upperLinks[node] is { } upper)
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(upper.AsSpan()));
            }
        }

        // Replay the level draws so inserts after a load build the graph an uninterrupted run would.
        for (var i = 0L; i < draws; i++)
        {
            index._random.NextDouble();
        }

        index._levelDraws = draws;
        index._nodeCount = nodes;
        index._liveCount = index._nodeById.Count;
        index._entryPoint = entry;
        index._maxLevel = maxLevel;
        index.ValidateLinks();
        return index;
    }

    // A corrupt file must fail here, not with an IndexOutOfRangeException inside a later search.
    private void ValidateLinks()
    {
        for (var node = 0; node < _nodeCount; node++)
        {
            for (var level = 0; level <= _levels[node]; level++)
            {
                var links = Links(node, level);
                if (links[0] < 0 || links[0] >= links.Length)
                {
                    throw new InvalidDataException("Corrupt HNSW link count.");
                }

                for (var i = 1; i <= links[0]; i++)
                {
                    if ((uint)links[i] >= (uint)_nodeCount)
                    {
                        throw new InvalidDataException("Corrupt HNSW link.");
                    }
                }
            }
        }
    }
}
