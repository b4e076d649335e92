using System.Globalization;

namespace Frugal.Tests.Dashboard;

/// <summary>A small parser of the Prometheus text format, enough to check /metrics values in tests.</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    Types[line.Split(' ')[2]] = line.Split(' ')[3];
                }

                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0)
            {
                var body = line[(brace + 1)..line.LastIndexOf('}')];
                var i = 0;
                while (i < body.Length)
                {
                    var eq = body.IndexOf('=', i);
                    var key = body[i..eq];
                    var value = new System.Text.StringBuilder();
                    var j = eq + 2; // past ="
                    for (; body[j] != '"'; j++)
                    {
                        if (body[j] == '\\')
                        {
                            j++;
                            value.Append(body[j] == 'n' ? '\n' : body[j]);
                        }
                        else
                        {
                            value.Append(body[j]);
                        }
                    }

                    labels[key] = value.ToString();
                    i = j + 2; // past ",
                }
            }

            _samples.Add((name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }
    }

    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Sum of the samples named <paramref name="name"/> whose labels include every given pair.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels)
        => _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => _samples.Any(s => s.Name == name);
}
