using System.Collections;

namespace Frugal.Server.Configuration;

/// <summary>The process's environment variables as a dictionary (read once per config load, never per request).</summary>
public static class ProcessEnvironment
{
    public static IReadOnlyDictionary<string, string> Read()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
