using Frugal.Core.Configuration;

[assembly: ConfigSectionReader(typeof(Frugal.Server.Hosting.TlsConfigReader))]

namespace Frugal.Server.Hosting;

/// <summary>Reads <c>"tls": {"certificate", "key", "passwordEnv", "passwordFile"}</c>; the files are opened at start (<see cref="TlsCertificates"/>).</summary>
public sealed class TlsConfigReader : ConfigSectionReader<TlsConfig>
{
    private static readonly string[] SectionKeys = ["certificate", "key", "passwordEnv", "passwordFile"];

    public override IReadOnlyList<string> Keys => ["tls"];

    public override TlsConfig Read(ConfigReadContext context)
    {
        const string path = "$.tls";
        var reader = context.Reader;
        if (!reader.TryGetSection(context.Root, "tls", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return new TlsConfig();
        }

        var config = new TlsConfig
        {
            Certificate = reader.String(section, "certificate", path, required: true),
            Key = reader.String(section, "key", path),
            PasswordEnv = reader.String(section, "passwordEnv", path),
            PasswordFile = reader.String(section, "passwordFile", path),
        };
        if (config.PasswordEnv is not null && config.PasswordFile is not null)
        {
            reader.Report(path, "set passwordEnv or passwordFile, not both");
        }

        return config;
    }
}
