namespace Frugal.Core.Configuration;

/// <summary>
/// How a secret setting names where its value lives: <c>"env:NAME"</c>, <c>"file:PATH"</c>, or the value itself
/// (a literal in the file or an environment override). Read by <see cref="JsonConfigReader.Secret"/>.
/// </summary>
public static class SecretReference
{
    public const string EnvPrefix = "env:";
    public const string FilePrefix = "file:";

    /// <summary>The origin recorded for a secret written as its value.</summary>
    public const string Literal = "literal";

    /// <summary>What a secret is shown as anywhere the configuration is printed.</summary>
    public const string Mask = "***";

    /// <summary>A mounted secret's text without the trailing newline editors and <c>echo</c> add.</summary>
    public static bool TryReadFile(string path, out string content)
    {
        try
        {
            content = File.ReadAllText(path).TrimEnd('\r', '\n');
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            content = string.Empty;
            return false;
        }
    }
}
