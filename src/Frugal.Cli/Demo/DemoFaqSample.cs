using Frugal.Tools.Caching;

namespace Frugal.Cli.Demo;

/// <summary>
/// The FAQ traffic of <c>frugal demo</c>: 300 real customer questions from Banking77 (25 paraphrases for each of 12
/// intents, <c>samples/banking77/demo-faq.csv</c>, CC BY 4.0), built into the CLI so the demo works from a clone.
/// </summary>
public static class DemoFaqSample
{
    private const string ResourceName = "Frugal.Cli.Demo.demo-faq.csv";

    public static IReadOnlyList<LabelledText> Load()
    {
        using var stream = typeof(DemoFaqSample).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The demo's FAQ sample '{ResourceName}' is missing from the CLI assembly.");
        using var reader = new StreamReader(stream);
        return LabelledCsv.Read(reader, "text", "category", "samples/banking77/demo-faq.csv");
    }
}
