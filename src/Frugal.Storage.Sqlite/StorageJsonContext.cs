using System.Text.Json.Serialization;

namespace Frugal.Storage.Sqlite;

[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
