using Frugal.Core.Configuration;

[assembly: ConfigSectionReader(typeof(Frugal.Tests.Core.ConfigSections.WidgetsConfigReader))]

namespace Frugal.Tests.Core.ConfigSections;

/// <summary>The reader a new feature writes for its section: keys, what it checks against, and the reading.</summary>
public sealed class WidgetsConfigReader : ConfigSectionReader<WidgetsConfig>
{
    private static readonly string[] SectionKeys = ["size", "model"];

    public override IReadOnlyList<string> Keys => ["widgets"];

    public override IReadOnlyList<string> ReadsAfter => ["models"];

    public override WidgetsConfig Read(ConfigReadContext context)
    {
        const string path = "$.widgets";
        var reader = context.Reader;
        var defaults = new WidgetsConfig();
        if (!reader.TryGetSection(context.Root, "widgets", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var model = reader.String(section, "model", path);
        if (model is not null && !context.Config.Models.ContainsKey(model))
        {
            reader.Report(JsonConfigReader.Child(path, "model"), $"unknown model '{model}'");
        }

        return defaults with
        {
            Size = (int)(reader.Integer(section, "size", path, 1, 100) ?? defaults.Size),
            Model = model,
        };
    }
}
