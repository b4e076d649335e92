using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Providers.Kinds;

/// <summary><c>frugal config validate</c> checks a provider's kind against the same registrations as <c>frugal serve</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProviderKindValidateCommandTests
{
    [Fact]
    public async Task Config_validate_names_an_unknown_kind_with_its_path_and_the_known_kinds()
    {
        var path = Path.Combine(Path.GetTempPath(), $"frugal-kind-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"providers":{"gem":{"kind":"gemini","baseUrl":"http://127.0.0.1:1"}}}""");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("config", "validate", "--config", path);

            Assert.Equal(1, code);
            Assert.Contains("$.providers.gem.kind: 'gemini' is not one of: openai, anthropic", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
