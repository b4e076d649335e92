using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Hosting;

/// <summary>
/// The deployment files under deploy/: no container engine or linter runs in CI, so these check what can be checked
/// without one — the keys each file must have, and that the configs they ship are valid frugal.json files.
/// </summary>
public sealed class DeployFilesTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(RepoRoot.Path, "deploy", name));

    [Fact]
    public void The_Containerfile_is_multi_stage_non_root_with_a_data_volume_a_healthcheck_and_port_8080()
    {
        var file = Read("Containerfile");
        Assert.Equal(2, file.Split('\n').Count(line => line.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains("AS build", file, StringComparison.Ordinal);
        Assert.Contains("USER 1654", file, StringComparison.Ordinal);
        Assert.Contains("VOLUME [\"/data\"]", file, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080", file, StringComparison.Ordinal);
        Assert.Contains("FRUGAL_URLS=http://0.0.0.0:8080", file, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", file, StringComparison.Ordinal);
        Assert.Contains("GET /healthz", file, StringComparison.Ordinal);
        Assert.Contains("deploy/publish.sh", file, StringComparison.Ordinal);
    }

    [Fact]
    public void The_compose_file_runs_frugal_with_redis_a_volume_and_a_readiness_healthcheck()
    {
        var file = Read("compose.yaml");
        Assert.DoesNotContain('\t', file); // YAML forbids tabs for indentation
        foreach (var expected in new[] { "services:", "  frugal:", "  redis:", "- \"8080:8080\"", "- frugal-data:/data", "GET /readyz", "condition: service_healthy", "dockerfile: deploy/Containerfile", "stop_signal: SIGTERM" })
        {
            Assert.Contains(expected, file, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(RepoRoot.Path, "deploy", "frugal.compose.json")));
    }

    [Fact]
    public void The_compose_file_avoids_what_podman_compose_1_0_3_gets_wrong()
    {
        // Both broke a real `podman-compose up` (deploy/container-test.sh): "${VAR:-}" reached the container as that
        // literal text, and a ["CMD", ...] health check whose arguments hold quotes was re-quoted into a failing one.
        var file = Read("compose.yaml");
        var settings = file.Split('\n').Where(line => !line.TrimStart().StartsWith('#'));
        Assert.DoesNotContain(settings, line => line.Contains(":-}", StringComparison.Ordinal));
        Assert.Contains("      test: 'bash -c ''exec 3<>/dev/tcp/127.0.0.1/8080", file, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_build_keeps_host_build_output_out_and_audits_packages_by_default()
    {
        var ignored = Read("Containerfile.dockerignore").Split('\n', StringSplitOptions.TrimEntries);
        foreach (var pattern in new[] { "**/bin", "**/obj", "artifacts", ".git" })
        {
            Assert.Contains(pattern, ignored);
        }

        Assert.DoesNotContain("deploy/publish.sh", ignored);
        Assert.DoesNotContain("deploy/frugal.container.json", ignored);
        Assert.Contains("ARG NUGET_AUDIT=true", Read("Containerfile"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_systemd_unit_has_user_state_directory_restart_reload_and_hardening()
    {
        var file = Read("frugal.service");
        foreach (var key in new[] { "[Unit]", "[Service]", "[Install]", "User=", "StateDirectory=frugal", "Restart=on-failure", "ExecReload=/bin/kill -HUP $MAINPID", "ExecStart=", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "KillSignal=SIGTERM" })
        {
            Assert.Contains(key, file, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("frugal.container.json")]
    [InlineData("frugal.compose.json")]
    public void The_shipped_configs_are_valid(string name)
    {
        var loaded = ConfigLoader.Parse(Read(name), name);
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        Assert.Equal("/data", loaded.Config!.DataDir);
    }
}
