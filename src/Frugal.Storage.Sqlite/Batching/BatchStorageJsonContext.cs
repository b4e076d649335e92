using System.Text.Json.Serialization;

namespace Frugal.Storage.Sqlite.Batching;

/// <summary>The JSON columns of batches.db (tags, metadata), source-generated.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class BatchStorageJsonContext : JsonSerializerContext;
