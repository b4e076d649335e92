using Frugal.Core.Configuration.Sources;
using Frugal.Server;

namespace Frugal.Tests.Configuration;

/// <summary>A config file in a temporary folder, loaded with an explicit environment (never the test process's own).</summary>
internal sealed class ConfigFixture : IDisposable
{
    public const string MockProvider = """{ "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } } }""";

    public ConfigFixture(string json = MockProvider)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(FilePath, json);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "frugal-config-tests", Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(Folder, "frugal.json");

    public EffectiveConfig Load(params (string Name, string Value)[] environment)
        => ConfigLoader.Schema.LoadEffective(FilePath, environment.ToDictionary(e => e.Name, e => e.Value));

    public string WriteSecret(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}
