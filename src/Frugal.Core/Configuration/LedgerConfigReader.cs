using System.Text.Json;
using Frugal.Core.Accounting.Ledger;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.LedgerConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>ledger</c> section: <c>{"maxBatchSize", "queueCapacity", "storeBodies", "commitBeforeAnswer"}</c>.</summary>
public sealed class LedgerConfigReader : ConfigSectionReader<LedgerOptions>
{
    public override IReadOnlyList<string> Keys => ["ledger"];

    public override LedgerOptions Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["maxBatchSize", "queueCapacity", "storeBodies", "commitBeforeAnswer"];

    public static LedgerOptions Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.ledger";
        var defaults = new LedgerOptions();
        if (!reader.TryGetSection(root, "ledger", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        return defaults with
        {
            MaxBatchSize = (int)(reader.Integer(section, "maxBatchSize", path, 1, 100_000) ?? defaults.MaxBatchSize),
            QueueCapacity = (int)(reader.Integer(section, "queueCapacity", path, 100, 10_000_000) ?? defaults.QueueCapacity),
            StoreBodies = reader.Boolean(section, "storeBodies", path) ?? defaults.StoreBodies,
            CommitBeforeAnswer = reader.Boolean(section, "commitBeforeAnswer", path) ?? defaults.CommitBeforeAnswer,
        };
    }
}
