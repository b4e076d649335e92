using System.Text.Json;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Batching.BatchesConfigReader))]

namespace Frugal.Core.Batching;

/// <summary>
/// Reads the optional <c>batches</c> section: <c>{"maxLines", "maxFileBytes", "concurrency", "retry", "maxTries",
/// "pollSeconds", "maxPollSeconds", "tickMilliseconds"}</c>. The file limits can only be lowered from OpenAI's.
/// </summary>
public sealed class BatchesConfigReader : ConfigSectionReader<BatchesConfig>
{
    private static readonly string[] SectionKeys = ["maxLines", "maxFileBytes", "concurrency", "retry", "maxTries", "pollSeconds", "maxPollSeconds", "tickMilliseconds"];

    private static readonly Dictionary<string, BatchRetryPolicy> RetryNames = new(StringComparer.Ordinal)
    {
        ["batch"] = BatchRetryPolicy.Batch,
        ["synchronous"] = BatchRetryPolicy.Synchronous,
        ["none"] = BatchRetryPolicy.None,
    };

    public override IReadOnlyList<string> Keys => ["batches"];

    public override BatchesConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    public static BatchesConfig Read(JsonElement root, JsonConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string path = "$.batches";
        var defaults = new BatchesConfig();
        if (!reader.TryGetSection(root, "batches", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var poll = reader.Decimal(section, "pollSeconds", path, 0.01m, 86_400m);
        var maxPoll = reader.Decimal(section, "maxPollSeconds", path, 0.01m, 86_400m);
        var tick = reader.Integer(section, "tickMilliseconds", path, 10, 60_000);
        return defaults with
        {
            MaxLines = (int)(reader.Integer(section, "maxLines", path, 1, BatchesConfig.MaxLinesCeiling) ?? defaults.MaxLines),
            MaxFileBytes = reader.Integer(section, "maxFileBytes", path, 1, BatchesConfig.MaxFileBytesCeiling) ?? defaults.MaxFileBytes,
            Concurrency = (int)(reader.Integer(section, "concurrency", path, 1, 256) ?? defaults.Concurrency),
            Retry = reader.Enum(section, "retry", path, RetryNames) ?? defaults.Retry,
            MaxTries = (int)(reader.Integer(section, "maxTries", path, 1, 10) ?? defaults.MaxTries),
            PollInterval = poll is { } p ? TimeSpan.FromSeconds((double)p) : defaults.PollInterval,
            MaxPollInterval = maxPoll is { } m ? TimeSpan.FromSeconds((double)m) : defaults.MaxPollInterval,
            TickInterval = tick is { } t ? TimeSpan.FromMilliseconds(t) : defaults.TickInterval,
        };
    }
}
