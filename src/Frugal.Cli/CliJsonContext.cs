using System.Text.Json.Serialization;

namespace Frugal.Cli;

[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
